import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import { RateLimiter } from '../../common/rate-limit/rate-limiter';
import type { RateRule } from '../../common/rate-limit/rate-limit-policies';
import { BIND_CODE_MAX_FAILURES, OfficialAccountLinks } from './official-account-links';
import { readBindCode } from './bind-code';

/**
 * Tries per follower and for everyone together. Not scaled by RATE_LIMIT_FACTOR: these bound
 * guessing, not load. A person mistypes once or twice; a script is stopped after 5.
 */
export const BIND_TRIES_PER_SENDER: RateRule = { limit: 5, windowSeconds: 600 };
/** Many accounts guessing together still make at most this many tries a minute. */
export const BIND_TRIES_OVERALL: RateRule = { limit: 60, windowSeconds: 60 };

const INVALID = `绑定码无效或已过期，请在小程序重新获取（输错 ${BIND_CODE_MAX_FAILURES} 次绑定码即失效）。`;

/** A text sent to the official account that may be a bind code: the reply, or null when it is not one. */
@Injectable()
export class BindCodeRedemption {
  constructor(
    private readonly links: OfficialAccountLinks,
    private readonly limiter: RateLimiter,
  ) {}

  async reply(openid: string, text: string): Promise<string | null> {
    const code = readBindCode(text);
    if (code === null) return null;
    try {
      // The sender's own limit first, so one flooding account cannot use up everyone's.
      await this.limiter.consumeKey(`oa-bind:sender:${openid}`, BIND_TRIES_PER_SENDER);
      await this.limiter.consumeKey('oa-bind:all', BIND_TRIES_OVERALL);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'TOO_MANY_REQUESTS') throw error;
      const minutes = Math.max(1, Math.ceil((error.options.retryAfterSeconds ?? 60) / 60));
      return `尝试次数过多，请 ${minutes} 分钟后再发送绑定码。`;
    }
    if (code === 'guess') return INVALID;
    const result = await this.links.linkByCode(openid, code);
    // A wrong secret and an unknown handle read the same: the reply tells a guesser nothing.
    if (result.kind !== 'linked') return INVALID;
    return `${result.user.name}，绑定成功！新工单将通过公众号通知您。`;
  }
}
