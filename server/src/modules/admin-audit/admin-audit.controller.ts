import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { adminChangeQuerySchema, type AdminChangeQuery, type AdminChangeView, type Page } from '@linli/shared';
import { Authenticated } from '../../common/auth/authenticated.decorator';
import { ApiZodQuery } from '../../common/http/openapi';
import { ZodPipe } from '../../common/http/zod-pipe';
import { AdminAudit } from './admin-audit.service';

@ApiTags('admin')
@Controller('admin')
export class AdminAuditController {
  constructor(private readonly audit: AdminAudit) {}

  @Get('changes')
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: '操作记录：每次管理变更的操作人、时间、修改前后（仅公司管理员）' })
  @ApiZodQuery(adminChangeQuerySchema)
  list(@Query(new ZodPipe(adminChangeQuerySchema)) query: AdminChangeQuery): Promise<Page<AdminChangeView>> {
    return this.audit.list(query);
  }
}
