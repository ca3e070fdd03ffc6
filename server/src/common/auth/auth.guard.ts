import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { isRole } from '@linli/shared';
import { AppError } from '../errors/app-error';
import type { AccessTokenClaims, AuthUser } from './auth-user';
import { AUTH_METADATA, type AuthRequirement } from './authenticated.decorator';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.getAllAndOverride<AuthRequirement | undefined>(AUTH_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    // A route nobody marked is a mistake in our code; refusing it keeps the mistake safe.
    if (!requirement) throw new AppError('FORBIDDEN', '此接口未开放');
    if (requirement.public) return true;

    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; auth?: AuthUser }>();
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!token) throw new AppError('UNAUTHENTICATED', '请先登录');

    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
    } catch (error) {
      if ((error as Error).name === 'TokenExpiredError') throw new AppError('TOKEN_EXPIRED', '登录已过期，请重新登录');
      throw new AppError('UNAUTHENTICATED', '登录凭证无效，请重新登录');
    }
    const userId = Number(claims.sub);
    if (!Number.isSafeInteger(userId) || !isRole(claims.role)) {
      throw new AppError('UNAUTHENTICATED', '登录凭证无效，请重新登录');
    }
    if (!requirement.roles.includes(claims.role)) throw new AppError('FORBIDDEN', '您的角色无权执行此操作');
    request.auth = { userId, role: claims.role, name: claims.name };
    return true;
  }
}
