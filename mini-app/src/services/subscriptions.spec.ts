import Taro from '../../test/taro.mock';
import { saveSession } from './session';
import { askSubscriptions, forgetSubscribeTemplates, prefetchSubscribeTemplates } from './subscriptions';

type Reply = { statusCode: number; data: unknown };

const resident = {
  id: 1,
  role: 'resident' as const,
  name: '张三',
  phone: null,
  phoneVerified: false,
  openid: 'demo-resident-1',
};
const staff = {
  id: 2,
  role: 'staff' as const,
  name: '王师傅',
  phone: null,
  phoneVerified: false,
  openid: 'demo-staff-1',
};
const SETS = { submit: ['t1', 't2', 't3', 't4'], rate: ['t5'], confirm_fee: [] };

function signIn(user: typeof resident | typeof staff) {
  saveSession({ accessToken: 'access', refreshToken: 'refresh', expiresIn: 900, user });
}

/** Answers by path; every call is recorded in Taro.request.mock.calls. */
function serve(routes: Record<string, Reply>) {
  Taro.request.mockImplementation(async ({ url }) => {
    const path = url.replace('http://api.test', '').split('?')[0];
    return routes[path] ?? { statusCode: 404, data: { code: 'NOT_FOUND', message: '不存在' } };
  });
}

const paths = () => Taro.request.mock.calls.map(([call]) => call.url.replace('http://api.test', ''));

const originalEnv = process.env.TARO_ENV;

beforeEach(() => {
  Taro.__reset();
  forgetSubscribeTemplates();
  process.env.TARO_ENV = originalEnv as typeof process.env.TARO_ENV;
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  signIn(resident);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('prefetchSubscribeTemplates', () => {
  it('loads the template sets once per resident', async () => {
    serve({ '/api/notifications/subscribe-templates': { statusCode: 200, data: SETS } });
    await Promise.all([prefetchSubscribeTemplates(), prefetchSubscribeTemplates()]);
    await expect(prefetchSubscribeTemplates()).resolves.toEqual(SETS);
    expect(paths()).toEqual(['/api/notifications/subscribe-templates']);
  });

  it('does not ask for staff, and tries again after a failure', async () => {
    signIn(staff);
    await expect(prefetchSubscribeTemplates()).resolves.toBeNull();
    expect(Taro.request).not.toHaveBeenCalled();

    signIn(resident);
    serve({});
    await expect(prefetchSubscribeTemplates()).resolves.toBeNull();
    serve({ '/api/notifications/subscribe-templates': { statusCode: 200, data: SETS } });
    await expect(prefetchSubscribeTemplates()).resolves.toEqual(SETS);
  });
});

describe('askSubscriptions (weapp)', () => {
  beforeEach(async () => {
    serve({
      '/api/notifications/subscribe-templates': { statusCode: 200, data: SETS },
      '/api/notifications/subscriptions': { statusCode: 200, data: { credits: { t1: 1 } } },
    });
    await prefetchSubscribeTemplates();
    Taro.request.mockClear();
  });

  it('opens the dialog within the tap’s own turn, with at most 3 ids, and reports the answers', async () => {
    Taro.requestSubscribeMessage.mockResolvedValueOnce({
      errMsg: 'requestSubscribeMessage:ok',
      t1: 'accept',
      t2: 'reject',
      t3: 'ban',
    });
    const asking = askSubscriptions('submit');
    // Nothing awaited yet: WeChat would refuse the dialog outside the tap.
    expect(Taro.requestSubscribeMessage).toHaveBeenCalledWith({ tmplIds: ['t1', 't2', 't3'] });
    await asking;
    expect(Taro.request).toHaveBeenCalledTimes(1);
    expect(Taro.request.mock.calls[0][0]).toMatchObject({
      url: 'http://api.test/api/notifications/subscriptions',
      method: 'POST',
      data: { answers: { t1: 'accept', t2: 'reject', t3: 'ban' } },
    });
  });

  it('asks nothing when the moment has no templates', async () => {
    await askSubscriptions('confirm_fee');
    expect(Taro.requestSubscribeMessage).not.toHaveBeenCalled();
    expect(Taro.request).not.toHaveBeenCalled();
  });

  it('never fails the tap: a refused dialog or a failed report is swallowed', async () => {
    Taro.requestSubscribeMessage.mockRejectedValueOnce({ errMsg: 'requestSubscribeMessage:fail', errCode: 20004 });
    await expect(askSubscriptions('rate')).resolves.toBeUndefined();
    expect(Taro.request).not.toHaveBeenCalled();

    Taro.requestSubscribeMessage.mockResolvedValueOnce({ t5: 'accept' });
    serve({ '/api/notifications/subscriptions': { statusCode: 500, data: {} } });
    await expect(askSubscriptions('rate')).resolves.toBeUndefined();
    expect(Taro.showToast).not.toHaveBeenCalled();
  });

  it('is a no-op for staff roles', async () => {
    signIn(staff);
    await askSubscriptions('submit');
    expect(Taro.requestSubscribeMessage).not.toHaveBeenCalled();
  });
});

it('weapp: without the ids yet, skips this tap and fetches them for the next', async () => {
  serve({ '/api/notifications/subscribe-templates': { statusCode: 200, data: SETS } });
  await askSubscriptions('submit');
  expect(Taro.requestSubscribeMessage).not.toHaveBeenCalled();
  expect(paths()).toEqual(['/api/notifications/subscribe-templates']);
});

describe('askSubscriptions (h5 development)', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'h5';
  });

  it('has the server stand in for 允许, then reports the answers', async () => {
    serve({
      '/api/notifications/subscribe-templates': { statusCode: 200, data: SETS },
      '/api/dev/subscribe': { statusCode: 200, data: { result: { t1: 'accept', t2: 'accept', t3: 'accept' } } },
      '/api/notifications/subscriptions': { statusCode: 200, data: { credits: {} } },
    });
    await askSubscriptions('submit');
    expect(Taro.requestSubscribeMessage).not.toHaveBeenCalled();
    expect(paths()).toEqual([
      '/api/notifications/subscribe-templates',
      '/api/dev/subscribe',
      '/api/notifications/subscriptions',
    ]);
    expect(Taro.request.mock.calls[1][0].data).toEqual({ templateIds: ['t1', 't2', 't3'] });
    expect(Taro.request.mock.calls[2][0].data).toEqual({
      answers: { t1: 'accept', t2: 'accept', t3: 'accept' },
    });
  });

  it('skips silently where the dev route does not exist (production)', async () => {
    serve({ '/api/notifications/subscribe-templates': { statusCode: 200, data: SETS } });
    await expect(askSubscriptions('rate')).resolves.toBeUndefined();
    expect(paths()).toEqual(['/api/notifications/subscribe-templates', '/api/dev/subscribe']);
    expect(console.warn).not.toHaveBeenCalled();
    expect(Taro.showToast).not.toHaveBeenCalled();
  });
});
