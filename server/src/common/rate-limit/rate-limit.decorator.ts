import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { RatePolicyName } from './rate-limit-policies';

export const RATE_LIMIT_METADATA = 'linli:rate-limit';

/**
 * Names the limit a route counts against. Unmarked writes count against `write`; unmarked
 * reads are not limited (they change nothing and the database's own limits bound them).
 */
export const RateLimit = (policy: RatePolicyName) =>
  applyDecorators(
    SetMetadata(RATE_LIMIT_METADATA, policy),
    ApiTooManyRequestsResponse({ description: `操作太频繁（限流策略 ${policy}），Retry-After 给出可重试的秒数` }),
  );
