import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectEntityManager } from '@nestjs/typeorm';
import { STAFF_SIDE_ROLES, type DepartmentView, type StaffOption } from '@linli/shared';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator';
import { ApiZodQuery } from '../../common/http/openapi';
import { IdPipe, ZodPipe } from '../../common/http/zod-pipe';
import { AccessService } from '../access/access.service';
import { DispatchService } from './dispatch.service';

const projectId = z.coerce.number({ error: '项目无效' }).int('项目无效').positive('项目无效');
const staffQuerySchema = z.object({ projectId });
const listQuerySchema = z.object({ projectId: projectId.optional() });

@ApiTags('dispatch')
@Controller('departments')
@Authenticated({ roles: STAFF_SIDE_ROLES })
export class DepartmentsController {
  constructor(
    private readonly dispatch: DispatchService,
    private readonly access: AccessService,
    @InjectEntityManager() private readonly manager: EntityManager,
  ) {}

  @Get()
  @ApiOperation({ summary: '部门列表（含派单方式；带 projectId 时含该项目可派人数）' })
  @ApiZodQuery(listQuerySchema)
  async list(
    @Auth() auth: AuthUser,
    @Query(new ZodPipe(listQuerySchema)) query: z.output<typeof listQuerySchema>,
  ): Promise<DepartmentView[]> {
    if (query.projectId !== undefined) await this.access.requireProject(auth, query.projectId, '项目');
    return this.dispatch.listDepartments(query.projectId);
  }

  @Get(':id/staff')
  @ApiOperation({ summary: '派单候选人：部门内服务该项目的在职处理人，含在办任务数与置灰原因' })
  @ApiZodQuery(staffQuerySchema)
  async staff(
    @Auth() auth: AuthUser,
    @Param('id', new IdPipe('部门')) id: number,
    @Query(new ZodPipe(staffQuerySchema)) query: z.output<typeof staffQuerySchema>,
  ): Promise<StaffOption[]> {
    await this.access.requireProject(auth, query.projectId, '项目');
    return this.dispatch.staffOptions(this.manager, id, query.projectId);
  }
}
