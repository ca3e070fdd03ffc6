import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { NOTIFICATION_TOPIC_LABELS, formatShanghaiTime, type NotificationView, type UserView } from '@linli/shared';
import PagedList from '../PagedList';
import SoftTag from '../SoftTag';
import { useListPage } from '../../hooks/useListPage';
import { usePagedList } from '../../hooks/usePagedList';
import { useUnreadBadge } from '../../hooks/useUnreadBadge';
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  refreshUnread,
  setUnread,
} from '../../services/notifications';
import { messageTarget, pageTarget } from '../../utils/routes';
import './index.scss';

function openPage(page: string): void {
  const target = pageTarget(page);
  const opening = target.tab ? Taro.switchTab({ url: target.url }) : Taro.navigateTo({ url: target.url });
  void opening.catch(() => {
    void Taro.showToast({ title: '页面打开失败，请稍后再试', icon: 'none' });
  });
}

/**
 * 消息, for every role: the caller's notifications, newest first (`#message-<id>`, `data-unread`,
 * `data-target` = what a tap opens). A tap marks it read and opens it where this viewer works it
 * (`messageTarget`: residents the request, workers the task, the desk its request page, an
 * approval its page); `#messages-read-all` clears them all.
 */
export default function MessageCentre({ user }: { user: UserView }) {
  const { unread } = useUnreadBadge(true);
  const list = usePagedList((page) => listNotifications(page));
  useListPage(list, true);
  // Read here since the list was loaded; the next reload brings the server's readAt.
  const [readIds, setReadIds] = useState<ReadonlySet<number>>(() => new Set());
  const [readingAll, setReadingAll] = useState(false);
  const [opening, setOpening] = useState<number | null>(null);

  const isUnread = (item: NotificationView) => item.readAt === null && !readIds.has(item.id);

  const open = async (item: NotificationView) => {
    if (opening !== null) return;
    if (isUnread(item)) {
      setOpening(item.id);
      try {
        await markNotificationRead(item.id);
        setReadIds((previous) => new Set(previous).add(item.id));
        void refreshUnread();
      } catch {
        // Still open it: reading matters more than the dot.
      } finally {
        setOpening(null);
      }
    }
    const target = messageTarget(user.role, item);
    if (target) openPage(target);
  };

  const readAll = async () => {
    setReadingAll(true);
    try {
      const result = await markAllNotificationsRead();
      setUnread(result.unread);
      setReadIds((previous) => new Set([...previous, ...list.items.map((item) => item.id)]));
      void list.reload();
    } catch {
      // the request wrapper showed why
    } finally {
      setReadingAll(false);
    }
  };

  return (
    <View className="messages-centre" id="messages-centre">
      <View className="messages-head">
        <Text className="messages-head__count" id="messages-unread" data-count={unread ?? ''}>
          {unread === null ? '未读 …' : `${unread} 条未读`}
        </Text>
        <Button
          id="messages-read-all"
          className="messages-head__read-all"
          size="small"
          fill="outline"
          loading={readingAll}
          disabled={readingAll || unread === 0}
          onClick={() => void readAll()}
        >
          全部已读
        </Button>
      </View>
      <PagedList
        id="messages"
        list={list}
        emptyText="暂无消息"
        renderItem={(item) => {
          const fresh = isUnread(item);
          const target = messageTarget(user.role, item);
          return (
            <View
              key={item.id}
              id={`message-${item.id}`}
              data-unread={fresh ? 'true' : 'false'}
              data-topic={item.topic}
              data-target={target ?? ''}
              className={`card message${fresh ? ' message--unread' : ' message--read'}`}
              onClick={() => void open(item)}
            >
              <View className="message__head">
                {fresh ? <View className="message__dot" /> : null}
                <Text className="message__title">{item.title}</Text>
                {NOTIFICATION_TOPIC_LABELS[item.topic] ? (
                  <SoftTag tone={fresh ? 'green' : 'grey'} className="message__topic">
                    {NOTIFICATION_TOPIC_LABELS[item.topic]}
                  </SoftTag>
                ) : null}
              </View>
              <Text className="message__body">{item.body}</Text>
              <View className="message__foot">
                <Text className="muted">
                  {item.requestNumber ? `${item.requestNumber} · ` : ''}
                  {formatShanghaiTime(item.createdAt)}
                </Text>
                {target ? <Text className="message__open">{opening === item.id ? '打开中…' : '查看 ›'}</Text> : null}
              </View>
            </View>
          );
        }}
      />
    </View>
  );
}
