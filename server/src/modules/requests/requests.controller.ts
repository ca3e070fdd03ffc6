import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  complaintFormSchema,
  paginationSchema,
  STAFF_SIDE_ROLES,
  type ComplaintForm,
  type Page,
  type Pagination,
  type RequestDetail,
  type RequestSummary,
} from '@linli/shared';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator';
import { ApiZodBody, ApiZodQuery } from '../../common/http/openapi';
import { IdPipe, ZodPipe } from '../../common/http/zod-pipe';
import { RequestsService } from './requests.service';

@ApiTags('requests')
@Controller('requests')
export class RequestsController {
  constructor(private readonly requests: RequestsService) {}

  @Post()
  @Authenticated({ roles: ['resident'] })
  @ApiOperation({ summary: '业主提交投诉：返回编号与详情，并按分类转给默认部门' })
  @ApiZodBody(complaintFormSchema)
  file(@Auth() auth: AuthUser, @Body(new ZodPipe(complaintFormSchema)) body: ComplaintForm): Promise<RequestDetail> {
    return this.requests.fileComplaint(auth, body);
  }

  @Get('mine')
  @Authenticated({ roles: ['resident'] })
  @ApiOperation({ summary: '我提交的诉求，最新在前，分页' })
  @ApiZodQuery(paginationSchema)
  mine(@Auth() auth: AuthUser, @Query(new ZodPipe(paginationSchema)) page: Pagination): Promise<Page<RequestSummary>> {
    return this.requests.listMine(auth, page);
  }

  @Get(':id')
  @Authenticated({ roles: ['resident', ...STAFF_SIDE_ROLES] })
  @ApiOperation({ summary: '诉求详情与时间线（业主看不到内部备注）' })
  detail(@Auth() auth: AuthUser, @Param('id', new IdPipe('诉求')) id: number): Promise<RequestDetail> {
    return this.requests.detail(auth, id);
  }
}
