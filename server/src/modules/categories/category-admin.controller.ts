import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  categoryCreateSchema,
  categoryRouteSchema,
  categoryUpdateSchema,
  REQUEST_KINDS,
  type CategoryAdminNode,
  type CategoryAdminTree,
  type CategoryCreateInput,
  type CategoryRouteInput,
  type CategoryUpdateInput,
} from '@linli/shared';
import { z } from 'zod';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator';
import { Idempotent } from '../../common/idempotency/idempotent.decorator';
import { ApiZodBody, ApiZodQuery } from '../../common/http/openapi';
import { IdPipe, ZodPipe } from '../../common/http/zod-pipe';
import { CategoryAdminService } from './category-admin.service';

const kindQuerySchema = z.object({
  kind: z.enum(REQUEST_KINDS, { error: '类型只能是 complaint、repair 或 suggestion' }),
});

/**
 * The tree is company-wide: admins change it. Managers read it (with the red flags of their own
 * projects) and set their own projects' routes; anyone else is refused.
 */
@ApiTags('admin')
@Controller('admin/categories')
export class CategoryAdminController {
  constructor(private readonly categories: CategoryAdminService) {}

  @Get()
  @Authenticated({ roles: ['manager', 'admin'] })
  @ApiOperation({ summary: '分类树（含停用的、诉求数、无人可派标记与各项目的派单覆盖）' })
  @ApiZodQuery(kindQuerySchema)
  tree(
    @Auth() auth: AuthUser,
    @Query(new ZodPipe(kindQuerySchema)) query: z.output<typeof kindQuerySchema>,
  ): Promise<CategoryAdminTree> {
    return this.categories.tree(auth, query.kind);
  }

  @Post()
  @Idempotent()
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: '新增分类' })
  @ApiZodBody(categoryCreateSchema)
  create(
    @Auth() auth: AuthUser,
    @Body(new ZodPipe(categoryCreateSchema)) body: CategoryCreateInput,
  ): Promise<CategoryAdminNode> {
    return this.categories.create(auth, body);
  }

  @Patch(':id')
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: '改名、移动（换上级）、默认部门与等级、停用或启用' })
  @ApiZodBody(categoryUpdateSchema)
  update(
    @Auth() auth: AuthUser,
    @Param('id', new IdPipe('分类')) id: number,
    @Body(new ZodPipe(categoryUpdateSchema)) body: CategoryUpdateInput,
  ): Promise<CategoryAdminNode> {
    return this.categories.update(auth, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: '删除从未使用过的分类（已有诉求的只能停用）' })
  remove(@Auth() auth: AuthUser, @Param('id', new IdPipe('分类')) id: number): Promise<void> {
    return this.categories.remove(auth, id);
  }

  @Put(':id/routes/:projectId')
  @Authenticated({ roles: ['manager', 'admin'] })
  @ApiOperation({ summary: '设置某项目该分类的处理部门（departmentId 为空则恢复分类默认）' })
  @ApiZodBody(categoryRouteSchema)
  putRoute(
    @Auth() auth: AuthUser,
    @Param('id', new IdPipe('分类')) id: number,
    @Param('projectId', new IdPipe('项目')) projectId: number,
    @Body(new ZodPipe(categoryRouteSchema)) body: CategoryRouteInput,
  ): Promise<CategoryAdminNode> {
    return this.categories.putRoute(auth, id, projectId, body);
  }
}
