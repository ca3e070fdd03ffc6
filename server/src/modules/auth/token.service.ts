import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { AuthTokens } from '@linli/shared';
import { DataSource, In, IsNull, Repository, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import type { AccessTokenClaims } from '../../common/auth/auth-user';
import { ACCESS_TOKEN_ALGORITHM } from '../../common/auth/auth.guard';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { User } from '../users/user.entity';
import { toUserView } from '../users/user.view';
import { RefreshToken } from './refresh-token.entity';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const sessionOver = () => new AppError('UNAUTHENTICATED', '登录已过期，请重新登录');
export const accountDisabled = () => new AppError('ACCOUNT_DISABLED', '账号已停用');

type Rotation = { tokens: AuthTokens } | { refused: AppError };

/**
 * Short-lived signed access tokens, and opaque refresh tokens rotated on every use. Each login
 * starts a family; a rotation stays in it. Ending a family (logout, or a spent refresh token
 * presented again) revokes its refresh tokens and bumps the user's token version, which retires
 * every access token of the user at once: the auth guard already reads that row on each request,
 * so this costs no extra read, at the price of the user's other devices renewing their access
 * token once (their refresh tokens live on).
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(RefreshToken) private readonly refreshTokens: Repository<RefreshToken>,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  /** A new login: a new family. */
  issue(user: User): Promise<AuthTokens> {
    return this.issueIn(this.refreshTokens.manager, user, randomUUID());
  }

  /** A new login inside the caller's transaction, with the family it starts (a PC's QR login). */
  async startLogin(manager: EntityManager, user: User): Promise<{ tokens: AuthTokens; familyId: string }> {
    const familyId = randomUUID();
    return { tokens: await this.issueIn(manager, user, familyId), familyId };
  }

  /**
   * Ends one of the user's logins from another device (已登录的电脑 → 退出): false when it is not
   * theirs or already over. Its access token stops at once with the version bump.
   */
  endSession(userId: number, familyId: string): Promise<boolean> {
    return this.dataSource.transaction((manager) => this.endFamilies(manager, userId, [familyId], this.clock.now()));
  }

  async refresh(refreshToken: string): Promise<AuthTokens> {
    // The row lock orders simultaneous refreshes with one token: the first rotates it, every
    // later one finds it spent. A refusal is returned, not thrown, so that ending a family on
    // reuse commits.
    const outcome = await this.dataSource.transaction(async (manager): Promise<Rotation> => {
      const now = this.clock.now();
      const stored = await manager.findOne(RefreshToken, {
        where: { tokenHash: hash(refreshToken) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!stored) return { refused: sessionOver() };
      if (stored.revokedAt) {
        // Spent already: whoever rotated it and whoever presents it now hold copies of one
        // login, and we cannot tell the thief from the owner. The login ends for both.
        await this.endFamilies(manager, stored.userId, [stored.familyId], now);
        return { refused: sessionOver() };
      }
      if (stored.expiresAt <= now) return { refused: sessionOver() };
      const user = await manager.findOneByOrFail(User, { id: stored.userId });
      if (!user.active) return { refused: accountDisabled() };
      await manager.update(RefreshToken, { id: stored.id }, { revokedAt: now });
      return { tokens: await this.issueIn(manager, user, stored.familyId) };
    });
    if ('refused' in outcome) throw outcome.refused;
    return outcome.tokens;
  }

  /**
   * Logout: ends the caller's current login (the family of the access token) and the one of the
   * refresh token they hand in, if it is theirs; and retires the access token at once.
   */
  async logout(userId: number, sessionId: string, refreshToken?: string): Promise<void> {
    const families = new Set([sessionId]);
    if (refreshToken) {
      const stored = await this.refreshTokens.findOneBy({ tokenHash: hash(refreshToken), userId });
      if (stored) families.add(stored.familyId);
    }
    await this.dataSource.transaction(async (manager) => {
      const ended = await this.endFamilies(manager, userId, [...families], this.clock.now());
      // Even a family that was already over: the access token presented here must stop now.
      if (!ended) await this.bumpTokenVersion(manager, userId);
    });
  }

  /** Revokes the families' live refresh tokens; retires the user's access tokens if any was live. */
  private async endFamilies(manager: EntityManager, userId: number, familyIds: string[], now: Date): Promise<boolean> {
    const revoked = await manager.update(
      RefreshToken,
      { userId, familyId: In(familyIds), revokedAt: IsNull() },
      { revokedAt: now },
    );
    // A family with no live token has no live access token either (they are issued together,
    // and access tokens are far shorter-lived): bumping again would only make other devices renew.
    if (!revoked.affected) return false;
    await this.bumpTokenVersion(manager, userId);
    return true;
  }

  private async bumpTokenVersion(manager: EntityManager, userId: number): Promise<void> {
    await manager.increment(User, { id: userId }, 'tokenVersion', 1);
  }

  private async issueIn(manager: EntityManager, user: User, familyId: string): Promise<AuthTokens> {
    const claims: AccessTokenClaims = {
      sub: String(user.id),
      role: user.role,
      name: user.name,
      sid: familyId,
      ver: user.tokenVersion,
    };
    const accessToken = await this.jwt.signAsync(claims, {
      algorithm: ACCESS_TOKEN_ALGORITHM,
      expiresIn: this.config.accessTokenTtlSeconds,
    });
    const refreshToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + this.config.refreshTokenTtlDays * 86_400_000);
    await manager.insert(RefreshToken, {
      userId: user.id,
      familyId,
      tokenHash: hash(refreshToken),
      expiresAt,
      revokedAt: null,
    });
    return { accessToken, refreshToken, expiresIn: this.config.accessTokenTtlSeconds, user: toUserView(user) };
  }
}
