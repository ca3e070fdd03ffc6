import Taro from '@tarojs/taro';
import type { Picked } from './unusable';

/** WeChat's own cap on one chooseMedia call. */
export const MEDIA_PICK_LIMIT = 9;

/**
 * weapp: `Taro.chooseMedia` (images only, compressed), which hands over every picked photo with
 * its size; chooseImage is deprecated since base library 2.21.0. A privacy API: WeChat holds it
 * until the privacy guide is agreed to (services/privacy.ts). h5 has its own `pick.h5.ts`.
 * Rejects as chooseMedia does (a cancel has `cancel` in errMsg, a refused guide `privacy`).
 */
export async function pickPhotos(count: number, sourceType: ('album' | 'camera')[]): Promise<Picked> {
  const picked = await Taro.chooseMedia({
    count: Math.min(count, MEDIA_PICK_LIMIT),
    mediaType: ['image'],
    sourceType,
    sizeType: ['compressed'],
  });
  return {
    photos: picked.tempFiles.map((file) => ({ path: file.tempFilePath, size: file.size })),
    dropped: [],
  };
}
