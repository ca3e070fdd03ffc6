import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import './index.scss';

/**
 * A form's primary action, pinned to the bottom of the screen above the home indicator, so the
 * thumb finds it wherever the form is scrolled. It brings its own spacer into the page's flow:
 * the page's last field can always scroll out from under it, and no page has to remember a padding.
 */
export default function FormFooter({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <>
      <View className="form-footer__spacer" />
      <View className="form-footer" id={id}>
        <View className="form-footer__inner">{children}</View>
      </View>
    </>
  );
}
