import { MAX_PHOTO_BYTES } from '@linli/shared';
import { ApiError } from '../../services/http';
import { rejectionReason, screenPicked, triage, unusableToast } from './unusable';

const MB = 1024 * 1024;

describe('screenPicked', () => {
  it('passes a JPEG, PNG or WebP within the size limit, and a file the picker says nothing of', () => {
    expect(screenPicked({ path: 'blob:a', size: 2 * MB, type: 'image/jpeg' })).toBeNull();
    expect(screenPicked({ path: 'blob:b', size: 2 * MB, type: 'image/webp' })).toBeNull();
    expect(screenPicked({ path: 'wxfile://tmp/c.jpg', size: MAX_PHOTO_BYTES })).toBeNull();
    expect(screenPicked({ path: 'wxfile://tmp/d.jpg' })).toBeNull();
    // A browser that could not tell the type: the server sniffs the bytes.
    expect(screenPicked({ path: 'blob:e', size: MB, type: '' })).toBeNull();
  });

  it('skips what the server would refuse', () => {
    expect(screenPicked({ path: 'blob:a', size: MAX_PHOTO_BYTES + 1, type: 'image/jpeg' })).toBe('tooLarge');
    expect(screenPicked({ path: 'blob:b', size: MB, type: 'image/gif' })).toBe('unsupported');
    expect(screenPicked({ path: 'blob:c', size: MB, type: 'image/heic' })).toBe('unsupported');
    expect(screenPicked({ path: 'blob:d', size: 0, type: 'image/png' })).toBe('corrupt');
  });
});

describe('triage', () => {
  it('uploads the usable ones up to the room left, and names why the others are skipped', () => {
    const good = (n: number) => ({ path: `blob:${n}`, size: MB, type: 'image/jpeg' });
    expect(
      triage(
        {
          photos: [good(1), { path: 'blob:big', size: 12 * MB, type: 'image/jpeg' }, good(2), good(3)],
          dropped: [
            { path: '', size: MB, type: 'image/jpeg' },
            { path: '', size: MB, type: 'text/plain' },
          ],
        },
        3,
      ),
    ).toEqual({ uploads: [good(1), good(2)], skipped: ['corrupt', 'unsupported', 'tooLarge'] });
  });
});

describe('rejectionReason', () => {
  const refused = (message: string, field = 'files') =>
    new ApiError(400, 'VALIDATION_FAILED', '有照片无法上传，未保存任何照片', [{ field, message }]);

  it("reads the server's refusal of the file", () => {
    expect(rejectionReason(refused('IMG_1.heic格式不支持，仅支持 JPEG、PNG、WebP 图片'))).toBe('unsupported');
    expect(rejectionReason(refused('IMG_2.jpg超过 10 MB'))).toBe('tooLarge');
    expect(rejectionReason(refused('图片像素过多，无法处理'))).toBe('tooLarge');
    expect(rejectionReason(refused('IMG_3.jpg文件已损坏，无法识别为图片'))).toBe('corrupt');
    expect(rejectionReason(refused('文件为空'))).toBe('corrupt');
    expect(rejectionReason(refused('一种新的理由'))).toBe('unknown');
    expect(rejectionReason(new ApiError(413, 'PAYLOAD_TOO_LARGE', '上传的内容过大'))).toBe('tooLarge');
  });

  it('is null for what is not the photo’s fault', () => {
    expect(rejectionReason(new ApiError(0, 'NETWORK_ERROR', '网络不给力'))).toBeNull();
    expect(rejectionReason(new ApiError(429, 'TOO_MANY_REQUESTS', '今天已上传 50 张照片'))).toBeNull();
    expect(rejectionReason(new ApiError(500, 'INTERNAL', '服务器开小差了'))).toBeNull();
    expect(rejectionReason(refused('Idempotency-Key 格式不正确', 'idempotency-key'))).toBeNull();
    expect(rejectionReason(new Error('boom'))).toBeNull();
  });
});

describe('unusableToast', () => {
  it('asks for another when the one photo picked cannot be used', () => {
    expect(unusableToast(['tooLarge'], 1)).toBe('这张照片无法使用（超过大小上限），请换一张');
    expect(unusableToast(['unknown'], 1)).toBe('这张照片无法使用，请换一张');
  });

  it('counts the skipped ones of several, naming each reason once', () => {
    expect(unusableToast(['unsupported'], 3)).toBe('有 1 张照片无法使用（格式不支持），已跳过');
    expect(unusableToast(['unsupported', 'tooLarge', 'unsupported'], 5)).toBe(
      '有 3 张照片无法使用（格式不支持、超过大小上限），已跳过',
    );
    expect(unusableToast(['unknown', 'unknown'], 2)).toBe('有 2 张照片无法使用，已跳过');
  });
});
