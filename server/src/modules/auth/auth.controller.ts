import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { logoutSchema, refreshTokenSchema, wechatLoginSchema, type AuthTokens, type MeView } from '@linli/shared';
import { z } from 'zod';
import { Auth, Authenticated, Public, SessionId } from '../../common/auth/authenticated.decorator';
import type { AuthUser } from '../../common/auth/auth-user';
import { ApiZodBody } from '../../common/http/openapi';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { ZodPipe } from '../../common/http/zod-pipe';
import { HousesService } from '../houses/houses.service';
import { UsersService } from '../users/users.service';
import { AuthService } from './auth.service';
import { TokenService } from './token.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly tokens: TokenService,
    private readonly users: UsersService,
    private readonly houses: HousesService,
  ) {}

  @Post('wechat')
  @HttpCode(200)
  @Public()
  @RateLimit('login')
  @ApiOperation({ summary: '微信登录：用 Taro.login() 得到的 code 换取访问令牌' })
  @ApiZodBody(wechatLoginSchema)
  login(@Body(new ZodPipe(wechatLoginSchema)) body: z.output<typeof wechatLoginSchema>): Promise<AuthTokens> {
    return this.auth.loginWithWechatCode(body.code);
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @RateLimit('refresh')
  @ApiOperation({ summary: '用刷新令牌换取新的访问令牌（刷新令牌一次有效）' })
  @ApiZodBody(refreshTokenSchema)
  refresh(@Body(new ZodPipe(refreshTokenSchema)) body: z.output<typeof refreshTokenSchema>): Promise<AuthTokens> {
    return this.tokens.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({
    summary: '退出登录：本次登录的刷新令牌全部作废，当前访问令牌立即失效',
    description:
      '可在请求体中带上刷新令牌 `{refreshToken}`（本人的），其所属登录一并作废。' +
      '本人其他设备的访问令牌也会失效一次，凭其刷新令牌换新即可继续使用。',
  })
  @ApiZodBody(logoutSchema)
  async logout(
    @Auth() auth: AuthUser,
    @SessionId() sessionId: string,
    @Body(new ZodPipe(logoutSchema)) body: z.output<typeof logoutSchema>,
  ): Promise<void> {
    await this.tokens.logout(auth.userId, sessionId, body.refreshToken ?? undefined);
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: '当前用户及其绑定的房屋' })
  async me(@Auth() auth: AuthUser): Promise<MeView> {
    return { user: await this.users.getView(auth.userId), houses: await this.houses.listMine(auth) };
  }
}
