import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { adminChangeQuerySchema, type AdminChangeQuery, type AdminChangeView, type Page } from '@linli/shared';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator';
import { ApiZodQuery } from '../../common/http/openapi';
import { ZodPipe } from '../../common/http/zod-pipe';
import { AdminAudit } from './admin-audit.service';

@ApiTags('admin')
@Controller('admin')
export class AdminAuditController {
  constructor(private readonly audit: AdminAudit) {}

  @Get('changes')
  @Authenticated({ roles: ['admin', 'manager'] })
  @ApiOperation({
    summary: '操作记录：每次设置变更的操作人、时间、修改前后（公司管理员全部；项目经理所管项目与成员）',
  })
  @ApiZodQuery(adminChangeQuerySchema)
  list(
    @Auth() auth: AuthUser,
    @Query(new ZodPipe(adminChangeQuerySchema)) query: AdminChangeQuery,
  ): Promise<Page<AdminChangeView>> {
    return this.audit.list(auth, query);
  }
}
