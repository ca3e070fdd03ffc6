import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { paginationSchema, type DeliveryView, type Page } from '@linli/shared';
import { z } from 'zod';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator';
import { ApiZodQuery } from '../../common/http/openapi';
import { IdPipe, ZodPipe } from '../../common/http/zod-pipe';
import { DeliveriesService } from './deliveries.service';

const listQuerySchema = paginationSchema.extend({
  status: z
    .enum(['pending', 'sending', 'sent', 'failed'], { error: '状态只能是 pending、sending、sent 或 failed' })
    .default('failed'),
});
const ADMINS = ['manager', 'admin'] as const;

@ApiTags('admin')
@Controller('admin/deliveries')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get()
  @Authenticated({ roles: ADMINS })
  @ApiOperation({ summary: '微信消息发送记录（默认只看失败的；项目经理只看所服务项目的）' })
  @ApiZodQuery(listQuerySchema)
  list(
    @Auth() auth: AuthUser,
    @Query(new ZodPipe(listQuerySchema)) query: z.output<typeof listQuerySchema>,
  ): Promise<Page<DeliveryView>> {
    const { status, ...page } = query;
    return this.deliveries.list(auth, status, page);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Authenticated({ roles: ADMINS })
  @ApiOperation({ summary: '重新发送一条失败的消息（订阅消息先占用业主的一次订阅次数，没有则 409、不调用微信）' })
  retry(@Auth() auth: AuthUser, @Param('id', new IdPipe('发送记录')) id: number): Promise<DeliveryView> {
    return this.deliveries.retry(auth, id);
  }
}
