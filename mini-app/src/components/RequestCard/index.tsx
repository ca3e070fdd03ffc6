import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { KIND_LABELS, formatShanghaiTime, type RequestSummary } from '@linli/shared';
import { useNow } from '../../hooks/useNow';
import { liveDeadline, shownOnCard, stepLabel } from '../../utils/deadlines';
import { DeadlineTag } from '../Deadlines';
import SoftTag from '../SoftTag';
import StatusTag from '../StatusTag';
import './index.scss';

const TICK_MS = 30_000;

/** 已超时 / 即将超时 as of now (the server's state is only true when it answered). */
function DueMark({ id, item }: { id: string; item: RequestSummary }) {
  const now = useNow(TICK_MS);
  if (!item.deadline || item.deadline.doneAt) return null;
  const { state } = liveDeadline(item.deadline, now);
  if (state !== 'overdue' && state !== 'nearing') return null;
  return (
    <View id={id} data-state={state} className="request-item__mark">
      <SoftTag tone={state === 'overdue' ? 'red' : 'orange'}>{state === 'overdue' ? '已超时' : '即将超时'}</SoftTag>
    </View>
  );
}

/** What the staff should see first: an urgent repair, a second round, the resident's urges, a limit past or near. */
function Marks({ id, item }: { id: string; item: RequestSummary }) {
  const round = item.round ?? 1;
  const urges = item.urgeCount ?? 0;
  return (
    <View className="request-item__marks" id={`${id}-marks`}>
      {item.urgent ? (
        <View id={`${id}-urgent`} className="request-item__mark">
          <SoftTag tone="red">急修</SoftTag>
        </View>
      ) : null}
      {round > 1 ? (
        <View id={`${id}-round`} data-round={round} className="request-item__mark">
          <SoftTag tone="blue">第 {round} 次处理</SoftTag>
        </View>
      ) : null}
      {urges > 0 ? (
        <View id={`${id}-urged`} data-urges={urges} className="request-item__mark">
          <SoftTag tone="orange">已催办 ×{urges}</SoftTag>
        </View>
      ) : null}
      {item.contentFlagged ? (
        <View id={`${id}-content-flag`} className="request-item__mark">
          <SoftTag tone="orange">内容待复核</SoftTag>
        </View>
      ) : null}
      <DueMark id={`${id}-due`} item={item} />
    </View>
  );
}

/**
 * One request in a list (`#<idPrefix>-<id>`, `data-number`, `data-status`) with the time limit
 * that matters now (`#<idPrefix>-<id>-deadline`, `data-state`) while it runs. Staff lists mark
 * 急修 (`-urgent`), 第 N 次处理 (`-round`), 已催办 ×N (`-urged`), 内容待复核 (`-content-flag`: WeChat's
 * content check asked for a look) and 已超时 / 即将超时 (`-due`, `data-state`).
 */
export default function RequestCard(props: {
  idPrefix: string;
  item: RequestSummary;
  onClick: () => void;
  /** Staff-side lists show room, department and handler. */
  staffView?: boolean;
  footer?: ReactNode;
}) {
  const { idPrefix, item, onClick, staffView, footer } = props;
  return (
    <View
      id={`${idPrefix}-${item.id}`}
      data-number={item.number}
      data-status={item.status}
      className="card request-item"
      onClick={onClick}
    >
      <View className="request-item__head">
        <Text className="request-item__number">{item.number}</Text>
        <StatusTag status={item.status} />
      </View>
      <Text className="request-item__category">
        {KIND_LABELS[item.kind] ?? item.kind} · {item.categoryName}
        {staffView && item.grade ? ` · ${item.grade}级` : ''}
      </Text>
      <Text className="request-item__preview">{item.contentPreview}</Text>
      {staffView ? <Marks id={`${idPrefix}-${item.id}`} item={item} /> : null}
      {staffView ? (
        <Text className="muted request-item__meta">
          {item.roomLabel ?? '公共区域'}
          {item.departmentName ? ` · ${item.departmentName}` : ''}
          {item.assigneeName ? ` · ${item.assigneeName}` : ''}
        </Text>
      ) : null}
      <View className="request-item__foot">
        <Text className="muted request-item__time">
          {formatShanghaiTime(item.createdAt)}
          {item.callbackDueAt ? ` · 回访期限 ${formatShanghaiTime(item.callbackDueAt)}` : ''}
        </Text>
        {shownOnCard(item.deadline) ? (
          <View className="request-item__deadline">
            <Text className="muted request-item__step">{stepLabel(item.deadline)}</Text>
            <DeadlineTag id={`${idPrefix}-${item.id}-deadline`} deadline={item.deadline} />
          </View>
        ) : null}
      </View>
      {footer}
    </View>
  );
}
