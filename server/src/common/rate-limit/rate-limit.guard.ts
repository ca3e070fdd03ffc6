import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../auth/auth-user';
import { RATE_LIMIT_METADATA } from './rate-limit.decorator';
import type { RatePolicyName } from './rate-limit-policies';
import { RateLimiter } from './rate-limiter';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Runs after the auth guard, so limits can count per user as well as per IP. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { auth?: AuthUser }>();
    const named = this.reflector.getAllAndOverride<RatePolicyName | undefined>(RATE_LIMIT_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    const policy = named ?? (WRITE_METHODS.has(request.method) ? 'write' : undefined);
    if (policy) await this.limiter.consume(policy, { ip: request.ip, userId: request.auth?.userId });
    return true;
  }
}
