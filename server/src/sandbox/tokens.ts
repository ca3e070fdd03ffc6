import { randomBytes } from 'node:crypto';
import { WechatErrcode } from './errors';
import type { AppKind } from './sandbox.types';

export const TOKEN_LIFETIME_MS = 7200_000;
/** How long a superseded token keeps working (both lineages), WECHAT.md §2. */
export const TOKEN_OVERLAP_MS = 300_000;

/** /cgi-bin/token and /cgi-bin/stable_token keep separate tokens: one never supersedes the other. */
export type TokenLineage = 'token' | 'stable';

export interface TokenRecord {
  value: string;
  app: AppKind;
  lineage: TokenLineage;
  issuedAt: number;
  expiresAt: number;
  /** When the token stops working before its natural expiry (superseded or force-refreshed). */
  revokedAt?: number;
}

export type TokenCheck =
  | { ok: true; token: TokenRecord }
  | { ok: false; errcode: typeof WechatErrcode.InvalidCredential | typeof WechatErrcode.AccessTokenExpired };

export class TokenStore {
  private readonly byValue = new Map<string, TokenRecord>();
  private readonly latest = new Map<string, TokenRecord>();

  constructor(private readonly now: () => number) {}

  clear(): void {
    this.byValue.clear();
    this.latest.clear();
  }

  /** /cgi-bin/token: always a new token; the previous one lives 5 more minutes at most. */
  issue(app: AppKind): TokenRecord {
    const previous = this.latest.get(lineageKey(app, 'token'));
    if (previous) this.revoke(previous, this.now() + TOKEN_OVERLAP_MS);
    return this.create(app, 'token');
  }

  /**
   * /cgi-bin/stable_token: the same token while it has more than 5 minutes left; in its last
   * 5 minutes a new one is issued and the old keeps working until it expires; force_refresh
   * kills the old one at once.
   */
  stable(app: AppKind, forceRefresh: boolean): TokenRecord {
    const current = this.latest.get(lineageKey(app, 'stable'));
    const now = this.now();
    if (current && this.isUsable(current, now)) {
      if (forceRefresh) this.revoke(current, now);
      else if (current.expiresAt - now > TOKEN_OVERLAP_MS) return current;
    }
    return this.create(app, 'stable');
  }

  check(value: string): TokenCheck {
    const token = this.byValue.get(value);
    if (!token) return { ok: false, errcode: WechatErrcode.InvalidCredential };
    const now = this.now();
    const revoked = token.revokedAt !== undefined && token.revokedAt < token.expiresAt;
    if (revoked && now >= (token.revokedAt as number)) {
      return { ok: false, errcode: WechatErrcode.InvalidCredential };
    }
    if (now >= token.expiresAt) return { ok: false, errcode: WechatErrcode.AccessTokenExpired };
    return { ok: true, token };
  }

  private isUsable(token: TokenRecord, now: number): boolean {
    return now < token.expiresAt && (token.revokedAt === undefined || now < token.revokedAt);
  }

  private revoke(token: TokenRecord, at: number): void {
    token.revokedAt = Math.min(token.revokedAt ?? Infinity, at);
  }

  private create(app: AppKind, lineage: TokenLineage): TokenRecord {
    const issuedAt = this.now();
    const token: TokenRecord = {
      // Real tokens are ~140 characters of this alphabet; clients must store them whole.
      value: randomBytes(105).toString('base64url'),
      app,
      lineage,
      issuedAt,
      expiresAt: issuedAt + TOKEN_LIFETIME_MS,
    };
    this.byValue.set(token.value, token);
    this.latest.set(lineageKey(app, lineage), token);
    return token;
  }
}

function lineageKey(app: AppKind, lineage: TokenLineage): string {
  return `${app}:${lineage}`;
}
