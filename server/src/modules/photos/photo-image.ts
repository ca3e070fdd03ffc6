import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { MAX_PHOTO_BYTES, MAX_PHOTOS, type PHOTO_MIMES } from '@linli/shared';
import sharp from 'sharp';

/** Photos per upload, per request and per timeline step (the same rule as the forms' `photoIds`). */
export { MAX_PHOTO_BYTES, MAX_PHOTOS };
/** Long edge of a stored original and of a thumbnail. */
export const MAX_EDGE_PX = 2560;
export const THUMBNAIL_EDGE_PX = 320;
/** Decoding more pixels than this would take hundreds of MB; no phone photo comes near (a 48 MP camera is 48 M). */
const MAX_INPUT_PIXELS = 100_000_000;

export type PhotoMime = (typeof PHOTO_MIMES)[number];
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

/** Reads the first bytes of a file, enough for `sniffImageType`. */
async function headOf(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(12);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/**
 * libvips defaults to a thread per core for every image and a 50 MB operation cache: with photos
 * already run in parallel by `ImageWorkLimiter`, one thread each and no cache keep the memory of
 * image work proportional to that limit alone. Process-wide, so set once by the photos module.
 */
export function configureImageLibrary(): void {
  sharp.concurrency(1);
  sharp.cache(false);
}

/** An upload as it lies in the temporary folder. */
export interface UploadedImage {
  path: string;
  size: number;
}

/** The re-encoded original and its thumbnail, both files in the temporary folder until stored. */
export interface ProcessedPhoto {
  mime: PhotoMime;
  path: string;
  size: number;
  width: number;
  height: number;
  sha256: string;
  thumbnailPath: string;
}

/**
 * Checks an uploaded file and re-encodes it: turned upright by its EXIF orientation, long edge
 * capped, same format, and no metadata at all (sharp writes none unless asked, so EXIF with its
 * GPS position, XMP and IPTC are gone), plus a JPEG thumbnail for lists. Throws `PhotoRejected`
 * with the reason when the file is not a photo we take. File to file: libvips reads and writes
 * the disk itself, so no copy of the photo is ever held in a JavaScript buffer. The output files'
 * names come from `tempPath`, whose owner removes them.
 */
export async function processPhoto(
  input: UploadedImage,
  tempPath: (suffix: string) => string,
): Promise<ProcessedPhoto> {
  if (input.size === 0) throw new PhotoRejected(REJECTIONS.empty);
  if (input.size > MAX_PHOTO_BYTES) throw new PhotoRejected(REJECTIONS.tooLarge);
  const mime = sniffImageType(await headOf(input.path));
  if (!mime) throw new PhotoRejected(REJECTIONS.unsupported);

  const path = tempPath(`.${EXTENSIONS[mime]}`);
  let info: sharp.OutputInfo;
  try {
    // failOn 'warning' (the default, spelled out): a truncated JPEG is refused, not padded with grey.
    const image = sharp(input.path, { failOn: 'warning', limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .resize({ width: MAX_EDGE_PX, height: MAX_EDGE_PX, fit: 'inside', withoutEnlargement: true });
    if (mime === 'image/jpeg') image.jpeg({ quality: 85 });
    else if (mime === 'image/png') image.png();
    else image.webp({ quality: 85 });
    info = await image.toFile(path);
  } catch (error) {
    if (/pixel limit/i.test((error as Error).message)) throw new PhotoRejected(REJECTIONS.tooManyPixels);
    throw new PhotoRejected(REJECTIONS.corrupt);
  }

  const thumbnailPath = tempPath('.thumb.jpg');
  await sharp(path)
    .resize({ width: THUMBNAIL_EDGE_PX, height: THUMBNAIL_EDGE_PX, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 80 })
    .toFile(thumbnailPath);

  return {
    mime,
    path,
    size: info.size,
    width: info.width,
    height: info.height,
    sha256: await sha256Of(path),
    thumbnailPath,
  };
}
