import Taro from '../../test/taro.mock';
import { ApiError } from './http';
import { photoSrc, uploadPhoto } from './photos';
import { getAccessToken, saveSession } from './session';

const user = {
  id: 1,
  role: 'resident' as const,
  name: '张三',
  phone: '13800138000',
  phoneVerified: false,
  openid: 'demo-resident-1',
};
const tokens = (n: number) => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresIn: 900, user });
const photo = { id: 42, url: '/api/photos/42/file?sig=a', thumbnailUrl: '/api/photos/42/file?variant=thumb&sig=b' };

function answer(statusCode: number, body: unknown, progress?: number[]) {
  const promise = Promise.resolve({ statusCode, data: JSON.stringify(body) }) as Promise<{
    statusCode: number;
    data: string;
  }> & { progress?: (cb: (u: { progress: number }) => void) => void };
  promise.progress = (cb) => progress?.forEach((p) => cb({ progress: p }));
  return promise;
}

beforeEach(() => {
  Taro.__reset();
  saveSession(tokens(1));
});

describe('uploadPhoto', () => {
  it('posts the file as `files` with the bearer token and answers the photo', async () => {
    Taro.uploadFile.mockImplementationOnce(() => answer(201, [photo], [30, 100]));
    const seen: number[] = [];
    await expect(uploadPhoto('wxfile://tmp/a.jpg', (p) => seen.push(p))).resolves.toEqual(photo);
    const call = Taro.uploadFile.mock.calls[0][0];
    expect(call).toMatchObject({ url: 'http://api.test/api/photos', filePath: 'wxfile://tmp/a.jpg', name: 'files' });
    expect(call.header?.Authorization).toBe('Bearer access-1');
    expect(seen).toEqual([30, 100]);
  });

  it('refreshes the token once on 401 and sends again', async () => {
    Taro.uploadFile.mockImplementationOnce(() =>
      answer(401, { code: 'TOKEN_EXPIRED', message: '登录已过期', details: [] }),
    );
    Taro.request.mockImplementationOnce(() => Promise.resolve({ statusCode: 200, data: tokens(2) }));
    Taro.uploadFile.mockImplementationOnce(() => answer(201, [photo]));
    await expect(uploadPhoto('blob:x')).resolves.toEqual(photo);
    expect(getAccessToken()).toBe('access-2');
    expect(Taro.uploadFile.mock.calls[1][0].header?.Authorization).toBe('Bearer access-2');
  });

  it('throws the server’s reason for a bad file', async () => {
    Taro.uploadFile.mockImplementationOnce(() =>
      answer(400, { code: 'VALIDATION_FAILED', message: '只能上传 JPEG、PNG 或 WebP 图片', details: [] }),
    );
    const error = await uploadPhoto('blob:x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, message: '只能上传 JPEG、PNG 或 WebP 图片' });
  });

  it('turns a failed transfer into a network error', async () => {
    Taro.uploadFile.mockImplementationOnce(() => Promise.reject(new Error('uploadFile:fail')) as never);
    await expect(uploadPhoto('blob:x')).rejects.toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
  });
});

describe('photoSrc', () => {
  it('puts the API origin before signed paths (the mini-program needs absolute URLs)', () => {
    expect(photoSrc('/api/photos/1/file?sig=x')).toBe('http://api.test/api/photos/1/file?sig=x');
    expect(photoSrc('https://cdn.example.com/a.jpg')).toBe('https://cdn.example.com/a.jpg');
  });
});
