import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  MAX_SUBSCRIBE_TEMPLATES_PER_CALL,
  paginationSchema,
  subscribeAnswersSchema,
  type NotificationView,
  type Page,
  type SubscribeAnswers,
  type SubscribeCredits,
  type SubscribeTemplateSets,
  type UnreadCount,
} from '@linli/shared';
import { z } from 'zod';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator';
import { AppError } from '../../common/errors/app-error';
import { ApiZodBody, ApiZodQuery } from '../../common/http/openapi';
import { IdPipe, ZodPipe } from '../../common/http/zod-pipe';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { CreditLedger } from './credit-ledger';
import { MessageCentreService } from './message-centre.service';

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
  @ApiOperation({ summary: '各操作时向业主申请订阅的消息模板（每次最多 3 个）' })
  templates(): SubscribeTemplateSets {
    const { progress, fee, result, binding } = this.config.wechat.templates.subscribe;
    const sets: SubscribeTemplateSets = {
      submit: [progress.id, fee.id, result.id],
      rate: [progress.id, result.id],
      confirm_fee: [progress.id, result.id],
      // Submitting or correcting a house claim: its review's outcome (none when not configured).
      bind: binding ? [binding.id] : [],
    };
    for (const key of Object.keys(sets) as Array<keyof SubscribeTemplateSets>) {
      sets[key] = [...new Set(sets[key])].slice(0, MAX_SUBSCRIBE_TEMPLATES_PER_CALL);
    }
    return sets;
  }

  @Post('subscriptions')
  @HttpCode(200)
  @Authenticated({ roles: ['resident'] })
  @ApiOperation({ summary: '记录 wx.requestSubscribeMessage 的结果：每个“允许”记一次发送额度' })
  @ApiZodBody(subscribeAnswersSchema)
  async subscribe(
    @Auth() auth: AuthUser,
    @Body(new ZodPipe(subscribeAnswersSchema)) body: SubscribeAnswers,
  ): Promise<SubscribeCredits> {
    const known = new Set(
      Object.values(this.config.wechat.templates.subscribe).flatMap((slot) => (slot ? [slot.id] : [])),
    );
    const unknown = Object.keys(body.answers).filter((id) => !known.has(id));
    if (unknown.length) {
      throw AppError.validation(unknown.map((id) => ({ field: `answers.${id}`, message: '不是本小程序的消息模板' })));
    }
    const accepted = Object.entries(body.answers)
      .filter(([, answer]) => answer === 'accept')
      .map(([id]) => id);
    await this.credits.grant(auth.userId, accepted);
    return { credits: await this.credits.balance(auth.userId) };
  }
}
