import type { RatingView, RequestEventView } from '@linli/shared';
import { callbackNotice } from './callback-notice';

// 2026-11-25 10:00 in Shanghai; the resident may rate until 2026-11-26 10:00.
const NOW = Date.parse('2026-11-25T02:00:00.000Z');
const UNTIL = '2026-11-26T02:00:00.000Z';

type Facts = Parameters<typeof callbackNotice>[0];
const resolved = (over: Partial<Facts> = {}): Facts => ({
  status: 'resolved',
  actions: ['rate', 'ask_callback', 'reopen'],
  ratings: [],
  round: 1,
  ratingWaitUntil: UNTIL,
  callbackRequestedAt: null,
  closedAt: null,
  events: [],
  ...over,
});
const rating = (over: Partial<RatingView>): RatingView =>
  ({
    source: 'callback',
    satisfaction: 'satisfied',
    satisfactionLabel: '满意',
    round: 1,
    byName: '李客服',
    createdAt: '2026-11-26T03:00:00.000Z',
    ...over,
  }) as RatingView;

describe('what the page says about rating and the phone callback', () => {
  it('tells the resident how long they have to rate', () => {
    expect(callbackNotice(resolved(), 'resident', NOW)).toEqual({
      id: 'detail-rating-wait',
      tone: 'info',
      text: '请在 2026-11-26 10:00 前评价；逾时客服将电话回访。',
    });
  });

  it('tells the desk why it may not call yet, and says nothing once it may', () => {
    expect(callbackNotice(resolved({ actions: ['note'] }), 'receptionist', NOW)).toEqual({
      id: 'detail-callback-wait',
      tone: 'info',
      text: '等待业主自行评价至 2026-11-26 10:00（还有 24 小时），之后可电话回访；业主请求电话回访时可立即回访。',
    });
    expect(callbackNotice(resolved(), 'receptionist', Date.parse(UNTIL))).toBeNull();
  });

  it('puts the resident’s request for a call first, with when they can answer', () => {
    const asked = resolved({
      callbackRequestedAt: '2026-11-25T03:00:00.000Z',
      events: [{ action: 'ask_callback', note: '晚上 7 点后' } as RequestEventView],
    });
    expect(callbackNotice(asked, 'receptionist', NOW)).toEqual({
      id: 'detail-callback-requested',
      tone: 'warn',
      text: '业主于 2026-11-25 11:00 请求电话回访（方便接听：晚上 7 点后），请尽快联系。',
    });
    expect(callbackNotice(asked, 'resident', NOW)?.text).toBe(
      '您已于 2026-11-25 11:00 请求电话回访，客服会尽快联系您。',
    );
  });

  it('explains a rating invitation that is no longer good', () => {
    const closed = resolved({
      status: 'closed',
      actions: [],
      ratings: [rating({})],
      closedAt: '2026-11-26T03:00:00.000Z',
    });
    expect(callbackNotice(closed, 'resident', NOW, true)).toEqual({
      id: 'detail-stale-rating',
      tone: 'info',
      text: '客服已于 2026-11-26 11:00 电话回访（满意），诉求已关闭，本次评价邀请已失效。如仍有问题，请重新提交或致电物业客服。',
    });
    const rated = { ...closed, ratings: [rating({ source: 'resident' })] };
    expect(callbackNotice(rated, 'resident', NOW, true)?.text).toBe(
      '您已于 2026-11-26 11:00 评价过本次服务，感谢您的反馈。',
    );
    expect(callbackNotice({ ...closed, status: 'accepted', round: 2 }, 'resident', NOW, true)?.text).toBe(
      '诉求已重新处理，处理完成后可再次评价。',
    );
    // Opened from anywhere else, a closed request needs no explanation.
    expect(callbackNotice(closed, 'resident', NOW)).toBeNull();
  });
});
