import type { NotificationTopic, SubscribeMoment } from './topics';

/** One entry of the message centre (消息). */
export interface NotificationView {
  id: number;
  topic: NotificationTopic;
  title: string;
  body: string;
  requestId: number | null;
  requestNumber: string | null;
  /** The mini-app page the entry opens, e.g. /pages/request-detail/index?id=12. */
  page: string | null;
  readAt: string | null;
  createdAt: string;
}

export interface UnreadCount {
  unread: number;
}

/** GET /api/notifications/subscribe-templates: template ids to ask for at each tap. */
export type SubscribeTemplateSets = Record<SubscribeMoment, string[]>;

/**
 * POST /api/notifications/subscribe-asks: the ids to pass to wx.requestSubscribeMessage at one
 * tap, and the ask to report its answers against (once, before `expiresAt`). `askId` is null
 * when the moment has nothing to ask for.
 */
export interface SubscribeAsk {
  askId: string | null;
  moment: SubscribeMoment;
  templateIds: string[];
  expiresAt: string;
}

/** POST /api/notifications/subscriptions answer: credits now held per template id. */
export interface SubscribeCredits {
  credits: Record<string, number>;
}

/** A staff member's official-account link, as the 我的任务 page shows it. */
export interface WechatLinkView {
  linked: boolean;
  /** false once WeChat answered 43004 (not following); null while unknown. */
  following: boolean | null;
  /**
   * Send this to the official account to link it (for accounts without a unionid): 10 digits
   * shown as `1234 567890` (spaces and dashes may be typed or left out); 3 wrong tries kill it.
   */
  bindCode: string | null;
  bindCodeExpiresAt: string | null;
}

export type DeliveryChannel = 'subscribe' | 'template';
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** An outbox row as admins see it in the failed list. */
export interface DeliveryView {
  id: number;
  notificationId: number;
  channel: DeliveryChannel;
  status: DeliveryStatus;
  recipientName: string;
  topic: NotificationTopic;
  title: string;
  requestNumber: string | null;
  attempts: number;
  lastErrcode: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}
