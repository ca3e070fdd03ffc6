import { useEffect, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { currentUnread, onUnreadChange, refreshUnread } from '../services/notifications';

/**
 * The unread count behind the 消息 tab badge: fetched (and the badge redrawn) each time the
 * page shows, since messages arrive while the user is elsewhere. Tab pages call this.
 */
export function useUnreadBadge(enabled: boolean): { unread: number | null; refresh: () => Promise<number | null> } {
  const [unread, setUnread] = useState<number | null>(currentUnread);

  useEffect(() => onUnreadChange(setUnread), []);

  useDidShow(() => {
    if (enabled) void refreshUnread();
  });

  return { unread, refresh: refreshUnread };
}
