import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  DAY_MS,
  DESK_SEARCH_MAX,
  DESK_SORTS,
  DUE_FILTERS,
  shanghaiDay,
  shanghaiDayStart,
  ACTION_LABELS,
  ACTION_PAYLOADS,
  intakeFormSchema,
  listQuerySchema,
  REQUEST_KINDS,
  REQUEST_STATUSES,
  requestFormDocSchema,
  requestFormSchema,
  STAFF_SIDE_ROLES,
  type ActionName,
  type IntakeForm,
  type ListPage,
  type RequestDetail,
  type RequestForm,
  type RequestSummary,
} from '@linli/shared';
import { z } from 'zod';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator';
import { AppError } from '../../common/errors/app-error';
import { ApiOperationPerValue, ApiZodBody, ApiZodQuery } from '../../common/http/openapi';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { IdPipe, ZodPipe } from '../../common/http/zod-pipe';
import { Idempotent } from '../../common/idempotency/idempotent.decorator';
import { RequestFilingService } from './request-filing.service';
import { RequestListsService, RESIDENT_STATUS_GROUPS, type DeskFilter } from './lists/request-lists.service';
import { RequestQueriesService } from './request-queries.service';
import { RequestWorkflowService } from './workflow/request-workflow.service';

const DESK = ['receptionist', 'supervisor', 'manager', 'admin'] as const;
const statusFilter = z
  .enum([...REQUEST_STATUSES, 'open', 'resolved', 'closed', 'waiting'] as [string, ...string[]], {
    error: '状态筛选无效',
  })
  .optional();
const mineQuerySchema = listQuerySchema.extend({ status: statusFilter });
const optionalId = (label: string) =>
  z.coerce
    .number({ error: `${label}无效` })
    .int(`${label}无效`)
    .positive(`${label}无效`)
    .optional();
const deskQuerySchema = listQuerySchema
  .extend({
    status: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (!value) return null;
        const statuses = value.split(',');
        if (statuses.some((s) => !(REQUEST_STATUSES as readonly string[]).includes(s))) {
          ctx.addIssue({ code: 'custom', message: '状态筛选无效' });
          return z.NEVER;
        }
        return statuses as (typeof REQUEST_STATUSES)[number][];
      }),
    kind: z.enum(REQUEST_KINDS, { error: '类型筛选无效' }).optional(),
    departmentId: z
      .union([z.literal('none'), z.coerce.number().int().positive()], {
        error: '部门无效（部门编号，或 none 表示待分派）',
      })
      .optional(),
    categoryId: optionalId('分类'),
    assigneeUserId: optionalId('处理人'),
    roomId: optionalId('房屋'),
    from: shanghaiDay('开始日期').optional(),
    to: shanghaiDay('结束日期').optional(),
    due: z.enum(DUE_FILTERS, { error: '时限筛选无效，可为 overdue（已超时）或 nearing（即将超时）' }).optional(),
    sort: z.enum(DESK_SORTS, { error: '排序无效，可为 deadline（最紧急）或 newest（最新）' }).default('newest'),
    q: z.string().trim().max(DESK_SEARCH_MAX, `搜索内容最多 ${DESK_SEARCH_MAX} 个字`).optional(),
  })
  .superRefine((query, ctx) => {
    if (query.from && query.to && query.to < query.from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期不能早于开始日期' });
    }
    // The two orders cannot both bound a page: a limit filter reads by the limit, a date range by the filing time.
    if (query.due && (query.from || query.to) && !query.q) {
      ctx.addIssue({ code: 'custom', path: ['due'], message: '按时限筛选时不能同时限定登记日期，请去掉其中一个' });
    }
  });
type DeskQuery = z.output<typeof deskQuerySchema>;

/** The query's filters as the lists read them: days in Asia/Shanghai, `to` taking in its whole day. */
function deskFilterOf(query: DeskQuery): DeskFilter {
  return {
    statuses: query.status,
    kind: query.kind ?? null,
    departmentId: query.departmentId ?? null,
    categoryId: query.categoryId ?? null,
    assigneeUserId: query.assigneeUserId ?? null,
    roomIds: query.roomId ? [query.roomId] : null,
    from: query.from ? shanghaiDayStart(query.from) : null,
    to: query.to ? new Date(shanghaiDayStart(query.to).getTime() + DAY_MS) : null,
    due: query.due ?? null,
    sort: query.sort,
    q: query.q ? query.q : null,
  };
}
const ACTION_NAMES = Object.keys(ACTION_PAYLOADS) as ActionName[];

function statusesOf(filter: string | undefined) {
  if (!filter) return null;
  if (filter in RESIDENT_STATUS_GROUPS) return RESIDENT_STATUS_GROUPS[filter as keyof typeof RESIDENT_STATUS_GROUPS];
  return [filter as (typeof REQUEST_STATUSES)[number]];
}

