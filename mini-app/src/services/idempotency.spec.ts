import Taro from '../../test/taro.mock';
import { ApiError, request } from './http';
import { newIdempotencyKey, resetSubmissions, stableJson } from './idempotency';
import { uploadPhoto } from './photos';
import { createRequest, runAction } from './requests';
import { saveSession } from './session';

const user = {
  id: 1,
  role: 'resident' as const,
  name: '张三',
  phone: '13800138000',
  phoneVerified: false,
  openid: 'demo-resident-1',
};
const tokens = (n: number) => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresIn: 900, user });
const form = {
  kind: 'complaint' as const,
  houseBindingId: 3,
  categoryId: 7,
  content: '楼道垃圾三天没人清理',
  contactName: '张三',
  contactPhone: '13800138000',
  occurredAt: null,
  occurredPlace: null,
  demand: null,
  photoIds: [],
};
const KEY_FORMAT = /^[A-Za-z0-9_\-:.]{8,128}$/;

const reply = (statusCode: number, data: unknown) => Promise.resolve({ statusCode, data });
const offline = () => Promise.reject(new Error('request:fail'));
const keysSent = () => Taro.request.mock.calls.map(([call]) => call.header?.['Idempotency-Key']);

beforeEach(() => {
  Taro.__reset();
  resetSubmissions();
  saveSession(tokens(1));
});

describe('Idempotency-Key per submission', () => {
  it('sends a key on a create, and the same key when the same form is retried after a network failure', async () => {
    Taro.request.mockImplementationOnce(offline).mockImplementationOnce(() => reply(201, { id: 9, number: 'T1' }));
    await expect(createRequest(form)).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    await expect(createRequest({ ...form })).resolves.toMatchObject({ id: 9 });
    const [first, retry] = keysSent();
    expect(first).toMatch(KEY_FORMAT);
    expect(retry).toBe(first);
  });

  it('keeps the key across a 5xx, a 409 still in progress and the repeat after a token refresh', async () => {
    Taro.request
      .mockImplementationOnce(() =>
        reply(503, { code: 'DATABASE_UNAVAILABLE', message: '数据库暂时不可用', details: [] }),
      )
      .mockImplementationOnce(() => reply(409, { code: 'CONFLICT', message: '相同的请求正在处理', details: [] }))
      .mockImplementationOnce(() => reply(401, { code: 'TOKEN_EXPIRED', message: '登录已过期', details: [] }))
      .mockImplementationOnce(() => reply(200, tokens(2)))
      .mockImplementationOnce(() => reply(201, { id: 9 }));
    await expect(createRequest(form)).rejects.toBeInstanceOf(ApiError);
    await expect(createRequest(form)).rejects.toBeInstanceOf(ApiError);
    await expect(createRequest(form)).resolves.toMatchObject({ id: 9 });
    const sent = Taro.request.mock.calls.filter(([call]) => call.url.endsWith('/api/requests'));
    const keys = sent.map(([call]) => call.header?.['Idempotency-Key']);
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(1);
    // The refresh itself is no submission.
    const refresh = Taro.request.mock.calls.find(([call]) => call.url.endsWith('/api/auth/refresh'))!;
    expect(refresh[0].header?.['Idempotency-Key']).toBeUndefined();
  });

  it('a double tap sends one key for both', async () => {
    Taro.request.mockImplementation(() => reply(201, { id: 9 }));
    await Promise.all([createRequest(form), createRequest(form)]);
    const [a, b] = keysSent();
    expect(a).toMatch(KEY_FORMAT);
    expect(b).toBe(a);
  });

  it('a new submission gets a new key: after success, and when the form was changed', async () => {
    Taro.request
      .mockImplementationOnce(() => reply(201, { id: 9 }))
      .mockImplementationOnce(() => reply(201, { id: 10 }))
      .mockImplementationOnce(offline)
      .mockImplementationOnce(() => reply(201, { id: 11 }));
    await createRequest(form);
    await createRequest(form);
    await createRequest({ ...form, content: '改了内容再提交' }).catch(() => undefined);
    await createRequest({ ...form, content: '又改了一次内容' });
    const keys = keysSent();
    expect(new Set(keys).size).toBe(4);
  });

  it('a key refused as used for another request (422) is never sent again', async () => {
    Taro.request
      .mockImplementationOnce(() =>
        reply(422, {
          code: 'IDEMPOTENCY_KEY_REUSED',
          message: '该 Idempotency-Key 已用于另一个不同的请求',
          details: [],
        }),
      )
      .mockImplementationOnce(() => reply(201, { id: 9 }));
    await expect(createRequest(form)).rejects.toMatchObject({ status: 422 });
    await createRequest(form);
    const [a, b] = keysSent();
    expect(b).not.toBe(a);
  });

  it('keys each step by its request and action; reads and unmarked writes carry none', async () => {
    Taro.request.mockImplementation(() => reply(200, { id: 1 }));
    await runAction(1, 'urge', {});
    await runAction(2, 'urge', {});
    await request('/api/requests/mine');
    await request('/api/auth/logout', { method: 'POST' });
    const [one, two, read, unmarked] = keysSent();
    expect(one).toMatch(KEY_FORMAT);
    expect(two).toMatch(KEY_FORMAT);
    expect(two).not.toBe(one);
    expect([read, unmarked]).toEqual([undefined, undefined]);
  });

  it('uploads: a retried file reuses its key, another file gets its own', async () => {
    const answer = (statusCode: number, body: unknown) =>
      Promise.resolve({ statusCode, data: JSON.stringify(body) }) as ReturnType<typeof Taro.uploadFile>;
    const photo = { id: 42, url: '/a', thumbnailUrl: '/b' };
    Taro.uploadFile
      .mockImplementationOnce(() => Promise.reject(new Error('uploadFile:fail')) as ReturnType<typeof Taro.uploadFile>)
      .mockImplementationOnce(() => answer(201, [photo]))
      .mockImplementationOnce(() => answer(201, [{ ...photo, id: 43 }]));
    await expect(uploadPhoto('wxfile://a.jpg')).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    await uploadPhoto('wxfile://a.jpg');
    await uploadPhoto('wxfile://b.jpg');
    const [failed, retried, other] = Taro.uploadFile.mock.calls.map(([call]) => call.header?.['Idempotency-Key']);
    expect(failed).toMatch(KEY_FORMAT);
    expect(retried).toBe(failed);
    expect(other).not.toBe(failed);
  });
});

describe('newIdempotencyKey', () => {
  it('is 32 hex characters from Web Crypto, different every time', async () => {
    const keys = await Promise.all(Array.from({ length: 50 }, () => newIdempotencyKey()));
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(keys).size).toBe(50);
  });

  it('uses wx.getRandomValues where there is no Web Crypto, and Math.random where neither works', async () => {
    const webCrypto = Object.getOwnPropertyDescriptor(globalThis, 'crypto')!;
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
    try {
      Taro.getRandomValues.mockResolvedValueOnce({ randomValues: new Uint8Array(16).fill(0xab).buffer });
      expect(await newIdempotencyKey()).toBe('ab'.repeat(16));
      Taro.getRandomValues.mockRejectedValueOnce(new Error('getRandomValues:fail'));
      const fallback = await newIdempotencyKey();
      expect(fallback).toMatch(/^[0-9a-f]{32}$/);
      expect(fallback).not.toBe('ab'.repeat(16));
    } finally {
      Object.defineProperty(globalThis, 'crypto', webCrypto);
    }
  });

  it('compares forms by content, not by the order their fields were set', () => {
    expect(stableJson({ b: 1, a: [{ d: 2, c: null }], e: undefined })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
  });
});
