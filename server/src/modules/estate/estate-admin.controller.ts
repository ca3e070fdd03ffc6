import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  nameInputSchema,
  paginationSchema,
  projectInputSchema,
  roomEditSchema,
  roomPatternSchema,
  type AdminBuildingView,
  type AdminProjectView,
  type AdminRoomView,
  type Page,
  type Pagination,
  type ProjectInput,
  type RoomBatchResult,
  type RoomEditInput,
  type RoomPatternInput,
} from '@linli/shared';
import type { z } from 'zod';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator';
import { Idempotent } from '../../common/idempotency/idempotent.decorator';
import { ApiZodBody, ApiZodQuery } from '../../common/http/openapi';
import { IdPipe, ZodPipe } from '../../common/http/zod-pipe';
import { EstateAdminService } from './estate-admin.service';

/** Admins over the whole company, managers over the projects they serve; nobody else. */
const ESTATE_ADMINS = ['admin', 'manager'] as const;

@ApiTags('admin')
@Controller('admin')
@Authenticated({ roles: ESTATE_ADMINS })
export class EstateAdminController {
  constructor(private readonly estate: EstateAdminService) {}

  @Get('projects')
  @ApiOperation({ summary: '项目管理列表（管理员看全公司，项目经理看本人项目；含已归档）' })
  @ApiZodQuery(paginationSchema)
  projects(
    @Auth() auth: AuthUser,
    @Query(new ZodPipe(paginationSchema)) page: Pagination,
  ): Promise<Page<AdminProjectView>> {
    return this.estate.listProjects(auth, page);
  }

  @Post('projects')
  @Idempotent()
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: '新建项目（仅公司管理员）' })
  @ApiZodBody(projectInputSchema)
  create(@Auth() auth: AuthUser, @Body(new ZodPipe(projectInputSchema)) body: ProjectInput): Promise<AdminProjectView> {
    return this.estate.createProject(auth, body);
  }

  @Get('projects/:id')
  @ApiOperation({ summary: '项目详情' })
  project(@Auth() auth: AuthUser, @Param('id', new IdPipe('项目')) id: number): Promise<AdminProjectView> {
    return this.estate.getProject(auth, id);
  }

  @Put('projects/:id')
  @ApiOperation({ summary: '修改项目（名称、类型、建筑面积、户数）' })
  @ApiZodBody(projectInputSchema)
  update(
    @Auth() auth: AuthUser,
    @Param('id', new IdPipe('项目')) id: number,
    @Body(new ZodPipe(projectInputSchema)) body: ProjectInput,
  ): Promise<AdminProjectView> {
    return this.estate.updateProject(auth, id, body);
  }

  @Post('projects/:id/archive')
  @HttpCode(200)
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: '归档项目：住户不能再选它绑定、不能再新建诉求；房间与诉求保留' })
  archive(@Auth() auth: AuthUser, @Param('id', new IdPipe('项目')) id: number): Promise<AdminProjectView> {
    return this.estate.setArchived(auth, id, true);
  }

  @Post('projects/:id/restore')
  @HttpCode(200)
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: '取消归档' })
  restore(@Auth() auth: AuthUser, @Param('id', new IdPipe('项目')) id: number): Promise<AdminProjectView> {
    return this.estate.setArchived(auth, id, false);
  }

  @Delete('projects/:id')
  @HttpCode(204)
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: '删除项目：仅限没有房间也没有诉求的项目，否则 409，请改为归档' })
  async remove(@Auth() auth: AuthUser, @Param('id', new IdPipe('项目')) id: number): Promise<void> {
    await this.estate.deleteProject(auth, id);
  }

  @Get('projects/:id/buildings')
  @ApiOperation({ summary: '项目的楼栋与单元（含每单元房间数）' })
  buildings(@Auth() auth: AuthUser, @Param('id', new IdPipe('项目')) id: number): Promise<AdminBuildingView[]> {
    return this.estate.buildings(auth, id);
  }

  @Post('projects/:id/rooms/batch')
  @Idempotent()
  @ApiOperation({
    summary: '按规则批量创建房间（楼栋 × 单元 × 楼层 × 每层户数，一次最多 5000 间）',
    description: '同名楼栋、单元沿用；任一房间已存在 → 409，列出前几间，且一间也不创建。',
  })
  @ApiZodBody(roomPatternSchema)
  batch(
    @Auth() auth: AuthUser,
    @Param('id', new IdPipe('项目')) id: number,
    @Body(new ZodPipe(roomPatternSchema)) body: RoomPatternInput,
  ): Promise<RoomBatchResult> {
    return this.estate.batchRooms(auth, id, body);
  }

  @Put('buildings/:id')
  @HttpCode(204)
  @ApiOperation({ summary: '楼栋改名' })
  @ApiZodBody(nameInputSchema)
  async renameBuilding(
    @Auth() auth: AuthUser,
    @Param('id', new IdPipe('楼栋')) id: number,
    @Body(new ZodPipe(nameInputSchema)) body: z.output<typeof nameInputSchema>,
  ): Promise<void> {
    await this.estate.rename(auth, 'building', id, body.name);
  }

  @Put('units/:id')
  @HttpCode(204)
  @ApiOperation({ summary: '单元改名' })
  @ApiZodBody(nameInputSchema)
  async renameUnit(
    @Auth() auth: AuthUser,
    @Param('id', new IdPipe('单元')) id: number,
    @Body(new ZodPipe(nameInputSchema)) body: z.output<typeof nameInputSchema>,
  ): Promise<void> {
    await this.estate.rename(auth, 'unit', id, body.name);
  }

  @Get('units/:id/rooms')
  @ApiOperation({ summary: '单元下的房间（含入住/空置与已绑定住户数）' })
  rooms(@Auth() auth: AuthUser, @Param('id', new IdPipe('单元')) id: number): Promise<AdminRoomView[]> {
    return this.estate.rooms(auth, id);
  }

  @Put('rooms/:id')
  @ApiOperation({ summary: '修改房间（房号、楼层、入住/空置）' })
  @ApiZodBody(roomEditSchema)
  room(
    @Auth() auth: AuthUser,
    @Param('id', new IdPipe('房间')) id: number,
    @Body(new ZodPipe(roomEditSchema)) body: RoomEditInput,
  ): Promise<AdminRoomView> {
    return this.estate.updateRoom(auth, id, body);
  }
}
