import Taro from '../../test/taro.mock';
import { saveSession } from './session';
import { askSubscriptions, forgetSubscribeAsks, prefetchSubscribeAsks } from './subscriptions';

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
const IDS: Record<string, string[]> = { submit: ['t1', 't2', 't3', 't4'], rate: ['t5'], confirm_fee: [] };
const ASKS = '/api/notifications/subscribe-asks';
const REPORT = '/api/notifications/subscriptions';

function signIn(user: typeof resident | typeof staff) {
  saveSession({ accessToken: 'access', refreshToken: 'refresh', expiresIn: 900, user });
}

let issued = 0;
/** The server's ask for a moment: a new id each time, good for `lifetimeMs`. */
function askReply(data: unknown, lifetimeMs = 600_000): Reply {
  const moment = (data as { moment: string }).moment;
  const templateIds = IDS[moment] ?? [];
  issued += 1;
  return {
    statusCode: 200,
    data: {
      askId: templateIds.length ? `ask-${moment}-${issued}` : null,
      moment,
      templateIds,
      expiresAt: new Date(Date.now() + lifetimeMs).toISOString(),
    },
  };
}

/** Answers by path (asks are issued as the server would); every call is in Taro.request.mock.calls. */
function serve(routes: Record<string, Reply> = {}, lifetimeMs?: number) {
  Taro.request.mockImplementation(async ({ url, data }) => {
    const path = url.replace('http://api.test', '').split('?')[0];
    if (routes[path]) return routes[path];
    if (path === ASKS) return askReply(data, lifetimeMs);
    return { statusCode: 404, data: { code: 'NOT_FOUND', message: '不存在' } };
  });
}

const paths = () => Taro.request.mock.calls.map(([call]) => call.url.replace('http://api.test', ''));
const bodies = (path: string) =>
  Taro.request.mock.calls.filter(([call]) => call.url.endsWith(path)).map(([call]) => call.data);

const originalEnv = process.env.TARO_ENV;

