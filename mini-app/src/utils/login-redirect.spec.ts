import { ROLES } from '@linli/shared';
import Taro from '../../test/taro.mock';
import { saveSession } from '../services/session';
import { landAfterLogin, landingAfterLogin, loginThen, loginUrl, redirectTarget } from './login-redirect';
import { HOME_PAGE, MESSAGES_PAGE, REQUESTS_PAGE, newRequestUrl, requestDetailUrl } from './routes';

const resident = {
  id: 7,
  role: 'resident' as const,
  name: '李四',
  phone: null,
  phoneVerified: false,
  openid: 'demo-resident-2',
};

beforeEach(() => Taro.__reset());

/** What the login page receives as `redirect`: still encoded, as WeChat and Taro's h5 router hand it over. */
const asReceived = (target: string) => loginUrl(target).split('redirect=')[1];

describe('which page a login lands on', () => {
  it('brings a resident back to what they tapped: the form, 我的, 消息, a request', () => {
    for (const target of [newRequestUrl('repair'), REQUESTS_PAGE, MESSAGES_PAGE, requestDetailUrl(12)]) {
      expect(landingAfterLogin('resident', asReceived(target))).toBe(target);
    }
    // Already decoded by a platform, it is the same target.
    expect(landingAfterLogin('resident', newRequestUrl('complaint'))).toBe('/pages/request-new/index?kind=complaint');
    expect(landingAfterLogin('resident', `${requestDetailUrl(3)}&action=rate`)).toBe(
      '/pages/request-detail/index?id=3&action=rate',
    );
  });

  it('sends staff, the desk and managers to their own home, whatever they tapped', () => {
    for (const role of ROLES.filter((r) => r !== 'resident')) {
      expect(landingAfterLogin(role, asReceived(newRequestUrl('repair')))).toBe(HOME_PAGE);
      expect(landingAfterLogin(role, asReceived(MESSAGES_PAGE))).toBe(HOME_PAGE);
    }
  });

  it('lands on 首页 without a redirect', () => {
    expect(landingAfterLogin('resident', undefined)).toBe(HOME_PAGE);
    expect(landingAfterLogin('resident', '')).toBe(HOME_PAGE);
  });
});

describe('a redirect that is not an in-app path is refused', () => {
  it.each([
    ['another site', 'https://evil.example/pages/index/index'],
    ['a scheme-relative host', '//evil.example/pages/index/index'],
    ['the same, encoded', encodeURIComponent('//evil.example')],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a relative path', 'pages/request-new/index?kind=repair'],
    ['the login page itself (a loop)', '/pages/login/index'],
    ['a page that does not exist', '/pages/nowhere/index'],
    ['a staff page, for a resident', '/desk/pages/intake/index'],
    ['a path that only starts like a page', '/pages/request-new/index/../../desk/pages/home/index'],
    ['a query that is not key=value pairs', '/pages/request-new/index?kind=repair#top'],
    ['a query with another URL in it', '/pages/request-detail/index?id=1&next=https://evil.example'],
    ['broken encoding', '%2Fpages%E0%A4%A'],
    ['something very long', `/pages/request-detail/index?id=${'1'.repeat(600)}`],
  ])('%s', (_what, raw) => {
    expect(redirectTarget(raw)).toBeNull();
    expect(landingAfterLogin('resident', raw)).toBe(HOME_PAGE);
  });
});

describe('asking for a login at the tap that needs it', () => {
  it('a guest tapping 报修 is taken to the login page, which knows where to return', () => {
    loginThen(newRequestUrl('repair'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({
      url: '/pages/login/index?redirect=%2Fpages%2Frequest-new%2Findex%3Fkind%3Drepair',
    });
    expect(Taro.reLaunch).not.toHaveBeenCalled();
  });

  it('a guest tapping 消息 or 我的 is asked to log in; 首页 opens as it is', () => {
    loginThen(MESSAGES_PAGE);
    loginThen(REQUESTS_PAGE);
    loginThen(HOME_PAGE);
    expect(Taro.navigateTo.mock.calls.map(([call]) => call.url)).toEqual([
      loginUrl(MESSAGES_PAGE),
      loginUrl(REQUESTS_PAGE),
    ]);
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: HOME_PAGE });
  });

  it('someone logged in goes straight there: tabs switched to, pages pushed', () => {
    saveSession({ accessToken: 'a', refreshToken: 'r', expiresIn: 900, user: resident });
    loginThen(newRequestUrl('repair'));
    loginThen(MESSAGES_PAGE);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/request-new/index?kind=repair' });
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: MESSAGES_PAGE });
  });

  it('after the login, a form opens over a fresh 首页 and a tab page opens by itself', async () => {
    await landAfterLogin('resident', asReceived(newRequestUrl('repair')));
    expect(Taro.reLaunch.mock.calls.map(([call]) => call.url)).toEqual([HOME_PAGE]);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/request-new/index?kind=repair' });

    Taro.__reset();
    await landAfterLogin('resident', asReceived(REQUESTS_PAGE));
    expect(Taro.reLaunch.mock.calls.map(([call]) => call.url)).toEqual([REQUESTS_PAGE]);
    expect(Taro.navigateTo).not.toHaveBeenCalled();

    Taro.__reset();
    await landAfterLogin('receptionist', asReceived(newRequestUrl('repair')));
    expect(Taro.reLaunch.mock.calls.map(([call]) => call.url)).toEqual([HOME_PAGE]);
    expect(Taro.navigateTo).not.toHaveBeenCalled();
  });
});
