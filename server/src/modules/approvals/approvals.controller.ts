import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  APPROVAL_STATUSES,
  approvalDecisionSchema,
  approvalRequestSchema,
  paginationSchema,
  STAFF_SIDE_ROLES,
  type ApprovalCount,
  type ApprovalDecisionInput,
  type ApprovalRequestInput,
  type ApprovalView,
  type Page,
} from '@linli/shared';
import { z } from 'zod';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator';
import { ApiZodBody, ApiZodQuery } from '../../common/http/openapi';
import { IdPipe, ZodPipe } from '../../common/http/zod-pipe';
import { Idempotent } from '../../common/idempotency/idempotent.decorator';
import { ApprovalsService } from './approvals.service';

const listQuerySchema = paginationSchema.extend({
  scope: z.enum(['todo', 'mine', 'all'], { error: '范围只能是 todo、mine 或 all' }).default('todo'),
  status: z.enum(APPROVAL_STATUSES, { error: '状态只能是 pending、approved 或 rejected' }).optional(),
});

@ApiTags('approvals')
@Controller()
export class ApprovalsController {
  constructor(private readonly approvals: ApprovalsService) {}

  @Post('requests/:id/approvals')
  @Idempotent()
  @Authenticated({ roles: STAFF_SIDE_ROLES })
  @ApiOperation({ summary: '申请审批：等级调整、延期（附临时方案）、无效判定、免回访关闭、费用减免' })
  @ApiZodBody(approvalRequestSchema)
  open(
    @Auth() auth: AuthUser,
    @Param('id', new IdPipe('诉求')) id: number,
    @Body(new ZodPipe(approvalRequestSchema)) body: ApprovalRequestInput,
  ): Promise<ApprovalView> {
    return this.approvals.open(auth, id, body);
  }

  @Get('approvals')
  @Authenticated({ roles: STAFF_SIDE_ROLES })
  @ApiOperation({ summary: '审批列表：todo 待我审批 / mine 我提交的 / all 本项目全部' })
  @ApiZodQuery(listQuerySchema)
  list(
    @Auth() auth: AuthUser,
    @Query(new ZodPipe(listQuerySchema)) query: z.output<typeof listQuerySchema>,
  ): Promise<Page<ApprovalView>> {
    const { scope, status, ...page } = query;
    return this.approvals.list(auth, scope, status, page);
  }

  @Get('approvals/count')
  @Authenticated({ roles: STAFF_SIDE_ROLES })
  @ApiOperation({ summary: '待我审批的数量（角标）' })
  count(@Auth() auth: AuthUser): Promise<ApprovalCount> {
    return this.approvals.count(auth);
  }

  @Get('approvals/:id')
  @Authenticated({ roles: STAFF_SIDE_ROLES })
  @ApiOperation({ summary: '审批详情' })
  view(@Auth() auth: AuthUser, @Param('id', new IdPipe('审批')) id: number): Promise<ApprovalView> {
    return this.approvals.view(auth, id);
  }

  @Post('approvals/:id/approve')
  @HttpCode(200)
  @Idempotent()
  @Authenticated({ roles: STAFF_SIDE_ROLES })
  @ApiOperation({ summary: '批准：申请的变更随审批一并生效' })
  @ApiZodBody(approvalDecisionSchema)
  approve(
    @Auth() auth: AuthUser,
    @Param('id', new IdPipe('审批')) id: number,
    @Body(new ZodPipe(approvalDecisionSchema)) body: ApprovalDecisionInput,
  ): Promise<ApprovalView> {
    return this.approvals.decide(auth, id, true, body);
  }

  @Post('approvals/:id/reject')
  @HttpCode(200)
  @Idempotent()
  @Authenticated({ roles: STAFF_SIDE_ROLES })
  @ApiOperation({ summary: '驳回' })
  @ApiZodBody(approvalDecisionSchema)
  reject(
    @Auth() auth: AuthUser,
    @Param('id', new IdPipe('审批')) id: number,
    @Body(new ZodPipe(approvalDecisionSchema)) body: ApprovalDecisionInput,
  ): Promise<ApprovalView> {
    return this.approvals.decide(auth, id, false, body);
  }
}