beforeEach(() => {
  Taro.__reset();
  forgetSubscribeAsks();
  issued = 0;
  process.env.TARO_ENV = originalEnv as typeof process.env.TARO_ENV;
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  signIn(resident);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('prefetchSubscribeAsks', () => {
  it('gets one ask per moment per resident, and reuses it while fresh', async () => {
    serve();
    await Promise.all([prefetchSubscribeAsks(['submit']), prefetchSubscribeAsks(['submit', 'rate'])]);
    const asks = await prefetchSubscribeAsks(['submit', 'rate']);
    expect(asks).toMatchObject({ submit: { askId: 'ask-submit-1' }, rate: { askId: 'ask-rate-2' } });
    expect(bodies(ASKS)).toEqual([{ moment: 'submit' }, { moment: 'rate' }]);
  });

  it('renews an ask about to lapse', async () => {
    serve({}, 120_000);
    await prefetchSubscribeAsks(['rate']);
    await prefetchSubscribeAsks(['rate']);
    expect(bodies(ASKS)).toEqual([{ moment: 'rate' }, { moment: 'rate' }]);
  });

  it('does not ask for staff, and tries again after a failure', async () => {
    signIn(staff);
    await expect(prefetchSubscribeAsks(['submit'])).resolves.toBeNull();
    expect(Taro.request).not.toHaveBeenCalled();

    signIn(resident);
    serve({ [ASKS]: { statusCode: 500, data: {} } });
    await expect(prefetchSubscribeAsks(['submit'])).resolves.toEqual({});
    serve();
    await expect(prefetchSubscribeAsks(['submit'])).resolves.toMatchObject({ submit: { askId: 'ask-submit-1' } });
  });
});

describe('askSubscriptions (weapp)', () => {
  beforeEach(async () => {
    serve({ [REPORT]: { statusCode: 200, data: { credits: { t1: 1 } } } });
    await prefetchSubscribeAsks(['submit', 'rate', 'confirm_fee']);
    Taro.request.mockClear();
  });

  it('opens the dialog within the tap’s own turn, with at most 3 ids, and reports against the ask', async () => {
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
    expect(bodies(REPORT)).toEqual([{ askId: 'ask-submit-1', answers: { t1: 'accept', t2: 'reject', t3: 'ban' } }]);
    // The ask is spent: the next tap has a fresh one ready.
    expect(bodies(ASKS)).toEqual([{ moment: 'submit' }]);
    await prefetchSubscribeAsks(['submit']);
    Taro.requestSubscribeMessage.mockResolvedValueOnce({ t1: 'accept' });
    await askSubscriptions('submit');
    expect(bodies(REPORT)[1]).toEqual({ askId: 'ask-submit-4', answers: { t1: 'accept' } });
  });

  it('reports against a fresh ask when the one shown lapsed while the form was filled in', async () => {
    const later = Date.now() + 601_000;
    jest.spyOn(Date, 'now').mockReturnValue(later);
    Taro.requestSubscribeMessage.mockResolvedValueOnce({ t5: 'accept' });
    await askSubscriptions('rate');
    expect(Taro.requestSubscribeMessage).toHaveBeenCalledWith({ tmplIds: ['t5'] });
    const [reported] = bodies(REPORT) as Array<{ askId: string; answers: object }>;
    expect(reported.answers).toEqual({ t5: 'accept' });
    expect(reported.askId).toMatch(/^ask-rate-/);
    expect(reported.askId).not.toBe('ask-rate-2');
  });

  it('asks nothing when the moment has no templates', async () => {
    await askSubscriptions('confirm_fee');
    expect(Taro.requestSubscribeMessage).not.toHaveBeenCalled();
    expect(Taro.request).not.toHaveBeenCalled();
  });

  it('never fails the tap: a refused dialog or a failed report is swallowed', async () => {
    Taro.requestSubscribeMessage.mockRejectedValueOnce({ errMsg: 'requestSubscribeMessage:fail', errCode: 20004 });
    await expect(askSubscriptions('rate')).resolves.toBeUndefined();
    expect(bodies(REPORT)).toEqual([]);

    Taro.requestSubscribeMessage.mockResolvedValueOnce({ t5: 'accept' });
    serve({ [REPORT]: { statusCode: 500, data: {} } });
    await expect(askSubscriptions('rate')).resolves.toBeUndefined();
    expect(Taro.showToast).not.toHaveBeenCalled();
  });

  it('is a no-op for staff roles', async () => {
    signIn(staff);
    await askSubscriptions('submit');
    expect(Taro.requestSubscribeMessage).not.toHaveBeenCalled();
  });
});

it('weapp: without an ask yet, skips this tap and fetches one for the next', async () => {
  serve();
  await askSubscriptions('submit');
  expect(Taro.requestSubscribeMessage).not.toHaveBeenCalled();
  expect(paths()).toEqual([ASKS]);
});

describe('askSubscriptions (h5 development)', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'h5';
  });

  it('has the server stand in for 允许, then reports the answers against the ask', async () => {
    serve({
      '/api/dev/subscribe': { statusCode: 200, data: { result: { t1: 'accept', t2: 'accept', t3: 'accept' } } },
      [REPORT]: { statusCode: 200, data: { credits: {} } },
    });
    await askSubscriptions('submit');
    expect(Taro.requestSubscribeMessage).not.toHaveBeenCalled();
    // The second ask is the next tap's, fetched as this one is spent.
    expect(paths().filter((path) => path !== ASKS)).toEqual(['/api/dev/subscribe', REPORT]);
    expect(bodies(ASKS)).toEqual([{ moment: 'submit' }, { moment: 'submit' }]);
    expect(bodies('/api/dev/subscribe')).toEqual([{ templateIds: ['t1', 't2', 't3'] }]);
    expect(bodies(REPORT)).toEqual([{ askId: 'ask-submit-1', answers: { t1: 'accept', t2: 'accept', t3: 'accept' } }]);
  });

  it('skips silently where the dev route does not exist (production)', async () => {
    serve();
    await expect(askSubscriptions('rate')).resolves.toBeUndefined();
    expect(paths().filter((path) => path !== ASKS)).toEqual(['/api/dev/subscribe']);
    expect(console.warn).not.toHaveBeenCalled();
    expect(Taro.showToast).not.toHaveBeenCalled();
  });
});