@ApiTags('requests')
@Controller('requests')
export class RequestsController {
  constructor(
    private readonly filing: RequestFilingService,
    private readonly queries: RequestQueriesService,
    private readonly lists: RequestListsService,
    private readonly workflow: RequestWorkflowService,
  ) {}

  @Post()
  @Idempotent()
  @Authenticated({ roles: ['resident'] })
  @RateLimit('file_request')
  @ApiOperation({ summary: '业主提交投诉、报修或建议：返回编号与详情，并按分类转给默认部门' })
  @ApiZodBody(requestFormDocSchema)
  async file(@Auth() auth: AuthUser, @Body(new ZodPipe(requestFormSchema)) body: RequestForm): Promise<RequestDetail> {
    return this.queries.detail(auth, await this.filing.file(auth, body));
  }

  @Post('intake')
  @Idempotent()
  // 首问负责制 (seed 000, 004): any employee who is told of a complaint or a repair registers it.
  @Authenticated({ roles: [...DESK, 'staff'] })
  @RateLimit('intake')
  @ApiOperation({ summary: '代客登记：电话、来访、信函等渠道的诉求，由登记人承担首问责任' })
  @ApiZodBody(intakeFormSchema)
  async intake(@Auth() auth: AuthUser, @Body(new ZodPipe(intakeFormSchema)) body: IntakeForm): Promise<RequestDetail> {
    return this.queries.detail(auth, await this.filing.intake(auth, body), 'intake');
  }

  @Get('mine')
  @Authenticated({ roles: ['resident'] })
  @ApiOperation({
    summary:
      '我提交的诉求，最新在前；status 可为 open/resolved/closed 或具体状态。按 cursor 翻页（上一页的 next），total 最多数到 1000（totalCapped）',
  })
  @ApiZodQuery(mineQuerySchema)
  mine(
    @Auth() auth: AuthUser,
    @Query(new ZodPipe(mineQuerySchema)) query: z.output<typeof mineQuerySchema>,
  ): Promise<ListPage<RequestSummary>> {
    const { status, ...page } = query;
    return this.lists.listMine(auth, statusesOf(status), page, status === 'waiting');
  }

  @Get()
  @Authenticated({ roles: STAFF_SIDE_ROLES })
  @ApiOperation({
    summary:
      '本人服务项目的诉求（队列与“全部”）：status 可用逗号分隔多个状态；按类型、分类、部门（none 为待分派）、处理人、房屋、' +
      '登记日期（from/to，北京时间的日期）与时限（due=overdue/nearing）筛选；sort=deadline 最紧急在前（按当前计时的时限），' +
      'newest 最新在前（默认；有日期范围或搜索时总是如此）；q 按编号、手机号（整号或后四位）、联系人姓名或房号搜索' +
      '（电话与姓名仅客服、主管、经理可搜）。按 cursor 翻页（上一页的 next），total 最多数到 1000（totalCapped）',
  })
  @ApiZodQuery(deskQuerySchema)
  list(
    @Auth() auth: AuthUser,
    @Query(new ZodPipe(deskQuerySchema)) query: DeskQuery,
  ): Promise<ListPage<RequestSummary>> {
    const { page, pageSize, cursor } = query;
    return this.lists.listForDesk(auth, deskFilterOf(query), { page, pageSize, cursor });
  }

  @Get(':id')
  @Authenticated({ roles: ['resident', ...STAFF_SIDE_ROLES] })
  @ApiOperation({
    summary: '诉求详情、时间线与当前可执行的操作（业主与非经办人员看不到内部步骤；非经办人员看到的联系方式已打码）',
  })
  detail(@Auth() auth: AuthUser, @Param('id', new IdPipe('诉求')) id: number): Promise<RequestDetail> {
    return this.queries.detail(auth, id);
  }

  @Post(':id/actions/:action')
  @HttpCode(200)
  @Idempotent()
  @Authenticated({ roles: ['resident', ...STAFF_SIDE_ROLES] })
  @ApiOperation({ summary: '执行一个流程操作（受理、派单、接单、完成、评价、回访…）' })
  // The document lists one operation per action, each with its own body (ACTION_PAYLOADS).
  @ApiOperationPerValue(
    'action',
    ACTION_PAYLOADS,
    Object.fromEntries(ACTION_NAMES.map((name) => [name, `${ACTION_LABELS[name]}（${name}）`])),
  )
  async act(
    @Auth() auth: AuthUser,
    @Param('id', new IdPipe('诉求')) id: number,
    @Param('action') action: string,
    @Body() body: unknown,
  ): Promise<RequestDetail> {
    if (!(ACTION_NAMES as string[]).includes(action)) throw new AppError('NOT_FOUND', `没有“${action}”这个操作`);
    await this.workflow.perform(auth, id, action as ActionName, body);
    return this.queries.detail(auth, id, 'action');
  }
}
