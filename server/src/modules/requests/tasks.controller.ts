import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { paginationSchema, type Page, type RequestSummary, type TaskCounts } from '@linli/shared';
import { z } from 'zod';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator';
import { ApiZodQuery } from '../../common/http/openapi';
import { ZodPipe } from '../../common/http/zod-pipe';
import { RequestQueriesService } from './request-queries.service';

const tasksQuerySchema = paginationSchema.extend({
  tab: z.enum(['pending', 'active', 'done'], { error: '标签只能是 pending、active 或 done' }).default('pending'),
});
const HANDLERS = ['staff', 'supervisor'] as const;

@ApiTags('tasks')
@Controller()
export class TasksController {
  constructor(private readonly queries: RequestQueriesService) {}

  @Get('tasks')
  @Authenticated({ roles: HANDLERS })
  @ApiOperation({ summary: '我的任务：待接单（含本部门可抢单）/ 处理中 / 已完成' })
  @ApiZodQuery(tasksQuerySchema)
  tasks(
    @Auth() auth: AuthUser,
    @Query(new ZodPipe(tasksQuerySchema)) query: z.output<typeof tasksQuerySchema>,
  ): Promise<Page<RequestSummary>> {
    const { tab, ...page } = query;
    return this.queries.tasks(auth, tab, page);
  }

  @Get('tasks/counts')
  @Authenticated({ roles: HANDLERS })
  @ApiOperation({ summary: '我的任务各标签的数量' })
  counts(@Auth() auth: AuthUser): Promise<TaskCounts> {
    return this.queries.taskCounts(auth);
  }

  @Get('callbacks/due')
  @Authenticated({ roles: ['receptionist', 'supervisor', 'manager', 'admin'] })
  @ApiOperation({ summary: '待回访：已处理的投诉与入户维修，按回访截止时间排序' })
  @ApiZodQuery(paginationSchema)
  callbacks(
    @Auth() auth: AuthUser,
    @Query(new ZodPipe(paginationSchema)) page: z.output<typeof paginationSchema>,
  ): Promise<Page<RequestSummary>> {
    return this.queries.callbacksDue(auth, page);
  }
}
