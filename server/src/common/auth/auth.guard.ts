import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { isRole, type Role } from '@linli/shared';
import { DataSource } from 'typeorm';
import { AppError } from '../errors/app-error';
import type { AccessTokenClaims, AuthUser } from './auth-user';
import { AUTH_METADATA, type AuthRequirement } from './authenticated.decorator';

/** The one algorithm we sign with; anything else (none, HS512, RS256 with our secret as key) is forged. */
export const ACCESS_TOKEN_ALGORITHM = 'HS256';

/**
 * The account as it stands now, by primary key, with the department and projects it serves:
 * one indexed read per request is what it costs for a demotion, a switched-off account or a
 * logout to count at once, and the access checks of the call need nothing more. Plain SQL, because this
 * runs on every call and the ORM's query building would cost more than the read itself.
 */
const ACCOUNT_SQL = `SELECT u.role, u.name, u.active, u.token_version AS tokenVersion, m.department_id AS departmentId,
       (SELECT GROUP_CONCAT(p.project_id) FROM staff_member_project p WHERE p.staff_member_id = m.id) AS projectIds
  FROM \`user\` u LEFT JOIN staff_member m ON m.user_id = u.id
 WHERE u.id = ?`;
interface AccountRow {
  role: string;
  name: string;
  active: number | boolean;
  tokenVersion: number | string;
  departmentId: number | null;
  projectIds: string | null;
}

type AuthenticatedRequest = {
  headers: Record<string, string | undefined>;
  auth?: AuthUser;
  /** The login (refresh-token family) the access token belongs to. */
  sessionId?: string;
};

const invalid = () => new AppError('UNAUTHENTICATED', '登录凭证无效，请重新登录');

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.getAllAndOverride<AuthRequirement | undefined>(AUTH_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    // A route nobody marked is a mistake in our code; refusing it keeps the mistake safe.
    if (!requirement) throw new AppError('FORBIDDEN', '此接口未开放');
    if (requirement.public) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!token) throw new AppError('UNAUTHENTICATED', '请先登录');

    const claims = await this.verify(token);
    const userId = Number(claims.sub);
    const account = await this.currentAccount(userId);
    if (!account) throw invalid();
    if (!account.active) throw new AppError('ACCOUNT_DISABLED', '账号已停用');
    // A retired token (logout, a stolen refresh token) is answered like an expired one: a client
    // that still holds a live refresh token renews it; the logged-out one has none left.
    if (account.tokenVersion !== claims.ver) throw new AppError('TOKEN_EXPIRED', '登录已过期，请重新登录');
    if (!requirement.roles.includes(account.role)) throw new AppError('FORBIDDEN', '您的角色无权执行此操作');
    request.auth = { userId, role: account.role, name: account.name, staff: account.staff };
    request.sessionId = claims.sid;
    return true;
  }

  private async verify(token: string): Promise<AccessTokenClaims> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, { algorithms: [ACCESS_TOKEN_ALGORITHM] });
    } catch (error) {
      if ((error as Error).name === 'TokenExpiredError') throw new AppError('TOKEN_EXPIRED', '登录已过期，请重新登录');
      throw invalid();
    }
    // jsonwebtoken checks `exp` only when present: a token without one would never expire.
    const wellFormed =
      typeof claims.exp === 'number' &&
      Number.isFinite(claims.exp) &&
      typeof claims.sub === 'string' &&
      Number.isSafeInteger(Number(claims.sub)) &&
      Number(claims.sub) > 0 &&
      typeof claims.sid === 'string' &&
      claims.sid.length > 0 &&
      Number.isSafeInteger(claims.ver) &&
      // Not what decides (the stored role does), but a token we never issue is a forged one.
      isRole(claims.role);
    if (!wellFormed) throw invalid();
    return claims;
  }

  private async currentAccount(
    userId: number,
  ): Promise<{ role: Role; name: string; active: boolean; tokenVersion: number; staff: AuthUser['staff'] } | null> {
    const [row] = (await this.dataSource.query(ACCOUNT_SQL, [userId])) as AccountRow[];
    if (!row || !isRole(row.role)) return null;
    return {
      role: row.role,
      name: row.name,
      active: Boolean(Number(row.active)),
      tokenVersion: Number(row.tokenVersion),
      staff: {
        departmentId: row.departmentId === null ? null : Number(row.departmentId),
        projectIds: (row.projectIds ?? '').split(',').filter(Boolean).map(Number),
      },
    };
  }
}
