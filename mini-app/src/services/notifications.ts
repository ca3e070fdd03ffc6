import type { DeliveryView, NotificationView, Page, UnreadCount, WechatLinkView } from '@linli/shared';
import { request } from './http';

export const NOTIFICATIONS_PAGE_SIZE = 20;
export const DELIVERIES_PAGE_SIZE = 10;

/** 消息: the caller's notifications, newest first (`unreadOnly` for the unread ones). */
export function listNotifications(
  page = 1,
  pageSize = NOTIFICATIONS_PAGE_SIZE,
  unreadOnly = false,
): Promise<Page<NotificationView>> {
  return request<Page<NotificationView>>('/api/notifications', {
    query: { page, pageSize, unread: unreadOnly ? true : undefined },
    toast: false,
  });
}

export function fetchUnreadCount(): Promise<UnreadCount> {
  return request<UnreadCount>('/api/notifications/unread-count', { toast: false });
}

export function markNotificationRead(id: number): Promise<NotificationView> {
  return request<NotificationView>(`/api/notifications/${id}/read`, { method: 'POST', toast: false });
}

export function markAllNotificationsRead(): Promise<UnreadCount> {
  return request<UnreadCount>('/api/notifications/read-all', { method: 'POST' });
}

// The unread count is shared by the tab bar (our own component on every tab page), the staff
// homes' 消息 entries and the 消息 header, so it lives here rather than in one page's state.
let unread: number | null = null;
let latestFetch = 0;
const listeners = new Set<(count: number | null) => void>();

export function currentUnread(): number | null {
  return unread;
}

/** Calls `listener` with every new count; returns the unsubscribe. */
export function onUnreadChange(listener: (count: number | null) => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function setUnread(count: number | null): void {
  unread = count;
  for (const listener of listeners) listener(count);
}

/** Fetches the count and updates the badge; null when that failed (the old badge stays). */
export async function refreshUnread(): Promise<number | null> {
  const call = ++latestFetch;
  try {
    const { unread: count } = await fetchUnreadCount();
    // An older answer arriving late must not undo a newer one (e.g. right after 全部已读).
    if (call === latestFetch) setUnread(count);
    return count;
  } catch {
    return null;
  }
}

/** Logged out: the next account must not see this one's badge. */
export function forgetUnread(): void {
  latestFetch++;
  setUnread(null);
}

/** A staff member's official-account link (`/api/me/wechat-link`). */
export function fetchWechatLink(): Promise<WechatLinkView> {
  return request<WechatLinkView>('/api/me/wechat-link', { toast: false });
}

/** A fresh bind code (valid about 30 minutes) to send to the official account. */
export function createBindCode(): Promise<WechatLinkView> {
  return request<WechatLinkView>('/api/me/wechat-link/code', { method: 'POST' });
}

/** Deliveries WeChat refused for good (managers and admins). */
export function failedDeliveries(page = 1, pageSize = DELIVERIES_PAGE_SIZE): Promise<Page<DeliveryView>> {
  return request<Page<DeliveryView>>('/api/admin/deliveries', {
    query: { status: 'failed', page, pageSize },
    toast: false,
  });
}

/** Puts a failed delivery back in the queue; errors are toasted. */
export function retryDelivery(id: number): Promise<DeliveryView> {
  return request<DeliveryView>(`/api/admin/deliveries/${id}/retry`, { method: 'POST' });
}
