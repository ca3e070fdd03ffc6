import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  paginationSchema,
  subscribeAnswersSchema,
  subscribeAskSchema,
  type NotificationView,
  type Page,
  type SubscribeAnswers,
  type SubscribeAsk as SubscribeAskView,
  type SubscribeAskInput,
  type SubscribeCredits,
  type SubscribeTemplateSets,
  type UnreadCount,
} from '@linli/shared';
import { z } from 'zod';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator';
import { ApiZodBody, ApiZodQuery } from '../../common/http/openapi';
import { IdPipe, ZodPipe } from '../../common/http/zod-pipe';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { CreditLedger } from './credit-ledger';
import { MessageCentreService } from './message-centre.service';
import { SubscribeAsks, subscribeTemplateSets } from './subscribe-asks';

const listQuerySchema = paginationSchema.extend({
  unread: z
    .enum(['true', 'false'], { error: 'unread 只能是 true 或 false' })
    .optional()
    .transform((value) => value === 'true'),
});

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly centre: MessageCentreService,
    private readonly credits: CreditLedger,
    private readonly asks: SubscribeAsks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: '消息中心：我的通知，新的在前' })
  @ApiZodQuery(listQuerySchema)
  list(
    @Auth() auth: AuthUser,
    @Query(new ZodPipe(listQuerySchema)) query: z.output<typeof listQuerySchema>,
  ): Promise<Page<NotificationView>> {
    const { unread, ...page } = query;
    return this.centre.list(auth.userId, page, unread);
  }

  @Get('unread-count')
  @Authenticated()
  @ApiOperation({ summary: '未读消息数（标签栏角标）' })
  unread(@Auth() auth: AuthUser): Promise<UnreadCount> {
    return this.centre.unread(auth.userId);
  }

  @Post('read-all')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: '全部标为已读' })
  readAll(@Auth() auth: AuthUser): Promise<UnreadCount> {
    return this.centre.markAllRead(auth.userId);
  }

  @Post(':id/read')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: '标为已读' })
  read(@Auth() auth: AuthUser, @Param('id', new IdPipe('消息')) id: number): Promise<NotificationView> {
    return this.centre.markRead(auth.userId, id);
  }

  @Get('subscribe-templates')
  @Authenticated({ roles: ['resident'] })
  @ApiOperation({ summary: '各操作时向业主申请订阅的消息模板（每次最多 3 个）；计数以 subscribe-asks 为准' })
  templates(): SubscribeTemplateSets {
    return subscribeTemplateSets(this.config);
  }

  @Post('subscribe-asks')
  @HttpCode(200)
  @Authenticated({ roles: ['resident'] })
  @ApiOperation({
    summary: '为一次 wx.requestSubscribeMessage 申请：要询问的模板和本次的编号（10 分钟内、只能回报一次）',
  })
  @ApiZodBody(subscribeAskSchema)
  ask(
    @Auth() auth: AuthUser,
    @Body(new ZodPipe(subscribeAskSchema)) body: SubscribeAskInput,
  ): Promise<SubscribeAskView> {
    return this.asks.issue(auth.userId, body.moment);
  }

  @Post('subscriptions')
  @HttpCode(200)
  @Authenticated({ roles: ['resident'] })
  @ApiOperation({
    summary: '回报一次申请的结果：本次申请的模板中每个“允许”记一次发送额度；每次申请只能回报一次',
  })
  @ApiZodBody(subscribeAnswersSchema)
  async subscribe(
    @Auth() auth: AuthUser,
    @Body(new ZodPipe(subscribeAnswersSchema)) body: SubscribeAnswers,
  ): Promise<SubscribeCredits> {
    await this.asks.report(auth.userId, body.askId, body.answers);
    return { credits: await this.credits.balance(auth.userId) };
  }
}
