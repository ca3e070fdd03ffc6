import { Body, Controller, Get, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { demoLoginCodeSchema, phone, type DemoAccount } from '@linli/shared';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated, Public } from '../../common/auth/authenticated.decorator';
import { AppError } from '../../common/errors/app-error';
import { ApiZodBody } from '../../common/http/openapi';
import { ZodPipe } from '../../common/http/zod-pipe';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { User } from '../users/user.entity';
import { DEMO_ACCOUNTS } from '../seed/demo-accounts';
import { LocalClientGuard } from './local-client.guard';

const demoSubscribeSchema = z.object({
  templateIds: z
    .array(z.string().min(1).max(128), { error: '请提供模板编号' })
    .min(1, '请提供模板编号')
    .max(5, '一次最多 5 个模板'),
});

const demoPhoneCodeSchema = z.object({ phone: phone('手机号') });

/**
 * Development only (not mounted in production, nor with DEMO_LOGIN=off; this machine only
 * unless DEMO_LOGIN=on): lists the demo accounts and asks the WeChat sandbox for a login code,
 * standing in for `wx.login()` on a phone. The code then goes through `POST /api/auth/wechat`
 * like any real one.
 */
@ApiTags('dev')
@Controller('dev')
@UseGuards(LocalClientGuard)
export class DevController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

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
    const answer = await this.sandbox<{ code?: string }>(
      '/__sandbox/login-code',
      { openid: body.openid },
      '微信沙箱未启动，无法演示登录',
    );
    if (!answer.code) throw new AppError('WECHAT_UNAVAILABLE', '微信沙箱未能生成登录 code');
    return { code: answer.code };
  }

  /**
   * Stands for tapping 允许 in wx.requestSubscribeMessage, which the h5 demo does not have: the
   * sandbox grants the permissions, and the app then reports the answers like the weapp does.
   */
  @Post('subscribe')
  @HttpCode(200)
  @Authenticated({ roles: ['resident'] })
  @ApiOperation({ summary: '演示：在微信沙箱中“允许”订阅消息（仅开发环境）' })
  @ApiZodBody(demoSubscribeSchema)
  async subscribe(
    @Auth() auth: AuthUser,
    @Body(new ZodPipe(demoSubscribeSchema)) body: z.output<typeof demoSubscribeSchema>,
  ): Promise<{ result: Record<string, string> }> {
    const user = await this.dataSource.manager.findOneByOrFail(User, { id: auth.userId });
    const answer = await this.sandbox<{ result?: Record<string, string> }>('/__sandbox/subscriptions', {
      openid: user.openid,
      templateIds: body.templateIds,
    });
    if (!answer.result) throw new AppError('WECHAT_UNAVAILABLE', '微信沙箱未能记录订阅');
    return { result: answer.result };
  }

  /**
   * Stands for tapping the getPhoneNumber button, which the h5 demo does not have: the sandbox
   * mints a phone code for the number typed in, as if it were the one this WeChat account holds.
   */
  @Post('phone-code')
  @HttpCode(200)
  @Authenticated({ roles: ['resident'] })
  @ApiOperation({ summary: '演示：在微信沙箱中“验证”手机号，得到一次性 phoneCode（仅开发环境）' })
  @ApiZodBody(demoPhoneCodeSchema)
  async phoneCode(
    @Auth() auth: AuthUser,
    @Body(new ZodPipe(demoPhoneCodeSchema)) body: z.output<typeof demoPhoneCodeSchema>,
  ): Promise<{ code: string }> {
    const user = await this.dataSource.manager.findOneByOrFail(User, { id: auth.userId });
    const answer = await this.sandbox<{ code?: string }>('/__sandbox/phone-code', {
      openid: user.openid,
      phoneNumber: body.phone,
    });
    if (!answer.code) throw new AppError('WECHAT_UNAVAILABLE', '微信沙箱未能生成手机号验证 code');
    return { code: answer.code };
  }

  private async sandbox<T>(path: string, body: unknown, unreachable = '微信沙箱未启动'): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.config.wechat.apiBase), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5000),
      });
    } catch {
      throw new AppError('WECHAT_UNAVAILABLE', unreachable);
    }
    const answer = (await response.json().catch(() => ({}))) as T & { error?: string };
    if (!response.ok) throw new AppError('BAD_REQUEST', `微信沙箱拒绝：${answer.error ?? response.status}`);
    return answer;
  }
}
