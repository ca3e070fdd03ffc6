import Taro from '../../test/taro.mock';
import { ApiError, request } from './http';
import { getAccessToken, getRefreshToken, getUser, saveSession } from './session';

const user = {
  id: 1,
  role: 'resident' as const,
  name: '张三',
  phone: '13800138000',
  phoneVerified: false,
  openid: 'demo-resident-1',
};

function reply(statusCode: number, data: unknown) {
  return Promise.resolve({ statusCode, data });
}

function tokens(n: number) {
  return { accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresIn: 900, user };
}

beforeEach(() => {
  Taro.__reset();
  saveSession(tokens(1));
});

describe('request', () => {
  it('calls API_BASE + path with the bearer token and a query string', async () => {
    Taro.request.mockImplementationOnce(() => reply(200, { items: [] }));
    await expect(
      request('/api/requests/mine', { query: { page: 2, pageSize: 10, empty: undefined } }),
    ).resolves.toEqual({
      items: [],
    });
    const call = Taro.request.mock.calls[0][0];
    expect(call.url).toBe('http://api.test/api/requests/mine?page=2&pageSize=10');
    expect(call.method).toBe('GET');
    expect(call.header?.Authorization).toBe('Bearer access-1');
  });

  it('sends no token to public endpoints', async () => {
    Taro.request.mockImplementationOnce(() => reply(200, tokens(2)));
    await request('/api/auth/wechat', { method: 'POST', data: { code: 'c' }, auth: false });
    expect(Taro.request.mock.calls[0][0].header?.Authorization).toBeUndefined();
    expect(Taro.request.mock.calls[0][0].data).toEqual({ code: 'c' });
  });

  it('turns field errors into ApiError.fieldErrors without a toast', async () => {
    Taro.request.mockImplementationOnce(() =>
      reply(400, {
        code: 'VALIDATION_FAILED',
        message: '提交的内容有误',
        details: [
          { field: 'content', message: '投诉内容至少 5 个字' },
          { field: 'content', message: '第二条' },
          { field: 'contactPhone', message: '联系电话格式不正确' },
        ],
      }),
    );
    const error = await request('/api/requests', { method: 'POST', data: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: '提交的内容有误',
      fieldErrors: { content: '投诉内容至少 5 个字', contactPhone: '联系电话格式不正确' },
    });
    expect(Taro.showToast).not.toHaveBeenCalled();
  });

  it('shows the server message as a toast for other errors', async () => {
    Taro.request.mockImplementationOnce(() =>
      reply(409, { code: 'INVALID_TRANSITION', message: '当前状态不能撤销', details: [] }),
    );
    await expect(request('/api/requests/1/cancel', { method: 'POST' })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '当前状态不能撤销', icon: 'none' }));
  });

  it('can keep quiet (pages that show the error themselves)', async () => {
    Taro.request.mockImplementationOnce(() => reply(500, 'oops'));
    await expect(request('/api/projects', { toast: false })).rejects.toMatchObject({
      status: 500,
      message: '服务暂时不可用，请稍后再试',
    });
    expect(Taro.showToast).not.toHaveBeenCalled();
  });

  it('reports a failed connection in Chinese', async () => {
    Taro.request.mockImplementationOnce(() => Promise.reject(new Error('request:fail')));
    await expect(request('/api/projects')).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '网络连接失败，请检查网络后重试' }));
  });

  it('on 401 refreshes the token once and repeats the call', async () => {
    Taro.request
      .mockImplementationOnce(() => reply(401, { code: 'TOKEN_EXPIRED', message: '登录已过期', details: [] }))
      .mockImplementationOnce(() => reply(200, tokens(2)))
      .mockImplementationOnce(() => reply(200, { user, houses: [] }));
    await expect(request('/api/auth/me')).resolves.toEqual({ user, houses: [] });
    const urls = Taro.request.mock.calls.map(([call]) => call.url);
    expect(urls).toEqual([
      'http://api.test/api/auth/me',
      'http://api.test/api/auth/refresh',
      'http://api.test/api/auth/me',
    ]);
    expect(Taro.request.mock.calls[1][0].data).toEqual({ refreshToken: 'refresh-1' });
    expect(Taro.request.mock.calls[2][0].header?.Authorization).toBe('Bearer access-2');
    expect(getAccessToken()).toBe('access-2');
    expect(Taro.reLaunch).not.toHaveBeenCalled();
  });

  it('shares one refresh between concurrent 401s', async () => {
    let refreshes = 0;
    Taro.request.mockImplementation((call) => {
      if (call.url.endsWith('/api/auth/refresh')) {
        refreshes++;
        return reply(200, tokens(2));
      }
      return call.header?.Authorization === 'Bearer access-2'
        ? reply(200, { ok: call.url })
        : reply(401, { code: 'TOKEN_EXPIRED', message: '登录已过期', details: [] });
    });
    await Promise.all([request('/api/a'), request('/api/b'), request('/api/c')]);
    expect(refreshes).toBe(1);
  });

  it('sends the user to the login page when the refresh fails', async () => {
    Taro.request
      .mockImplementationOnce(() => reply(401, { code: 'TOKEN_EXPIRED', message: '登录已过期', details: [] }))
      .mockImplementationOnce(() => reply(401, { code: 'UNAUTHENTICATED', message: '请先登录', details: [] }));
    await expect(request('/api/auth/me')).rejects.toMatchObject({ status: 401 });
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/login/index' });
    expect(getAccessToken()).toBe('');
    expect(getRefreshToken()).toBe('');
    expect(getUser()).toBeNull();
  });

  it('says a switched-off account is switched off, not that the login expired', async () => {
    Taro.request
      .mockImplementationOnce(() => reply(401, { code: 'ACCOUNT_DISABLED', message: '账号已停用', details: [] }))
      .mockImplementationOnce(() => reply(401, { code: 'ACCOUNT_DISABLED', message: '账号已停用', details: [] }));
    await expect(request('/api/auth/me')).rejects.toMatchObject({ status: 401, message: '账号已停用' });
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/login/index' });
  });

  it('does not refresh for public endpoints (a bad login code is just an error)', async () => {
    Taro.request.mockImplementationOnce(() =>
      reply(401, { code: 'WECHAT_CODE_INVALID', message: '登录凭证无效，请重试', details: [] }),
    );
    await expect(
      request('/api/auth/wechat', { method: 'POST', data: { code: 'x' }, auth: false }),
    ).rejects.toMatchObject({ code: 'WECHAT_CODE_INVALID', message: '登录凭证无效，请重试' });
    expect(Taro.request).toHaveBeenCalledTimes(1);
    expect(Taro.reLaunch).not.toHaveBeenCalled();
  });
});
