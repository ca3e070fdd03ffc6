import Taro from '@tarojs/taro';
import type { Picked } from './unusable';

interface H5TempFile {
  path: string;
  size: number;
  type: string;
  originalFileObj?: File;
}

/**
 * h5: `Taro.chooseImage` opens a file input and hands over only the files the browser could
 * decode, logging the others away. The input's own change event, seen first (capture on the
 * document), tells every file the resident picked, so the ones left out can be named.
 */
export async function pickPhotos(count: number, sourceType: ('album' | 'camera')[]): Promise<Picked> {
  let chosen: File[] = [];
  const record = (event: Event) => {
    const input = event.target as HTMLInputElement | null;
    if (input?.tagName === 'INPUT' && input.type === 'file' && input.files) chosen = [...input.files];
  };
  document.addEventListener('change', record, true);
  try {
    const picked = await Taro.chooseImage({ count, sizeType: ['compressed'], sourceType });
    const files = (picked.tempFiles ?? []) as H5TempFile[];
    const handed = new Set(files.map((file) => file.originalFileObj));
    return {
      photos: files.map((file) => ({ path: file.path, size: file.size, type: file.type })),
      dropped: chosen
        .filter((file) => !handed.has(file))
        .map((file) => ({ path: '', size: file.size, type: file.type })),
    };
  } finally {
    document.removeEventListener('change', record, true);
  }
}
