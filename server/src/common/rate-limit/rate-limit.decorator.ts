import { SetMetadata } from '@nestjs/common';
import type { RatePolicyName } from './rate-limit-policies';

export const RATE_LIMIT_METADATA = 'linli:rate-limit';

/**
 * Names the limit a route counts against. Unmarked writes count against `write`; unmarked
 * reads are not limited (they change nothing and the database's own limits bound them).
 */
export const RateLimit = (policy: RatePolicyName) => SetMetadata(RATE_LIMIT_METADATA, policy);
