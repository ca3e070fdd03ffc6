import { Text, View } from '@tarojs/components';
import type { RequestKind } from '@linli/shared';
import './index.scss';

/** 我要办事 (`#entry-<kind>`): the same three entries on a resident's home and a guest's. */
export const ENTRIES: { kind: RequestKind; icon: string; name: string; desc: string }[] = [
  { kind: 'repair', icon: '修', name: '报修', desc: '家里或公共区域坏了，拍照报修，预约上门' },
  { kind: 'complaint', icon: '诉', name: '投诉', desc: '对物业服务不满意？告诉我们，全程可查进度' },
  { kind: 'suggestion', icon: '议', name: '建议/咨询', desc: '意见、建议或想问的问题' },
];

export default function RequestEntries(props: {
  onOpen: (kind: RequestKind) => void;
  /** The line under each name (e.g. what is missing before one can file); the entry's own by default. */
  hint?: (kind: RequestKind) => string | null;
}) {
  return (
    <View className="card" id="home-entries">
      <View className="card__title">
        <Text>我要办事</Text>
      </View>
      {ENTRIES.map((entry) => (
        <View key={entry.kind} className="entry" id={`entry-${entry.kind}`} onClick={() => props.onOpen(entry.kind)}>
          <View className={`entry__icon entry__icon--${entry.kind}`}>{entry.icon}</View>
          <View className="entry__body">
            <Text className="entry__name">{entry.name}</Text>
            <Text className="entry__desc">{props.hint?.(entry.kind) ?? entry.desc}</Text>
          </View>
          <Text className="entry__arrow">›</Text>
        </View>
      ))}
    </View>
  );
}
