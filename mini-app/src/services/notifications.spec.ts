import Taro from '../../test/taro.mock';
import { currentUnread, forgetUnread, onUnreadChange, refreshUnread } from './notifications';
import { saveSession } from './session';

const user = {
  id: 1,
  role: 'resident' as const,
  name: '张三',
  phone: null,
  phoneVerified: false,
  openid: 'demo-resident-1',
};

beforeEach(() => {
  Taro.__reset();
  saveSession({ accessToken: 'access', refreshToken: 'refresh', expiresIn: 900, user });
});

describe('refreshUnread', () => {
  it('fetches the count and tells the tab bar and the pages (no WeChat badge API: the bar is ours)', async () => {
    const seen: Array<number | null> = [];
    const stop = onUnreadChange((count) => seen.push(count));
    Taro.request.mockResolvedValueOnce({ statusCode: 200, data: { unread: 4 } });
    await expect(refreshUnread()).resolves.toBe(4);
    stop();
    expect(Taro.request.mock.calls[0][0].url).toBe('http://api.test/api/notifications/unread-count');
    expect(currentUnread()).toBe(4);
    expect(seen).toEqual([4]);
    expect(Taro.setTabBarBadge).not.toHaveBeenCalled();
  });

  it('lets a newer answer win over an older one arriving late', async () => {
    let answerOld: (value: { statusCode: number; data: unknown }) => void = () => undefined;
    Taro.request
      .mockImplementationOnce(() => new Promise((resolve) => (answerOld = resolve)))
      .mockResolvedValueOnce({ statusCode: 200, data: { unread: 0 } });
    const older = refreshUnread();
    await refreshUnread();
    answerOld({ statusCode: 200, data: { unread: 7 } });
    await older;
    expect(currentUnread()).toBe(0);
  });

  it('keeps the last count when the call fails, and forgets it on logout', async () => {
    const seen: Array<number | null> = [];
    Taro.request.mockResolvedValueOnce({ statusCode: 200, data: { unread: 2 } });
    await refreshUnread();
    Taro.request.mockResolvedValueOnce({ statusCode: 500, data: {} });
    await expect(refreshUnread()).resolves.toBeNull();
    expect(currentUnread()).toBe(2);
    const stop = onUnreadChange((count) => seen.push(count));
    forgetUnread();
    stop();
    expect(currentUnread()).toBeNull();
    expect(seen).toEqual([null]);
  });
});
