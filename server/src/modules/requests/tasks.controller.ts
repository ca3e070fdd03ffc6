import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { listQuerySchema, type ListPage, type RequestSummary, type TaskCounts } from '@linli/shared';
import { z } from 'zod';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator';
import { ApiZodQuery } from '../../common/http/openapi';
import { ZodPipe } from '../../common/http/zod-pipe';
import { RequestListsService } from './lists/request-lists.service';

const tasksQuerySchema = listQuerySchema.extend({
  tab: z.enum(['pending', 'active', 'done'], { error: '标签只能是 pending、active 或 done' }).default('pending'),
});
const HANDLERS = ['staff', 'supervisor'] as const;

@ApiTags('tasks')
@Controller()
export class TasksController {
  constructor(private readonly lists: RequestListsService) {}

  @Get('tasks')
  @Authenticated({ roles: HANDLERS })
  @ApiOperation({ summary: '我的任务：待接单（含本部门可抢单）/ 处理中 / 已完成；按 cursor 翻页（上一页的 next）' })
  @ApiZodQuery(tasksQuerySchema)
  tasks(
    @Auth() auth: AuthUser,
    @Query(new ZodPipe(tasksQuerySchema)) query: z.output<typeof tasksQuerySchema>,
  ): Promise<ListPage<RequestSummary>> {
    const { tab, ...page } = query;
    return this.lists.tasks(auth, tab, page);
  }

  @Get('tasks/counts')
  @Authenticated({ roles: HANDLERS })
  @ApiOperation({ summary: '我的任务各标签的数量（各最多数到 1000，capped 标出到顶的）' })
  counts(@Auth() auth: AuthUser): Promise<TaskCounts> {
    return this.lists.taskCounts(auth);
  }

  @Get('callbacks/due')
  @Authenticated({ roles: ['receptionist', 'supervisor', 'manager', 'admin'] })
  @ApiOperation({ summary: '待回访：已处理的投诉与入户维修，按回访截止时间排序' })
  @ApiZodQuery(listQuerySchema)
  callbacks(
    @Auth() auth: AuthUser,
    @Query(new ZodPipe(listQuerySchema)) page: z.output<typeof listQuerySchema>,
  ): Promise<ListPage<RequestSummary>> {
    return this.lists.callbacksDue(auth, page);
  }
}
