import { createHmac, timingSafeEqual } from 'node:crypto';

export const PHOTO_VARIANTS = ['original', 'thumbnail'] as const;
export type PhotoVariant = (typeof PHOTO_VARIANTS)[number];

/** A link works for at least this long after it was handed out. */
export const LINK_TTL_SECONDS = 60 * 60;
/**
 * Expiry is rounded up to the next 10 minutes, so a photo keeps the same link for 10 minutes and
 * the client's image cache can hit; a link therefore works 60 to 70 minutes.
 */
const EXPIRY_STEP_SECONDS = 10 * 60;

/**
 * Signed links to photo files. The mini-program's `<Image src>` cannot send an Authorization
 * header, so whoever was shown a photo gets a link that opens it for an hour: HMAC-SHA256 over
 * id, variant and expiry with the server's token secret (labelled, so it never equals a token MAC).
 */
export function photoSignature(secret: string, id: number, variant: PhotoVariant, exp: number): string {
  return createHmac('sha256', secret).update(`linli-photo-file\n${id}\n${variant}\n${exp}`).digest('base64url');
}

export function photoLinkExpiry(now: Date): number {
  const earliest = Math.floor(now.getTime() / 1000) + LINK_TTL_SECONDS;
  return Math.ceil(earliest / EXPIRY_STEP_SECONDS) * EXPIRY_STEP_SECONDS;
}

export function signedPhotoPath(secret: string, id: number, variant: PhotoVariant, exp: number): string {
  return `/api/photos/${id}/file?variant=${variant}&exp=${exp}&sig=${photoSignature(secret, id, variant, exp)}`;
}

/** The variant a link opens, or null when it is not one we signed or it has expired. */
export function verifyPhotoLink(
  secret: string,
  id: number,
  query: { variant?: unknown; exp?: unknown; sig?: unknown },
  now: Date,
): PhotoVariant | null {
  const variant = query.variant ?? 'original';
  if (typeof variant !== 'string' || !(PHOTO_VARIANTS as readonly string[]).includes(variant)) return null;
  if (typeof query.exp !== 'string' || !/^\d{1,12}$/.test(query.exp) || typeof query.sig !== 'string') return null;
  const exp = Number(query.exp);
  const expected = Buffer.from(photoSignature(secret, id, variant as PhotoVariant, exp));
  const given = Buffer.from(query.sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (exp * 1000 <= now.getTime()) return null;
  return variant as PhotoVariant;
}
