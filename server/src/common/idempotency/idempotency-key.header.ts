import { AppError } from '../errors/app-error';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
const KEY_PATTERN = /^[A-Za-z0-9_\-:.]{8,128}$/;

/** The header's value, `null` when absent, or a 400 naming the header when it is malformed. */
export function readIdempotencyKey(headers: Record<string, string | string[] | undefined>): string | null {
  const value = headers[IDEMPOTENCY_HEADER.toLowerCase()];
  if (value === undefined) return null;
  if (typeof value !== 'string' || !KEY_PATTERN.test(value)) {
    throw AppError.validation(
      [{ field: IDEMPOTENCY_HEADER, message: 'Idempotency-Key 须为 8–128 个字母、数字或 _ - : . 字符' }],
      'Idempotency-Key 格式不正确',
    );
  }
  return value;
}
