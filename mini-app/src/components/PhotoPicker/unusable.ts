import { MAX_PHOTO_BYTES, PHOTO_MIMES } from '@linli/shared';
import { ApiError } from '../../services/http';
import { PHOTO_UPLOAD_FIELD } from '../../services/photos';

/** A photo picked but not worth uploading, or refused by the server for what it is. */
export type UnusableReason = 'unsupported' | 'tooLarge' | 'corrupt' | 'unknown';
export type KnownReason = Exclude<UnusableReason, 'unknown'>;

/** What the picker knows of a picked file: weapp gives the size, h5 the size and the MIME type. */
export interface PickedPhoto {
  path: string;
  size?: number;
  type?: string;
}

export interface Picked {
  /** What the picker hands over, in order. */
  photos: PickedPhoto[];
  /** Files the resident picked that the picker itself could not read, and so left out. */
  dropped: PickedPhoto[];
}

/** Short, for the toast. */
export const REASON_LABELS: Record<KnownReason, string> = {
  unsupported: '格式不支持',
  tooLarge: '超过大小上限',
  corrupt: '文件已损坏',
};

/** Longer, under the grid: the same words as the server's refusals. */
export const REASON_DETAILS: Record<KnownReason, string> = {
  unsupported: '格式不支持，仅支持 JPEG、PNG、WebP 图片',
  tooLarge: `超过 ${MAX_PHOTO_BYTES / (1024 * 1024)} MB`,
  corrupt: '文件已损坏，无法识别为图片',
};

/** Why a picked file would be refused, told before spending the resident's data on the upload. */
export function screenPicked(file: PickedPhoto): KnownReason | null {
  if (file.size !== undefined && file.size > MAX_PHOTO_BYTES) return 'tooLarge';
  // An empty type is a browser that could not tell: the server sniffs the content anyway.
  if (file.type && !(PHOTO_MIMES as readonly string[]).includes(file.type)) return 'unsupported';
  if (file.size === 0) return 'corrupt';
  return null;
}

/**
 * What of a pick to upload (up to `room`), and why the rest is skipped. What the picker could
 * not decode is damaged, unless its type or size says more.
 */
export function triage(picked: Picked, room: number): { uploads: PickedPhoto[]; skipped: KnownReason[] } {
  const skipped = picked.dropped.map((file) => screenPicked(file) ?? 'corrupt');
  const uploads: PickedPhoto[] = [];
  for (const file of picked.photos.slice(0, room)) {
    const reason = screenPicked(file);
    if (reason) skipped.push(reason);
    else uploads.push(file);
  }
  return { uploads, skipped };
}

/**
 * The server's refusal of the photo itself (400 naming the file: type, size, damage), read into
 * a reason ('unknown' when its words are new); null for what is not the photo's fault (network,
 * the day's quota, a server error), which the picker reports as before.
 */
export function rejectionReason(error: unknown): UnusableReason | null {
  if (!(error instanceof ApiError)) return null;
  if (error.status === 413) return 'tooLarge';
  if (error.status === 415) return 'unsupported';
  const about = error.details.filter((detail) => detail.field.split('.')[0] === PHOTO_UPLOAD_FIELD);
  if (error.status !== 400 || about.length === 0) return null;
  const text = about.map((detail) => detail.message).join('；');
  if (/格式不支持|仅支持/.test(text)) return 'unsupported';
  if (/超过\s*\d+\s*MB|像素过多/.test(text)) return 'tooLarge';
  if (/损坏|无法识别|为空/.test(text)) return 'corrupt';
  return 'unknown';
}

/**
 * The toast for the photos that were skipped: one photo picked and unusable, ask for another;
 * several, say how many were skipped. The reasons are named when known.
 */
export function unusableToast(reasons: UnusableReason[], picked: number): string {
  const known = [...new Set(reasons)].flatMap((reason) => (reason === 'unknown' ? [] : [REASON_LABELS[reason]]));
  const why = known.length ? `（${known.join('、')}）` : '';
  if (reasons.length === 1 && picked <= 1) return `这张照片无法使用${why}，请换一张`;
  return `有 ${reasons.length} 张照片无法使用${why}，已跳过`;
}
