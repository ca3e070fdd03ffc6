import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { refreshTokenSchema, wechatLoginSchema, type AuthTokens, type MeView } from '@linli/shared';
import { z } from 'zod';
import { Auth, Authenticated, Public } from '../../common/auth/authenticated.decorator';
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

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: '当前用户及其绑定的房屋' })
  async me(@Auth() auth: AuthUser): Promise<MeView> {
    return { user: await this.users.getView(auth.userId), houses: await this.houses.listMine(auth) };
  }
}
