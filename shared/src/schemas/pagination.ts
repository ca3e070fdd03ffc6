import { z } from 'zod';

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 50;
/**
 * Lists count at most this many rows: a count over a whole project or a busy resident's
 * history would read all of it on every page view. Beyond it the total says "1000+".
 */
export const LIST_TOTAL_CAP = 1000;
/** `page` still works for lists that page by cursor, but only this many rows deep. */
export const MAX_PAGE_OFFSET = 1000;

/** Query strings arrive as text, so the numbers are coerced. */
export const paginationSchema = z.object({
  page: z.coerce.number({ error: '页码无效' }).int('页码无效').min(1, '页码从 1 开始').default(1),
  pageSize: z.coerce
    .number({ error: '每页条数无效' })
    .int('每页条数无效')
    .min(1, '每页至少 1 条')
    .max(MAX_PAGE_SIZE, `每页最多 ${MAX_PAGE_SIZE} 条`)
    .default(DEFAULT_PAGE_SIZE),
});
export type Pagination = z.output<typeof paginationSchema>;

/**
 * Lists over requests page by cursor: `cursor` is the `next` of the page before, opaque
 * (base64url of the last row's sort key). With a cursor, `page` is ignored.
 */
export const listQuerySchema = paginationSchema.extend({
  cursor: z
    .string()
    .max(120, '翻页位置无效，请从第一页重新加载')
    .regex(/^[A-Za-z0-9_-]+$/, '翻页位置无效，请从第一页重新加载')
    .optional(),
});
export type ListQuery = z.output<typeof listQuerySchema>;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * A page of a keyset list. `total` is exact up to LIST_TOTAL_CAP; beyond, it is
 * LIST_TOTAL_CAP and `totalCapped` is true (show "1000+"). `next` is the cursor of the page
 * after this one, null on the last. `page` echoes the page asked for, null when a cursor was.
 */
export interface ListPage<T> {
  items: T[];
  next: string | null;
  total: number;
  totalCapped: boolean;
  page: number | null;
  pageSize: number;
}

/** A capped count as people read it: "37", or "1000+" past the cap. */
export function countLabel(total: number, capped: boolean): string {
  return capped ? `${total}+` : String(total);
}
