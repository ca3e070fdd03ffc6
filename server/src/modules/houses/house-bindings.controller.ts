import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  approveBindingSchema,
  correctBindingSchema,
  houseBindingSchema,
  paginationSchema,
  rejectBindingSchema,
  type ApproveBindingInput,
  type CorrectBindingInput,
  type HouseBindingInput,
  type HouseBindingReviewView,
  type HouseBindingView,
  type Page,
} from '@linli/shared';
import { z } from 'zod';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator';
import { ApiZodBody, ApiZodQuery } from '../../common/http/openapi';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { IdPipe, ZodPipe } from '../../common/http/zod-pipe';
import { Idempotent } from '../../common/idempotency/idempotent.decorator';
import { HousesService } from './houses.service';

const reviewQuerySchema = paginationSchema.extend({
  status: z
    .enum(['pending', 'bound', 'rejected', 'withdrawn'], {
      error: '状态只能是 pending、bound、rejected 或 withdrawn',
    })
    .default('pending'),
});
const REVIEWERS = ['receptionist', 'manager', 'admin'] as const;

@ApiTags('houses')
@Controller('house-bindings')
export class HouseBindingsController {
  constructor(private readonly houses: HousesService) {}

  @Post()
  @Idempotent()
  @Authenticated({ roles: ['resident'] })
  @RateLimit('binding')
  @ApiOperation({
    summary:
      '绑定房屋：微信验证的手机号（phoneCode）与业主名册一致且房屋尚无人绑定时立即绑定，否则等待客服审核（应答不因是否与名册一致而不同）',
  })
  @ApiZodBody(houseBindingSchema)
  bind(
    @Auth() auth: AuthUser,
    @Body(new ZodPipe(houseBindingSchema)) body: HouseBindingInput,
  ): Promise<HouseBindingView> {
    return this.houses.bind(auth, body);
  }

  @Get('mine')
  @Authenticated({ roles: ['resident'] })
  @ApiOperation({ summary: '我绑定的房屋' })
  mine(@Auth() auth: AuthUser): Promise<HouseBindingView[]> {
    return this.houses.listMine(auth);
  }

  @Post(':id/correct')
  @HttpCode(200)
  @Idempotent()
  @Authenticated({ roles: ['resident'] })
  @RateLimit('binding')
  @ApiOperation({
    summary:
      '修改本人待审核（或被驳回）的绑定申请的姓名、手机号：带 phoneCode 且与业主名册一致、房屋尚无人绑定时立即绑定，否则以新信息等待审核',
  })
  @ApiZodBody(correctBindingSchema)
  correct(
    @Auth() auth: AuthUser,
    @Param('id', new IdPipe('绑定申请')) id: number,
    @Body(new ZodPipe(correctBindingSchema)) body: CorrectBindingInput,
  ): Promise<HouseBindingView> {
    return this.houses.correct(auth, id, body);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Idempotent()
  @Authenticated({ roles: ['resident'] })
  @ApiOperation({ summary: '撤回本人待审核的绑定申请' })
  withdraw(@Auth() auth: AuthUser, @Param('id', new IdPipe('绑定申请')) id: number): Promise<HouseBindingView> {
    return this.houses.withdraw(auth, id);
  }

  @Get()
  @Authenticated({ roles: REVIEWERS })
  @ApiOperation({
    summary: '待审核（或已处理）的房屋绑定，限本人服务的项目；附该房间的业主名册（脱敏）与不一致之处',
  })
  @ApiZodQuery(reviewQuerySchema)
  list(
    @Auth() auth: AuthUser,
    @Query(new ZodPipe(reviewQuerySchema)) query: z.output<typeof reviewQuerySchema>,
  ): Promise<Page<HouseBindingReviewView>> {
    const { status, ...page } = query;
    return this.houses.listForReview(auth, status, page);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Idempotent()
  @Authenticated({ roles: REVIEWERS })
  @ApiOperation({
    summary: '通过房屋绑定申请（业主在消息中、并以订阅消息收到结果）；revision 与列表不符（业主已修改）时 409',
  })
  @ApiZodBody(approveBindingSchema)
  approve(
    @Auth() auth: AuthUser,
    @Param('id', new IdPipe('绑定申请')) id: number,
    // No body at all is an approval without a revision (older clients).
    @Body(new ZodPipe(approveBindingSchema.optional())) body: ApproveBindingInput | undefined,
  ): Promise<HouseBindingView> {
    return this.houses.review(auth, id, { approve: true, revision: body?.revision });
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Idempotent()
  @Authenticated({ roles: REVIEWERS })
  @ApiOperation({ summary: '驳回房屋绑定申请（需填写原因，业主在消息中、并以订阅消息收到原因）' })
  @ApiZodBody(rejectBindingSchema)
  reject(
    @Auth() auth: AuthUser,
    @Param('id', new IdPipe('绑定申请')) id: number,
    @Body(new ZodPipe(rejectBindingSchema)) body: z.output<typeof rejectBindingSchema>,
  ): Promise<HouseBindingView> {
    return this.houses.review(auth, id, { approve: false, reason: body.reason, revision: body.revision });
  }
}
