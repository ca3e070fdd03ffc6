import {
  ArgumentsHost,
  Catch,
  HttpException,
  Logger,
  ServiceUnavailableException,
  type ExceptionFilter,
} from '@nestjs/common';
import type { ApiErrorBody } from '@linli/shared';
import type { HealthCheckResult } from '@nestjs/terminus';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  databaseUnavailable,
  isDatabaseUnavailable,
} from '../../database/database-unavailable';
import { OutageNotice } from '../../database/outage-notice';
import { AppError, ERROR_STATUS, type ErrorCode } from './app-error';

/** Fastify's own client errors (body parsing, size limits) mapped to our codes. */
const FASTIFY_CODES: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', message: '请求体过大' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的内容类型' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'BAD_REQUEST', message: '请求长度不正确' },
};

const HTTP_CODES: Record<number, { code: ErrorCode; message: string }> = {
  400: { code: 'BAD_REQUEST', message: '请求无效' },
  401: { code: 'UNAUTHENTICATED', message: '请先登录' },
  403: { code: 'FORBIDDEN', message: '没有权限执行此操作' },
  404: { code: 'NOT_FOUND', message: '请求的地址不存在' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: '请求体过大' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的内容类型' },
  429: { code: 'TOO_MANY_REQUESTS', message: '操作太频繁，请稍后再试' },
};

interface ErrorResponse {
  status: number;
  body: ApiErrorBody | HealthCheckResult;
  retryAfterSeconds?: number;
}

/** Terminus' verdict (`{status:'error', info, error, details}`), which monitoring reads as it is. */
function isHealthCheckResult(value: unknown): value is HealthCheckResult {
  return typeof value === 'object' && value !== null && 'status' in value && 'details' in value;
}

/**
 * One exit for every error: known ones trimmed to `{code, message, details}`, an unreachable
 * database a 503 the client may retry, anything else logged with the request id and answered as
 * a 500 that reveals nothing (immich's filter).
 */
@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('GlobalExceptionFilter');
  private readonly outage = new OutageNotice(this.logger, 'requests');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const { status, body, retryAfterSeconds } = this.toResponse(exception, String(request?.id ?? ''));
    if (retryAfterSeconds !== undefined) {
      void reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfterSeconds))));
    }
    // A body refused as too large is left unread, so the connection cannot carry another request.
    if (status === 413) void reply.header('connection', 'close');
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toResponse(exception: unknown, requestId: string): ErrorResponse {
    if (exception instanceof AppError) {
      return {
        status: exception.status,
        body: { code: exception.code, message: exception.message, details: exception.details },
        retryAfterSeconds: exception.options.retryAfterSeconds,
      };
    }
    if (isDatabaseUnavailable(exception)) {
      // Logged as one outage, not a line per request: the cause is the same for all of them.
      this.outage.failed(exception);
      return this.toResponse(databaseUnavailable(), requestId);
    }
    if (exception instanceof ServiceUnavailableException) {
      const response = exception.getResponse();
      return isHealthCheckResult(response)
        ? { status: 503, body: response, retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS }
        : {
            status: 503,
            body: { code: 'SERVICE_UNAVAILABLE', message: '服务暂时不可用，请稍后再试', details: [] },
            retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
          };
    }
    const fastifyCode = (exception as { code?: string })?.code;
    if (fastifyCode && FASTIFY_CODES[fastifyCode]) {
      const known = FASTIFY_CODES[fastifyCode];
      return { status: ERROR_STATUS[known.code], body: { ...known, details: [] } };
    }
    const status =
      exception instanceof HttpException ? exception.getStatus() : (exception as { statusCode?: number })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const known = HTTP_CODES[status] ?? { code: 'BAD_REQUEST' as ErrorCode, message: '请求无效' };
      return { status, body: { ...known, details: [] } };
    }
    this.logger.error({ err: exception, requestId }, 'unhandled error');
    return {
      status: 500,
      body: { code: 'INTERNAL', message: `服务器出错了，请稍后再试（编号 ${requestId}）`, details: [] },
    };
  }
}
