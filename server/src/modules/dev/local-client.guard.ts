import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../common/errors/app-error';
import { isLocalClient } from '../../common/net/loopback';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';

/**
 * The demo login logs anyone in as any account, the manager included: outside a showcase
 * (`DEMO_LOGIN=on`) it answers only someone on this machine, judged by the socket.
 */
@Injectable()
export class LocalClientGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.config.demoLogin === 'anyone') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!isLocalClient(request.raw)) throw new AppError('FORBIDDEN', '演示登录仅限在服务器本机使用');
    return true;
  }
}
