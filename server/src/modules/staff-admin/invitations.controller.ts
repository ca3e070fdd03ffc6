import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { invitationAcceptSchema, invitationCodeSchema, type AuthTokens, type InvitationPreview } from '@linli/shared';
import type { z } from 'zod';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator';
import { ZodPipe } from '../../common/http/zod-pipe';
import { InvitationsService } from './invitations.service';

/** The invited person's side: any logged-in WeChat account may look at a code and accept it. */
@ApiTags('invitations')
@Controller('invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get(':code')
  @Authenticated()
  @ApiOperation({ summary: '邀请详情：邀请人、角色、部门、项目、有效期' })
  preview(@Param('code', new ZodPipe(invitationCodeSchema)) code: string): Promise<InvitationPreview> {
    return this.invitations.preview(code);
  }

  @Post(':code/accept')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: '接受邀请：账号成为员工（角色、部门、项目与邀请一致），返回新的登录凭证',
    description: '账号和邀请都没有姓名时，须在 name 中填写本人姓名。',
  })
  accept(
    @Auth() auth: AuthUser,
    @Param('code', new ZodPipe(invitationCodeSchema)) code: string,
    @Body(new ZodPipe(invitationAcceptSchema)) body: z.output<typeof invitationAcceptSchema>,
  ): Promise<AuthTokens> {
    return this.invitations.accept(auth, code, body.name);
  }
}
