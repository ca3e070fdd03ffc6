import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { IDEMPOTENCY_HEADER } from './idempotency-key.header';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * Marks a create or a step as safe to repeat: with an `Idempotency-Key`, the same key and body
 * within 24 h get the first answer, a different body with that key 422, and twins at once one
 * write (docs/api.md). Writes must go through `inTransaction` to be recorded with the key.
 */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: IDEMPOTENCY_HEADER,
      required: false,
      description:
        '每次提交一个新值（8–128 位字母、数字或 _ - : .），重试时沿用：24 小时内同一值与同一内容返回首次的结果（带 Idempotent-Replayed: true），内容不同返回 422 IDEMPOTENCY_KEY_REUSED',
    }),
  );
