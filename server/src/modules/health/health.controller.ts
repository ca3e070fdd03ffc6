import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { Public } from '../../common/auth/authenticated.decorator';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';

/** A load balancer must hear "down" quickly, not when its own probe gives up. */
const PING_TIMEOUT_MS = 2000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: '健康检查（含数据库连通）' })
  check(): Promise<HealthCheckResult> {
    const timeout = Math.min(PING_TIMEOUT_MS, this.config.database.timeoutMs);
    return this.health.check([() => this.database.pingCheck('database', { timeout })]);
  }
}
