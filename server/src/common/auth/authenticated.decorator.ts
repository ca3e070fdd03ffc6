import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ROLES, type Role } from '@linli/shared';
import type { AuthUser } from './auth-user';

export const AUTH_METADATA = 'linli:auth';

export type AuthRequirement = { public: true } | { public: false; roles: readonly Role[] };

/**
 * Routes are closed by default (the guard refuses anything without this metadata);
 * this one decorator both opens a route to roles and documents it in OpenAPI (immich).
 */
export function Authenticated(options: { roles?: readonly Role[] } = {}) {
  const requirement: AuthRequirement = { public: false, roles: options.roles ?? ROLES };
  return applyDecorators(
    SetMetadata(AUTH_METADATA, requirement),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: '未登录或登录已过期' }),
    ApiForbiddenResponse({ description: '角色无权调用' }),
  );
}

export function Public() {
  return SetMetadata(AUTH_METADATA, { public: true } satisfies AuthRequirement);
}

/** The typed caller of an authenticated route. */
export const Auth = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  const request = context.switchToHttp().getRequest<{ auth?: AuthUser }>();
  if (!request.auth) throw new Error('@Auth() used on a route without @Authenticated()');
  return request.auth;
});

/** The login (refresh-token family) the caller's access token belongs to. */
export const SessionId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<{ sessionId?: string }>();
  if (!request.sessionId) throw new Error('@SessionId() used on a route without @Authenticated()');
  return request.sessionId;
});
