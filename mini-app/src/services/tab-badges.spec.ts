import Taro from '../../test/taro.mock';
import { saveSession } from './session';
import {
  currentPending,
  currentTab,
  forgetPending,
  onActiveTabChange,
  onPendingChange,
  refreshPending,
  setActiveTab,
} from './tab-badges';

const user = {
  id: 2,
  role: 'manager' as const,
  name: '周敏',
  phone: null,
  phoneVerified: false,
  openid: 'demo-manager-1',
};

beforeEach(() => {
  Taro.__reset();
  saveSession({ accessToken: 'access', refreshToken: 'refresh', expiresIn: 900, user });
});

describe('the 管理 tab badge', () => {
  it('fetches the approvals waiting and tells every bar', async () => {
    const seen: Array<number | null> = [];
    const stop = onPendingChange((count) => seen.push(count));
    Taro.request.mockResolvedValueOnce({ statusCode: 200, data: { pending: 3 } });
    await expect(refreshPending()).resolves.toBe(3);
    stop();
    expect(Taro.request.mock.calls[0][0].url).toBe('http://api.test/api/approvals/count');
    expect(currentPending()).toBe(3);
    expect(seen).toEqual([3]);
  });

  it('lets a newer answer win, keeps the count when a call fails, and forgets it on logout', async () => {
    let answerOld: (value: { statusCode: number; data: unknown }) => void = () => undefined;
    Taro.request
      .mockImplementationOnce(() => new Promise((resolve) => (answerOld = resolve)))
      .mockResolvedValueOnce({ statusCode: 200, data: { pending: 1 } });
    const older = refreshPending();
    await refreshPending();
    answerOld({ statusCode: 200, data: { pending: 5 } });
    await older;
    expect(currentPending()).toBe(1);

    Taro.request.mockResolvedValueOnce({ statusCode: 500, data: {} });
    await expect(refreshPending()).resolves.toBeNull();
    expect(currentPending()).toBe(1);
    forgetPending();
    expect(currentPending()).toBeNull();
  });
});

describe('the tab on show', () => {
  it('is told to the bars WeChat keeps per tab page', () => {
    const seen: Array<string | null> = [];
    const stop = onActiveTabChange((page) => seen.push(page));
    setActiveTab('/pages/manage/index');
    stop();
    setActiveTab('/pages/index/index');
    expect(seen).toEqual(['/pages/manage/index']);
    expect(currentTab()).toBe('/pages/index/index');
  });
});
