import Taro from '@tarojs/taro';
import type { Picked } from './unusable';

/**
 * weapp: `Taro.chooseImage` (compressed), which hands over every picked photo with its size.
 * h5 has its own `pick.h5.ts`. Rejects as chooseImage does (a cancel has `cancel` in errMsg).
 */
export async function pickPhotos(count: number, sourceType: ('album' | 'camera')[]): Promise<Picked> {
  const picked = await Taro.chooseImage({ count, sizeType: ['compressed'], sourceType });
  const files: { path: string; size?: number }[] = picked.tempFiles?.length
    ? picked.tempFiles
    : picked.tempFilePaths.map((path) => ({ path }));
  return { photos: files.map((file) => ({ path: file.path, size: file.size })), dropped: [] };
}
