import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { KIND_LABELS, formatShanghaiTime, type RequestSummary } from '@linli/shared';
import { shownOnCard, stepLabel } from '../../utils/deadlines';
import { DeadlineTag } from '../Deadlines';
import StatusTag from '../StatusTag';
import './index.scss';

/**
 * One request in a list (`#<idPrefix>-<id>`, `data-number`, `data-status`) with the time limit
 * that matters now (`#<idPrefix>-<id>-deadline`, `data-state`) while it runs.
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
