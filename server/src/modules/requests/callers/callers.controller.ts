import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CallerLookup } from '@linli/shared';
import { z } from 'zod';
import type { AuthUser } from '../../../common/auth/auth-user';
import { Auth, Authenticated } from '../../../common/auth/authenticated.decorator';
import { AppError } from '../../../common/errors/app-error';
import { ApiZodQuery } from '../../../common/http/openapi';
import { ZodPipe } from '../../../common/http/zod-pipe';
import { RateLimit } from '../../../common/rate-limit/rate-limit.decorator';
import { CallerLookupService, callerQueryOf } from './caller-lookup.service';

const DESK = ['receptionist', 'supervisor', 'manager', 'admin'] as const;

const callerQuerySchema = z.object({
  q: z.string().trim().max(20, '查找内容最多 20 个字').optional(),
  roomId: z.coerce.number({ error: '房屋无效' }).int('房屋无效').positive('房屋无效').optional(),
});

@ApiTags('requests')
@Controller('desk/callers')
export class CallersController {
  constructor(private readonly callers: CallerLookupService) {}

  @Get()
  @Authenticated({ roles: DESK })
  @RateLimit('caller_lookup')
  @ApiOperation({
    summary:
      '代客登记查找来电人：q 为手机号（或带区号座机）时列出名册登记或已绑定该号码的房屋，为房号时列出本人服务项目中该房号的房屋；' +
      'roomId 为一间房屋。每间房屋带业主名册与已绑定住户（未打码），并附该号码或房屋最近的诉求',
  })
  @ApiZodQuery(callerQuerySchema)
  lookup(
    @Auth() auth: AuthUser,
    @Query(new ZodPipe(callerQuerySchema)) query: z.output<typeof callerQuerySchema>,
  ): Promise<CallerLookup> {
    if (query.roomId) return this.callers.lookup(auth, { roomId: query.roomId });
    const parsed = query.q ? callerQueryOf(query.q) : null;
    if (!parsed) {
      throw AppError.validation([{ field: 'q', message: '请输入来电号码（11 位手机号或带区号座机）或房号，如 1201' }]);
    }
    return this.callers.lookup(auth, parsed);
  }
}
