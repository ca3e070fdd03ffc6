import { Text, View } from '@tarojs/components';
import { formatShanghaiTime, type DeadlineView } from '@linli/shared';
import { useNow } from '../../hooks/useNow';
import { liveDeadline, stepLabel } from '../../utils/deadlines';
import SoftTag from '../SoftTag';
import './index.scss';

/** Countdowns change by the minute; every tag on screen shares this one clock. */
const TICK_MS = 60_000;

/** One limit's live tag (`#<id>`, `data-state`): 剩 … / 即将超时 · 剩 … / 已超时 … / 按时完成 / 超时完成. */
export function DeadlineTag({ id, deadline }: { id: string; deadline: DeadlineView }) {
  const now = useNow(TICK_MS);
  const live = liveDeadline(deadline, now);
  return (
    <View className="deadline-tag" id={id} data-state={live.state} data-step={deadline.step}>
      <SoftTag tone={live.tone}>{live.text}</SoftTag>
    </View>
  );
}

function DeadlineRow({ deadline }: { deadline: DeadlineView }) {
  const now = useNow(TICK_MS);
  const live = liveDeadline(deadline, now);
  return (
    <View className="deadline-row" id={`deadline-${deadline.step}`} data-state={live.state}>
      <View className="deadline-row__main">
        <Text className="deadline-row__step">{stepLabel(deadline)}</Text>
        <Text className="muted" id={`deadline-${deadline.step}-due`}>
          期限 {formatShanghaiTime(deadline.dueAt)}
        </Text>
        {deadline.doneAt ? (
          <Text className="muted" id={`deadline-${deadline.step}-done`}>
            完成于 {formatShanghaiTime(deadline.doneAt)}
          </Text>
        ) : null}
      </View>
      <View className="deadline-row__state" id={`deadline-${deadline.step}-state`}>
        <SoftTag tone={live.tone}>{live.text}</SoftTag>
      </View>
    </View>
  );
}

/** 时限: every limit of the request, kept or not (hidden when none applies). */
export default function DeadlinesCard({ deadlines }: { deadlines: DeadlineView[] | undefined }) {
  if (!deadlines || deadlines.length === 0) return null;
  return (
    <View className="card" id="detail-deadlines">
      <View className="card__title">
        <Text>时限</Text>
      </View>
      {deadlines.map((deadline, index) => (
        <DeadlineRow key={`${deadline.step}-${index}`} deadline={deadline} />
      ))}
    </View>
  );
}
