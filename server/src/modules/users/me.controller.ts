import { Body, Controller, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { verifyPhoneSchema, type UserView, type VerifyPhoneInput } from '@linli/shared';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator';
import { ApiZodBody } from '../../common/http/openapi';
import { ZodPipe } from '../../common/http/zod-pipe';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('me')
export class MeController {
  constructor(private readonly users: UsersService) {}

  @Put('phone')
  @Authenticated({ roles: ['resident'] })
  @RateLimit('verify_phone')
  @ApiOperation({
    summary: '微信手机号快捷填写：用 getPhoneNumber 按钮的 code 换取微信验证的手机号，存为本人已验证的手机号',
    description:
      'code 一次有效、5 分钟内有效；无效、过期或已用过 → 400（phoneCode）。此后以该手机号绑定房屋时，' +
      '与业主名册一致且房屋尚无人绑定即立即绑定，无需再次验证。',
  })
  @ApiZodBody(verifyPhoneSchema)
  verifyPhone(@Auth() auth: AuthUser, @Body(new ZodPipe(verifyPhoneSchema)) body: VerifyPhoneInput): Promise<UserView> {
    return this.users.verifyPhone(auth, body.phoneCode);
  }
}
