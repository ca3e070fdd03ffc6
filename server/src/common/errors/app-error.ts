import type { FieldError } from '@linli/shared';

/**
 * Every refusal the API gives has a code; the HTTP status follows from the code alone,
 * so the same mistake looks the same from every endpoint (twenty's coded exceptions).
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  TOKEN_EXPIRED: 401,
  ACCOUNT_DISABLED: 401,
  WECHAT_CODE_INVALID: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  WECHAT_UNAVAILABLE: 502,
  SERVICE_UNAVAILABLE: 503,
  DATABASE_UNAVAILABLE: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export interface AppErrorOptions {
  /** Sent as `Retry-After` (429, 503): when trying again makes sense. */
  retryAfterSeconds?: number;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: FieldError[] = [],
    readonly options: AppErrorOptions = {},
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  static notFound(what: string): AppError {
    return new AppError('NOT_FOUND', `${what}不存在或无权查看`);
  }

  static validation(details: FieldError[], message = '提交的内容有误，请检查后重试'): AppError {
    return new AppError('VALIDATION_FAILED', message, details);
  }
}
