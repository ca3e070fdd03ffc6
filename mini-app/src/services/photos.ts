import Taro from '@tarojs/taro';
import type { PhotoView } from '@linli/shared';
import { API_ROOT, ApiError, NETWORK_ERROR_MESSAGE, refreshTokens, sendToLogin, toApiError } from './http';
import { IDEMPOTENCY_HEADER, settleSubmission, submissionKey } from './idempotency';
import { getAccessToken } from './session';

export const PHOTO_UPLOAD_PATH = '/api/photos';
/** The multipart field of the file; the server names it in a refusal of the file itself. */
export const PHOTO_UPLOAD_FIELD = 'files';

/** Photo URLs are signed paths (`<Image>` cannot send a token); the mini-program needs the origin. */
export function photoSrc(url: string): string {
  return url.startsWith('/') ? `${API_ROOT}${url}` : url;
}

function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}

async function sendFile(filePath: string, token: string, key: string, onProgress?: (percent: number) => void) {
  const header: Record<string, string> = { [IDEMPOTENCY_HEADER]: key };
  if (token) header.Authorization = `Bearer ${token}`;
  try {
    const task = Taro.uploadFile({
      url: `${API_ROOT}${PHOTO_UPLOAD_PATH}`,
      filePath,
      name: PHOTO_UPLOAD_FIELD,
      header,
      timeout: 60_000,
    });
    if (onProgress && typeof task.progress === 'function') {
      task.progress((update) => onProgress(update.progress));
    }
    const response = await task;
    return { statusCode: response.statusCode, data: parseBody(response.data) };
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', NETWORK_ERROR_MESSAGE);
  }
}

/**
 * Uploads one picture (`Taro.uploadFile`, multipart field `files`) and answers its PhotoView.
 * Like `request`, refreshes the token once on 401. The server checks the content (JPEG, PNG,
 * WebP; 10 MB) and answers 400 with the reason.
 */
export async function uploadPhoto(filePath: string, onProgress?: (percent: number) => void): Promise<PhotoView> {
  // One submission per picked file: retrying the same file after a failed upload reuses its key.
  const target = `POST ${PHOTO_UPLOAD_PATH} ${filePath}`;
  const key = await submissionKey(target, filePath);
  let response = await sendFile(filePath, getAccessToken(), key, onProgress);
  if (response.statusCode === 401) {
    if (await refreshTokens()) response = await sendFile(filePath, getAccessToken(), key, onProgress);
    if (response.statusCode === 401) {
      sendToLogin();
      throw toApiError(401, response.data);
    }
  }
  const code = (response.data as { code?: unknown } | null)?.code;
  settleSubmission(target, filePath, response.statusCode, typeof code === 'string' ? code : undefined);
  if (response.statusCode < 200 || response.statusCode >= 300) {
    throw toApiError(response.statusCode, response.data);
  }
  const photos = response.data as PhotoView[] | PhotoView;
  const photo = Array.isArray(photos) ? photos[0] : photos;
  if (!photo || typeof photo.id !== 'number') throw new ApiError(502, 'BAD_RESPONSE', '上传失败，请重试');
  return photo;
}
