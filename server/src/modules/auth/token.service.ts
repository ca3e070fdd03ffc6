import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import type { AuthTokens } from '@linli/shared';
import { IsNull, Repository } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import type { AccessTokenClaims } from '../../common/auth/auth-user';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { User } from '../users/user.entity';
import { toUserView } from '../users/user.view';
import { RefreshToken } from './refresh-token.entity';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Short-lived signed access tokens, and opaque refresh tokens rotated on every use. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(RefreshToken) private readonly refreshTokens: Repository<RefreshToken>,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  async issue(user: User): Promise<AuthTokens> {
    const claims: AccessTokenClaims = { sub: String(user.id), role: user.role, name: user.name };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.accessTokenTtlSeconds });
    const refreshToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + this.config.refreshTokenTtlDays * 86_400_000);
    await this.refreshTokens.insert({ userId: user.id, tokenHash: hash(refreshToken), expiresAt, revokedAt: null });
    return { accessToken, refreshToken, expiresIn: this.config.accessTokenTtlSeconds, user: toUserView(user) };
  }

  async refresh(refreshToken: string): Promise<AuthTokens> {
    const now = this.clock.now();
    // Revoking by a conditional update makes a token usable once even if two refreshes race.
    const stored = await this.refreshTokens.findOneBy({ tokenHash: hash(refreshToken), revokedAt: IsNull() });
    if (!stored || stored.expiresAt <= now) throw new AppError('UNAUTHENTICATED', '登录已过期，请重新登录');
    const revoked = await this.refreshTokens.update({ id: stored.id, revokedAt: IsNull() }, { revokedAt: now });
    if (!revoked.affected) throw new AppError('UNAUTHENTICATED', '登录已过期，请重新登录');
    const user = await this.users.findOneByOrFail({ id: stored.userId });
    return this.issue(user);
  }
}
