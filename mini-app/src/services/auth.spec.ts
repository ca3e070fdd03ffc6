import Taro from '../../test/taro.mock';
import { demoLogin, wechatLogin } from './auth';
import { getAccessToken, getUser } from './session';

const user = { id: 7, role: 'resident' as const, name: '李四', phone: null, openid: 'demo-resident-2' };

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
