import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.scss';

/** The greeting at the top of a home: who is here and in which role. */
export default function PageHello(props: { id?: string; title: ReactNode; sub: ReactNode }) {
  return (
    <View className="page-hello" id={props.id}>
      <Text className="page-hello__title">{props.title}</Text>
      <Text className="page-hello__sub">{props.sub}</Text>
    </View>
  );
}
