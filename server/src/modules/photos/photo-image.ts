import { createHash } from 'node:crypto';
import { MAX_PHOTOS } from '@linli/shared';
import sharp from 'sharp';

/** Photos per upload, per request and per timeline step (the same rule as the forms' `photoIds`). */
export { MAX_PHOTOS };
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** Long edge of a stored original and of a thumbnail. */
export const MAX_EDGE_PX = 2560;
export const THUMBNAIL_EDGE_PX = 320;
/** Decoding more pixels than this would take hundreds of MB; no phone photo comes near (a 48 MP camera is 48 M). */
const MAX_INPUT_PIXELS = 100_000_000;

export type PhotoMime = 'image/jpeg' | 'image/png' | 'image/webp';
export const THUMBNAIL_MIME = 'image/jpeg';
export const EXTENSIONS: Record<PhotoMime, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/** Why a file is refused, in the words the resident sees. */
export const REJECTIONS = {
  empty: '文件为空',
  tooLarge: '超过 10 MB',
  unsupported: '格式不支持，仅支持 JPEG、PNG、WebP 图片',
  corrupt: '文件已损坏，无法识别为图片',
  tooManyPixels: '图片像素过多，无法处理',
} as const;

export class PhotoRejected extends Error {}

/** The image type by its first bytes, whatever the file is called or claims to be. */
export function sniffImageType(data: Buffer): PhotoMime | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'image/png';
  }
  if (data.length >= 12 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP') {
    return 'image/webp';
  }
  return null;
}

export interface ProcessedPhoto {
  mime: PhotoMime;
  data: Buffer;
  width: number;
  height: number;
  sha256: string;
  thumbnail: Buffer;
}

/**
 * Checks an uploaded file and re-encodes it: turned upright by its EXIF orientation, long edge
 * capped, same format, and no metadata at all (sharp writes none unless asked, so EXIF with its
 * GPS position, XMP and IPTC are gone), plus a JPEG thumbnail for lists. Throws `PhotoRejected`
 * with the reason when the file is not a photo we take.
 */
export async function processPhoto(input: Buffer): Promise<ProcessedPhoto> {
  if (input.length === 0) throw new PhotoRejected(REJECTIONS.empty);
  if (input.length > MAX_PHOTO_BYTES) throw new PhotoRejected(REJECTIONS.tooLarge);
  const mime = sniffImageType(input);
  if (!mime) throw new PhotoRejected(REJECTIONS.unsupported);

  let output: { data: Buffer; info: sharp.OutputInfo };
  try {
    // failOn 'warning' (the default, spelled out): a truncated JPEG is refused, not padded with grey.
    const pipeline = sharp(input, { failOn: 'warning', limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .resize({ width: MAX_EDGE_PX, height: MAX_EDGE_PX, fit: 'inside', withoutEnlargement: true });
    if (mime === 'image/jpeg') pipeline.jpeg({ quality: 85 });
    else if (mime === 'image/png') pipeline.png();
    else pipeline.webp({ quality: 85 });
    output = await pipeline.toBuffer({ resolveWithObject: true });
  } catch (error) {
    if (/pixel limit/i.test((error as Error).message)) throw new PhotoRejected(REJECTIONS.tooManyPixels);
    throw new PhotoRejected(REJECTIONS.corrupt);
  }

  const thumbnail = await sharp(output.data)
    .resize({ width: THUMBNAIL_EDGE_PX, height: THUMBNAIL_EDGE_PX, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 80 })
    .toBuffer();

  return {
    mime,
    data: output.data,
    width: output.info.width,
    height: output.info.height,
    sha256: createHash('sha256').update(output.data).digest('hex'),
    thumbnail,
  };
}
