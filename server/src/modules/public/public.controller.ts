import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ServiceInfo } from '@linli/shared';
import { Public } from '../../common/auth/authenticated.decorator';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';

/**
 * What the mini-app shows before anyone logs in (WeChat's 帐号登录规范: the home page must be
 * usable without a login): the property's hotline and company, from the configuration.
 */
@ApiTags('public')
@Controller('public')
export class PublicController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('service-info')
  @Public()
  @RateLimit('public_info')
  @ApiOperation({
    summary: '物业客服电话与物业公司名称（无需登录）',
    description: '来自配置 SERVICE_HOTLINE、COMPANY_NAME；生产环境未配置时为 null。',
  })
  serviceInfo(): ServiceInfo {
    return this.config.serviceInfo;
  }
}
