import { Text, View } from '@tarojs/components';
import { formatShanghaiTime, type RequestEventView } from '@linli/shared';
import PhotoGrid from '../PhotoGrid';
import SoftTag from '../SoftTag';
import { chronological, eventDetailLines } from './details';
import './index.scss';

/**
 * The request's timeline (`#detail-timeline`, `#detail-event-<id>` with `data-action`): who did
 * what when, the note, structured details, photos (`#detail-photo-<eventId>-<photoId>`), and
 * internal notes marked 内部 (the server sends those to staff only).
 */
export default function Timeline({ events }: { events: RequestEventView[] }) {
  const ordered = chronological(events);
  if (ordered.length === 0) return <Text className="muted">暂无处理记录</Text>;
  return (
    <View className="timeline" id="detail-timeline">
      {ordered.map((event, index) => {
        const details = eventDetailLines(event.data, event.note);
        return (
          <View
            key={event.id}
            id={`detail-event-${event.id}`}
            data-action={event.action}
            className={`timeline__item${index === ordered.length - 1 ? ' timeline__item--last' : ''}${event.internal ? ' timeline__item--internal' : ''}`}
          >
            <View className="timeline__dot" />
            <View className="timeline__body">
              <View className="timeline__head">
                <View className="timeline__title">
                  <Text className="timeline__action">{event.actionLabel}</Text>
                  {event.internal ? <SoftTag tone="orange">内部</SoftTag> : null}
                  {event.contentCheck ? (
                    <SoftTag tone={event.contentCheck === 'review' ? 'red' : 'grey'}>
                      {event.contentCheck === 'review' ? '内容待复核' : '内容待检测'}
                    </SoftTag>
                  ) : null}
                </View>
                <Text className="muted">{formatShanghaiTime(event.createdAt)}</Text>
              </View>
              <Text className="timeline__actor">
                {event.actorName}
                {event.actorRoleLabel ? `（${event.actorRoleLabel}）` : ''}
              </Text>
              {event.note ? <Text className="timeline__note">{event.note}</Text> : null}
              {details.length > 0 ? (
                <View className="timeline__details">
                  {details.map((line, i) => (
                    <Text className="timeline__detail" key={i}>
                      {line}
                    </Text>
                  ))}
                </View>
              ) : null}
              <PhotoGrid idPrefix={`detail-photo-${event.id}`} photos={event.photos ?? []} />
            </View>
          </View>
        );
      })}
    </View>
  );
}
