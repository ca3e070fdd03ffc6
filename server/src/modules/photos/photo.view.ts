/**
 * A stored photo as clients see it (the contract lives in `@linli/shared`): `url` and `thumbnailUrl`
 * are signed paths on the API's origin, e.g. `/api/photos/12/file?variant=original&exp=…&sig=…`,
 * valid about an hour; `size` is the stored (re-encoded) original's bytes.
 */
export type { PhotoView } from '@linli/shared';

/** Where a photo is attached: the request itself (`eventId` null) or one step of its timeline. */
export interface PhotoTarget {
  requestId: number;
  eventId?: number | null;
}
