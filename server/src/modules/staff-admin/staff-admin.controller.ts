import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  invitationSchema,
  paginationSchema,
  staffListQuerySchema,
  staffUpdateSchema,
  wxacodeRequestSchema,
  type CreatedInvitation,
  type InvitationValues,
  type InvitationView,
  type Page,
  type Pagination,
  type StaffFormOptions,
  type StaffListQuery,
  type StaffMemberView,
  type StaffUpdateValues,
} from '@linli/shared';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator';
import { ApiZodBody, ApiZodQuery } from '../../common/http/openapi';
import { IdPipe, ZodPipe } from '../../common/http/zod-pipe';
import { InvitationsService } from './invitations.service';
import { StaffAdminService } from './staff-admin.service';

const ADMINS = ['manager', 'admin'] as const;

@ApiTags('admin')
@Controller('admin')
export class StaffAdminController {
  constructor(
    private readonly staff: StaffAdminService,
    private readonly invitations: InvitationsService,
  ) {}

  @Get('staff-options')
  @Authenticated({ roles: ADMINS })
  @ApiOperation({ summary: '邀请与成员表单的可选角色、部门、项目（项目经理只有自己的项目）' })
  options(@Auth() auth: AuthUser): Promise<StaffFormOptions> {
    return this.staff.options(auth);
  }

  @Get('staff')
  @Authenticated({ roles: ADMINS })
  @ApiOperation({ summary: '成员列表（按角色、部门、状态筛选；项目经理只见自己项目的下属）' })
  @ApiZodQuery(staffListQuerySchema)
  list(
    @Auth() auth: AuthUser,
    @Query(new ZodPipe(staffListQuerySchema)) query: StaffListQuery,
  ): Promise<Page<StaffMemberView>> {
    return this.staff.list(auth, query);
  }

  @Patch('staff/:userId')
  @Authenticated({ roles: ADMINS })
  @ApiOperation({ summary: '修改成员的角色、部门、项目、岗位（最后一位公司管理员不能改为其他角色）' })
  @ApiZodBody(staffUpdateSchema)
  update(
    @Auth() auth: AuthUser,
    @Param('userId', new IdPipe('成员')) userId: number,
    @Body(new ZodPipe(staffUpdateSchema)) body: StaffUpdateValues,
  ): Promise<StaffMemberView> {
    return this.staff.update(auth, userId, body);
  }

  @Post('staff/:userId/deactivate')
  @HttpCode(200)
  @Authenticated({ roles: ADMINS })
  @ApiOperation({ summary: '停用成员：立即生效，已签发的登录凭证下一次请求即被拒绝' })
  deactivate(@Auth() auth: AuthUser, @Param('userId', new IdPipe('成员')) userId: number): Promise<StaffMemberView> {
    return this.staff.deactivate(auth, userId);
  }

  @Post('invitations')
  @Authenticated({ roles: ADMINS })
  @ApiOperation({ summary: '邀请成员：一次性邀请码（只在此返回一次）与邀请页路径' })
  @ApiZodBody(invitationSchema)
  invite(
    @Auth() auth: AuthUser,
    @Body(new ZodPipe(invitationSchema)) body: InvitationValues,
  ): Promise<CreatedInvitation> {
    return this.invitations.create(auth, body);
  }

  @Get('invitations')
  @Authenticated({ roles: ADMINS })
  @ApiOperation({ summary: '邀请记录（公司管理员全部，项目经理自己发出的）' })
  @ApiZodQuery(paginationSchema)
  invitationList(
    @Auth() auth: AuthUser,
    @Query(new ZodPipe(paginationSchema)) page: Pagination,
  ): Promise<Page<InvitationView>> {
    return this.invitations.list(auth, page);
  }

  @Post('invitations/wxacode')
  @HttpCode(200)
  @Authenticated({ roles: ADMINS })
  @ApiOperation({ summary: '邀请的小程序码（PNG，微信 getwxacodeunlimit，scene 为邀请码）' })
  @ApiProduces('image/png')
  @ApiZodBody(wxacodeRequestSchema)
  async wxacode(
    @Auth() auth: AuthUser,
    @Body(new ZodPipe(wxacodeRequestSchema)) body: z.output<typeof wxacodeRequestSchema>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const image = await this.invitations.wxacode(auth, body.code);
    void reply.header('content-type', 'image/png').header('cache-control', 'no-store');
    return image;
  }
}
