import { Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, of, type Observable } from 'rxjs';
import { withTransactionHook } from '../../database/transaction';
import type { AuthUser } from '../auth/auth-user';
import { requestFingerprint } from './fingerprint';
import { readIdempotencyKey, REPLAYED_HEADER } from './idempotency-key.header';
import { IdempotencyStore, type Claimed } from './idempotency-store';

type KeyedRequest = FastifyRequest & { auth?: AuthUser };

/**
 * Serves a repeated `Idempotency-Key` the first attempt's answer instead of running the handler
 * again. Runs after the guards, so the key is scoped to the signed-in caller and a replay still
 * counts against the rate limits. Without the header the route behaves as if unmarked.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<KeyedRequest>();
    const key = readIdempotencyKey(request.headers);
    if (key === null || !request.auth) return next.handle();

    const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
    // A multipart body is a stream the handler reads; only its route and parameters are compared.
    const multipart = request.isMultipart?.() ?? false;
    const fingerprint = requestFingerprint(route, request.params, multipart ? null : request.body);
    const outcome = await this.store.claimOrReplay({ userId: request.auth.userId, key, route, fingerprint });
    if (outcome.kind === 'replay') {
      // Let an unread upload flow in and be discarded, so the client is not cut off mid-send.
      if (multipart) request.raw.resume();
      void http.getResponse<FastifyReply>().header(REPLAYED_HEADER, 'true').status(outcome.status);
      return of(outcome.body);
    }
    return from(this.run(context, next, outcome));
  }

  private async run(context: ExecutionContext, next: CallHandler, claimed: Claimed): Promise<unknown> {
    let body: unknown;
    // Background work started by the handler inherits its async context; once the handler is
    // done, its transactions are not this request's write.
    let handling = true;
    try {
      body = await withTransactionHook(
        async (manager) => (handling ? this.store.markCommitted(manager, claimed) : undefined),
        () => lastValueFrom(next.handle(), { defaultValue: undefined }),
      );
    } catch (error) {
      await this.store.abandon(claimed).catch((cause: unknown) => this.logger.warn({ err: cause }, 'key not freed'));
      throw error;
    } finally {
      handling = false;
    }
    this.store.finish(claimed, this.statusOf(context), body);
    return body;
  }

  /** The status Nest will send: the route's @HttpCode, else 201 for POST and 200 otherwise. */
  private statusOf(context: ExecutionContext): number {
    const fixed = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler());
    if (fixed !== undefined) return fixed;
    return context.switchToHttp().getRequest<FastifyRequest>().method === 'POST' ? 201 : 200;
  }
}
