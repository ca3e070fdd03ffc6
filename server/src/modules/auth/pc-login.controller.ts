import { Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PcLoginState, PcLoginTicket, SessionView } from '@linli/shared';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated, Public, SessionId } from '../../common/auth/authenticated.decorator';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { PcLoginService } from './pc-login.service';

@ApiTags('auth')
@Controller('auth/pc-login')
export class PcLoginController {
  constructor(private readonly pcLogin: PcLoginService) {}

  @Post()
  @HttpCode(201)
  @Public()
  @RateLimit('pc_login')
  @ApiOperation({
    summary: '电脑扫码登录：取一张 2 分钟有效的一次性二维码票据',
    description:
      '二维码内容为 `qrPayload`（`linli-pc-login:<ticket>`）；记录电脑的 User-Agent 与 IP，扫码后显示在手机上。',
  })
  start(@Req() request: FastifyRequest): Promise<PcLoginTicket> {
    return this.pcLogin.start({ userAgent: String(request.headers['user-agent'] ?? ''), ip: request.ip });
  }

  @Get(':ticket')
  @Public()
  @RateLimit('pc_login_poll')
  @ApiOperation({
    summary: '电脑轮询二维码状态：pending | scanned | confirmed | expired | cancelled',
    description:
      '确认后的第一次轮询返回 `tokens`（该员工的新登录，仅此一次），此后票据失效（expired）。未知票据 → 404。',
  })
  poll(@Param('ticket') ticket: string): Promise<PcLoginState> {
    return this.pcLogin.poll(ticket);
  }

  @Post(':ticket/scan')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: '手机扫码：电脑显示「某某 已扫码，请在手机上确认」（仅物业工作人员）' })
  scan(@Auth() auth: AuthUser, @Param('ticket') ticket: string): Promise<PcLoginState> {
    return this.pcLogin.scan(auth, ticket);
  }

  @Post(':ticket/confirm')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: '手机确认登录电脑（须先扫码，且为扫码本人）' })
  confirm(@Auth() auth: AuthUser, @Param('ticket') ticket: string): Promise<PcLoginState> {
    return this.pcLogin.confirm(auth, ticket);
  }

  @Post(':ticket/cancel')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: '手机取消登录电脑' })
  cancel(@Auth() auth: AuthUser, @Param('ticket') ticket: string): Promise<PcLoginState> {
    return this.pcLogin.cancel(auth, ticket);
  }
}

@ApiTags('auth')
@Controller('me/sessions')
export class SessionsController {
  constructor(private readonly pcLogin: PcLoginService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: '我的登录：本机、其他手机与扫码登录的电脑（device: pc）' })
  list(@Auth() auth: AuthUser, @SessionId() sessionId: string): Promise<SessionView[]> {
    return this.pcLogin.sessions(auth.userId, sessionId);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: '退出我的某个登录（如已登录的电脑）：其刷新令牌作废，访问令牌立即失效' })
  async end(@Auth() auth: AuthUser, @Param('id') id: string): Promise<void> {
    await this.pcLogin.endSession(auth.userId, id);
  }
}
