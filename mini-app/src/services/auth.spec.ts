import Taro from '../../test/taro.mock';
import { confirmLogout, demoLogin, logout, wechatLogin } from './auth';
import { getAccessToken, getRefreshToken, getUser, saveSession } from './session';

const user = {
  id: 7,
  role: 'resident' as const,
  name: '李四',
  phone: null,
  phoneVerified: false,
  openid: 'demo-resident-2',
};

beforeEach(() => Taro.__reset());

describe('login', () => {
  it('weapp: exchanges the wx.login code and keeps the session', async () => {
    Taro.request.mockImplementationOnce(async () => ({
      statusCode: 200,
      data: { accessToken: 'a', refreshToken: 'r', expiresIn: 900, user },
    }));
    await wechatLogin();
    expect(Taro.request.mock.calls[0][0]).toMatchObject({
      url: 'http://api.test/api/auth/wechat',
      method: 'POST',
      data: { code: 'wx-code' },
    });
    expect(getAccessToken()).toBe('a');
    expect(getUser()).toEqual(user);
  });

  it('h5 demo: mints a sandbox code for the account, then logs in the same way', async () => {
    Taro.request
      .mockImplementationOnce(async () => ({ statusCode: 200, data: { code: 'sandbox-code' } }))
      .mockImplementationOnce(async () => ({
        statusCode: 200,
        data: { accessToken: 'a2', refreshToken: 'r2', expiresIn: 900, user },
      }));
    await demoLogin('demo-resident-2');
    expect(Taro.request.mock.calls.map(([call]) => [call.url, call.data])).toEqual([
      ['http://api.test/api/dev/login-code', { openid: 'demo-resident-2' }],
      ['http://api.test/api/auth/wechat', { code: 'sandbox-code' }],
    ]);
    expect(getAccessToken()).toBe('a2');
  });
});

describe('logout', () => {
  beforeEach(() => saveSession({ accessToken: 'a', refreshToken: 'r', expiresIn: 900, user }));

  it('ends the login on the server with its refresh token, then forgets the tokens', async () => {
    Taro.request.mockImplementationOnce(async () => ({ statusCode: 204, data: '' }));
    await logout();
    expect(Taro.request.mock.calls[0][0]).toMatchObject({
      url: 'http://api.test/api/auth/logout',
      method: 'POST',
      data: { refreshToken: 'r' },
      header: expect.objectContaining({ Authorization: 'Bearer a' }),
    });
    expect(getAccessToken()).toBe('');
    expect(getRefreshToken()).toBe('');
    expect(getUser()).toBeNull();
  });

  it('still forgets the tokens when the server cannot be reached', async () => {
    Taro.request.mockImplementationOnce(async () => Promise.reject(new Error('request:fail')));
    await logout();
    expect(getAccessToken()).toBe('');
    expect(Taro.showToast).not.toHaveBeenCalled();
  });

  it('asks first, and on confirmation logs out and opens the login page', async () => {
    Taro.request.mockImplementationOnce(async () => ({ statusCode: 204, data: '' }));
    await confirmLogout();
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '退出登录' }));
    expect(Taro.request.mock.calls[0][0].url).toBe('http://api.test/api/auth/logout');
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/login/index' });
    expect(getAccessToken()).toBe('');
  });

  it('keeps the session when the person cancels', async () => {
    Taro.showModal.mockImplementationOnce(async () => ({ confirm: false, cancel: true }));
    await confirmLogout();
    expect(Taro.request).not.toHaveBeenCalled();
    expect(Taro.reLaunch).not.toHaveBeenCalled();
    expect(getAccessToken()).toBe('a');
  });
});
