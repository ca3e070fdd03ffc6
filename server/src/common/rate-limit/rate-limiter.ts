import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { AppError } from '../errors/app-error';
import { SharedStore } from '../shared-store/shared-store';
import type { RatePolicyName, RateRule } from './rate-limit-policies';

export interface RateSubject {
  ip: string;
  userId?: number;
}

/** Counts hits in the shared store, so a limit holds across every instance of the server. */
@Injectable()
export class RateLimiter {
  constructor(
    private readonly store: SharedStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Counts one hit against the policy, or refuses with 429 and how long to wait. */
  async consume(policy: RatePolicyName, subject: RateSubject): Promise<void> {
    const rules = this.config.rateLimits[policy];
    if (rules.perIp) await this.hit(`rl:${policy}:ip:${subject.ip}`, rules.perIp);
    if (rules.perUser && subject.userId !== undefined) {
      await this.hit(`rl:${policy}:user:${subject.userId}`, rules.perUser);
    }
  }

  /** A named limit on anything (a sender, a code): the same counters for other subjects. */
  async consumeKey(key: string, rule: RateRule): Promise<void> {
    await this.hit(`rl:${key}`, rule);
  }

  private async hit(key: string, rule: RateRule): Promise<void> {
    const { count, resetInMs } = await this.store.increment(key, rule.windowSeconds * 1000);
    if (count > rule.limit) {
      const seconds = Math.max(1, Math.ceil(resetInMs / 1000));
      throw new AppError('TOO_MANY_REQUESTS', `操作太频繁，请 ${seconds} 秒后再试`, [], { retryAfterSeconds: seconds });
    }
  }
}
