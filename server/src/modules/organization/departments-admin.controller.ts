import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  departmentInputSchema,
  type AdminDepartmentView,
  type AdminMemberView,
  type DepartmentInput,
} from '@linli/shared';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator';
import { Idempotent } from '../../common/idempotency/idempotent.decorator';
import { ApiZodBody } from '../../common/http/openapi';
import { IdPipe, ZodPipe } from '../../common/http/zod-pipe';
import { DepartmentsAdminService } from './departments-admin.service';

/**
 * Departments serve the whole company, so only its admins edit them; project managers may read
 * them (they see who serves their projects).
 */
@ApiTags('admin')
@Controller('admin')
@Authenticated({ roles: ['admin'] })
export class DepartmentsAdminController {
  constructor(private readonly departments: DepartmentsAdminService) {}

  @Get('departments')
  @Authenticated({ roles: ['admin', 'manager'] })
  @ApiOperation({ summary: '部门管理列表（派单方式、主管、成员、服务项目、是否停用）' })
  list(): Promise<AdminDepartmentView[]> {
    return this.departments.list();
  }

  @Get('departments/:id')
  @Authenticated({ roles: ['admin', 'manager'] })
  @ApiOperation({ summary: '部门详情' })
  get(@Param('id', new IdPipe('部门')) id: number): Promise<AdminDepartmentView> {
    return this.departments.get(id);
  }

  @Get('department-members')
  @ApiOperation({ summary: '可选为部门成员的员工（含当前所在部门）' })
  staff(): Promise<Array<AdminMemberView & { departmentId: number | null }>> {
    return this.departments.staff();
  }

  @Post('departments')
  @Idempotent()
  @ApiOperation({ summary: '新建部门' })
  @ApiZodBody(departmentInputSchema)
  create(
    @Auth() auth: AuthUser,
    @Body(new ZodPipe(departmentInputSchema)) body: DepartmentInput,
  ): Promise<AdminDepartmentView> {
    return this.departments.create(auth, body);
  }

  @Put('departments/:id')
  @ApiOperation({ summary: '修改部门：名称、派单方式（下一次派单即生效）、主管（须是成员）、成员、服务项目' })
  @ApiZodBody(departmentInputSchema)
  update(
    @Auth() auth: AuthUser,
    @Param('id', new IdPipe('部门')) id: number,
    @Body(new ZodPipe(departmentInputSchema)) body: DepartmentInput,
  ): Promise<AdminDepartmentView> {
    return this.departments.update(auth, id, body);
  }

  @Post('departments/:id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: '停用部门：不再接收新派单，历史诉求保留' })
  disable(@Auth() auth: AuthUser, @Param('id', new IdPipe('部门')) id: number): Promise<AdminDepartmentView> {
    return this.departments.setActive(auth, id, false);
  }

  @Post('departments/:id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: '重新启用部门' })
  enable(@Auth() auth: AuthUser, @Param('id', new IdPipe('部门')) id: number): Promise<AdminDepartmentView> {
    return this.departments.setActive(auth, id, true);
  }
}
