import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { demoLoginCodeSchema, type DemoAccount } from '@linli/shared';
import { z } from 'zod';
import { Public } from '../../common/auth/authenticated.decorator';
import { AppError } from '../../common/errors/app-error';
import { ApiZodBody } from '../../common/http/openapi';
import { ZodPipe } from '../../common/http/zod-pipe';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { DEMO_ACCOUNTS } from '../seed/demo-accounts';

/**
 * Development only (the module is not mounted in production): lists the demo accounts and
 * asks the WeChat sandbox for a login code, standing in for `wx.login()` on a phone. The code
 * then goes through `POST /api/auth/wechat` like any real one.
 */
@ApiTags('dev')
@Controller('dev')
export class DevController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('demo-accounts')
  @Public()
  @ApiOperation({ summary: '演示账号列表（仅开发环境）' })
  demoAccounts(): DemoAccount[] {
    return DEMO_ACCOUNTS.map(({ openid, name, role, roleLabel, description }) => ({
      openid,
      name,
      role,
      roleLabel,
      description,
    }));
  }

  @Post('login-code')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: '向微信沙箱申请一个一次性登录 code（仅开发环境）' })
  @ApiZodBody(demoLoginCodeSchema)
  async loginCode(
    @Body(new ZodPipe(demoLoginCodeSchema)) body: z.output<typeof demoLoginCodeSchema>,
  ): Promise<{ code: string }> {
    let response: Response;
    try {
      response = await fetch(new URL('/__sandbox/login-code', this.config.wechat.apiBase), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ openid: body.openid }),
        signal: AbortSignal.timeout(5000),
      });
    } catch {
      throw new AppError('WECHAT_UNAVAILABLE', '微信沙箱未启动，无法演示登录');
    }
    const answer = (await response.json().catch(() => ({}))) as { code?: string };
    if (!response.ok || !answer.code) throw new AppError('WECHAT_UNAVAILABLE', '微信沙箱未能生成登录 code');
    return { code: answer.code };
  }
}
