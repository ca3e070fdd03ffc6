import Taro from '../../test/taro.mock';
import { currentUnread, forgetUnread, onUnreadChange, refreshUnread, showUnreadBadge } from './notifications';
import { saveSession } from './session';

const user = { id: 1, role: 'resident' as const, name: '张三', phone: null, openid: 'demo-resident-1' };

beforeEach(() => {
  Taro.__reset();
  saveSession({ accessToken: 'access', refreshToken: 'refresh', expiresIn: 900, user });
});

describe('the 消息 tab badge', () => {
  it('shows the count on the second tab, capped at 99+', () => {
    showUnreadBadge(3);
    showUnreadBadge(120);
    expect(Taro.setTabBarBadge.mock.calls.map(([options]) => options)).toEqual([
      { index: 1, text: '3' },
      { index: 1, text: '99+' },
    ]);
  });

  it('removes the badge when nothing is unread', () => {
    showUnreadBadge(0);
    expect(Taro.removeTabBarBadge).toHaveBeenCalledWith({ index: 1 });
    expect(Taro.setTabBarBadge).not.toHaveBeenCalled();
  });

  it('survives a page without a tab bar (h5 throws or rejects there)', () => {
    Taro.setTabBarBadge.mockImplementationOnce(() => {
      throw new Error('no tab bar');
    });
    expect(() => showUnreadBadge(1)).not.toThrow();
    Taro.setTabBarBadge.mockImplementationOnce(() => Promise.reject(new Error('setTabBarBadge:fail')));
    expect(() => showUnreadBadge(1)).not.toThrow();
  });
});

describe('refreshUnread', () => {
  it('fetches the count, draws the badge and tells the pages', async () => {
    const seen: Array<number | null> = [];
    const stop = onUnreadChange((count) => seen.push(count));
    Taro.request.mockResolvedValueOnce({ statusCode: 200, data: { unread: 4 } });
    await expect(refreshUnread()).resolves.toBe(4);
    stop();
    expect(Taro.request.mock.calls[0][0].url).toBe('http://api.test/api/notifications/unread-count');
    expect(currentUnread()).toBe(4);
    expect(seen).toEqual([4]);
    expect(Taro.setTabBarBadge).toHaveBeenCalledWith({ index: 1, text: '4' });
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
    Taro.request.mockResolvedValueOnce({ statusCode: 200, data: { unread: 2 } });
    await refreshUnread();
    Taro.request.mockResolvedValueOnce({ statusCode: 500, data: {} });
    await expect(refreshUnread()).resolves.toBeNull();
    expect(currentUnread()).toBe(2);
    forgetUnread();
    expect(currentUnread()).toBeNull();
    expect(Taro.removeTabBarBadge).toHaveBeenCalledWith({ index: 1 });
  });
});
