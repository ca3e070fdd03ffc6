import { Text, View } from '@tarojs/components';
import type { RequestDetail, Role } from '@linli/shared';
import { useNow } from '../../hooks/useNow';
import { callbackNotice } from '../../utils/callback-notice';
import './index.scss';

/** The line about rating and the phone callback above the actions (utils/callback-notice.ts says what). */
export default function CallbackNotice(props: { detail: RequestDetail; role: Role; cameToRate: boolean }) {
  // The desk's countdown moves; re-read the clock every 30 s.
  useNow(30_000);
  const notice = callbackNotice(props.detail, props.role, Date.now(), props.cameToRate);
  if (!notice) return null;
  return (
    <View className={`callback-notice callback-notice--${notice.tone}`} id={notice.id}>
      <Text>{notice.text}</Text>
    </View>
  );
}
