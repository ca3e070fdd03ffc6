import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  calendarYearSchema,
  slaLimitSchema,
  slaPolicySchema,
  type CalendarYearInput,
  type CalendarYearView,
  type SlaLimitInput,
  type SlaPolicyInput,
  type SlaPolicyView,
} from '@linli/shared';
import { z } from 'zod';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator';
import { Idempotent } from '../../common/idempotency/idempotent.decorator';
import { ApiZodBody, ApiZodQuery } from '../../common/http/openapi';
import { IdPipe, ZodPipe } from '../../common/http/zod-pipe';
import { SlaAdminService } from './sla-admin.service';

const yearSchema = z.coerce
  .number({ error: '年份无效' })
  .int('年份无效')
  .min(2000, '年份应在 2000–2100 之间')
  .max(2100, '年份应在 2000–2100 之间');
const yearQuerySchema = z.object({ year: yearSchema });
const READERS = ['manager', 'admin'] as const;

@ApiTags('admin')
@Controller('admin')
export class SlaAdminController {
  constructor(private readonly sla: SlaAdminService) {}

  @Get('sla-policies')
  @Authenticated({ roles: READERS })
  @ApiOperation({ summary: '时限规则（类型 × 等级 × 分类，最具体的规则生效）' })
  list(): Promise<SlaPolicyView[]> {
    return this.sla.list();
  }

  @Post('sla-policies')
  @Idempotent()
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: '新增时限规则（只影响此后设定的时限）' })
  @ApiZodBody(slaPolicySchema)
  create(@Auth() auth: AuthUser, @Body(new ZodPipe(slaPolicySchema)) body: SlaPolicyInput): Promise<SlaPolicyView> {
    return this.sla.create(auth, body);
  }

  @Patch('sla-policies/:id')
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: '修改时限' })
  @ApiZodBody(slaLimitSchema)
  update(
    @Auth() auth: AuthUser,
    @Param('id', new IdPipe('时限规则')) id: number,
    @Body(new ZodPipe(slaLimitSchema)) body: SlaLimitInput,
  ): Promise<SlaPolicyView> {
    return this.sla.update(auth, id, body);
  }

  @Delete('sla-policies/:id')
  @HttpCode(204)
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: '删除时限规则' })
  remove(@Auth() auth: AuthUser, @Param('id', new IdPipe('时限规则')) id: number): Promise<void> {
    return this.sla.remove(auth, id);
  }

  @Get('calendar')
  @Authenticated({ roles: READERS })
  @ApiOperation({ summary: '某年的节假日与调休上班日' })
  @ApiZodQuery(yearQuerySchema)
  calendar(@Query(new ZodPipe(yearQuerySchema)) query: z.output<typeof yearQuerySchema>): Promise<CalendarYearView> {
    return this.sla.calendarYear(query.year);
  }

  @Put('calendar/:year')
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: '按国务院通知整年替换节假日与调休上班日' })
  @ApiZodBody(calendarYearSchema)
  replaceYear(
    @Auth() auth: AuthUser,
    @Param(new ZodPipe(yearQuerySchema)) params: z.output<typeof yearQuerySchema>,
    @Body(new ZodPipe(calendarYearSchema)) body: CalendarYearInput,
  ): Promise<CalendarYearView> {
    return this.sla.replaceYear(auth, params.year, body);
  }
}
