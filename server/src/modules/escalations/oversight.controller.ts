import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { paginationSchema, type BoardView, type EscalatedRequest, type Page } from '@linli/shared';
import { z } from 'zod';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator';
import { ApiZodQuery } from '../../common/http/openapi';
import { ZodPipe } from '../../common/http/zod-pipe';
import { OversightService } from './oversight.service';

const LEADS = ['supervisor', 'manager', 'admin'] as const;
const mineQuerySchema = paginationSchema.extend({
  open: z
    .enum(['true', 'false'], { error: 'open 只能是 true 或 false' })
    .default('true')
    .transform((value) => value === 'true'),
});

@ApiTags('admin')
@Controller()
export class OversightController {
  constructor(private readonly oversight: OversightService) {}

  @Get('board')
  @Authenticated({ roles: LEADS })
  @ApiOperation({ summary: '看板：各部门、各人的在办、即将超时、已超时数量' })
  board(@Auth() auth: AuthUser): Promise<BoardView> {
    return this.oversight.board(auth);
  }

  @Get('escalations/mine')
  @Authenticated({ roles: ['staff', ...LEADS] })
  @ApiOperation({ summary: '升级到我的诉求（最新一级）' })
  @ApiZodQuery(mineQuerySchema)
  mine(
    @Auth() auth: AuthUser,
    @Query(new ZodPipe(mineQuerySchema)) query: z.output<typeof mineQuerySchema>,
  ): Promise<Page<EscalatedRequest>> {
    const { open, ...page } = query;
    return this.oversight.mine(auth, page, open);
  }
}
