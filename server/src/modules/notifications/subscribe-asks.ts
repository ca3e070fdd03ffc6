import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  MAX_SUBSCRIBE_TEMPLATES_PER_CALL,
  type SubscribeAnswer,
  type SubscribeAsk as SubscribeAskView,
  type SubscribeMoment,
  type SubscribeTemplateSets,
} from '@linli/shared';
import { LessThan, type DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { CreditLedger } from './credit-ledger';
import { SubscribeAsk } from './subscribe-ask.entity';

/**
 * How long an ask may wait for its tap and report. Form pages fetch one when they open, so this
 * covers filling in a form; the mini-app fetches a fresh one for a tap after it lapsed.
 */
export const SUBSCRIBE_ASK_LIFETIME_MS = 10 * 60_000;
/** Spent and lapsed asks are kept this long for the record, then pruned as the user asks again. */
const ASK_RECORD_MS = 24 * 60 * 60_000;

/** The template ids to ask for at each tap, in the order WeChat's dialog shows them (≤ 3). */
export function subscribeTemplateSets(config: AppConfig): SubscribeTemplateSets {
  const { progress, fee, result, binding } = config.wechat.templates.subscribe;
  const sets: SubscribeTemplateSets = {
    submit: [progress.id, fee.id, result.id],
    rate: [progress.id, result.id],
    confirm_fee: [progress.id, result.id],
    // Submitting or correcting a house claim: its review's outcome (none when not configured).
    bind: binding ? [binding.id] : [],
  };
  for (const key of Object.keys(sets) as SubscribeMoment[]) {
    sets[key] = [...new Set(sets[key])].slice(0, MAX_SUBSCRIBE_TEMPLATES_PER_CALL);
  }
  return sets;
}

/**
 * The server's half of wx.requestSubscribeMessage. WeChat never tells the server about a tap, so
 * the only defence against a client reporting 允许 it was never shown (or the same 允许 twice)
 * is to count answers only against an ask the server issued: its templates, once, while fresh.
 */
@Injectable()
export class SubscribeAsks {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly credits: CreditLedger,
    private readonly clock: Clock,
  ) {}

  async issue(userId: number, moment: SubscribeMoment): Promise<SubscribeAskView> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + SUBSCRIBE_ASK_LIFETIME_MS);
    const templateIds = subscribeTemplateSets(this.config)[moment];
    if (templateIds.length === 0) return { askId: null, moment, templateIds, expiresAt: expiresAt.toISOString() };
    const repository = this.dataSource.getRepository(SubscribeAsk);
    await repository.delete({ userId, expiresAt: LessThan(new Date(now.getTime() - ASK_RECORD_MS)) });
    const id = randomBytes(18).toString('base64url');
    await repository.insert({
      id,
      userId,
      moment,
      templateIds,
      answers: null,
      expiresAt,
      usedAt: null,
      createdAt: now,
    });
    return { askId: id, moment, templateIds, expiresAt: expiresAt.toISOString() };
  }

  /**
   * One credit per template of the ask answered `accept`, in one transaction with spending the
   * ask, so two reports of one tap (a retried request, a replay) count once.
   */
  async report(userId: number, askId: string, answers: Record<string, SubscribeAnswer>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const ask = await manager.findOne(SubscribeAsk, { where: { id: askId }, lock: { mode: 'pessimistic_write' } });
      // Another user's ask is as unknown as a made-up one.
      if (!ask || ask.userId !== userId) throw AppError.notFound('订阅请求');
      if (ask.usedAt) throw new AppError('CONFLICT', '这次订阅的结果已经记录过了');
      const now = this.clock.now();
      if (ask.expiresAt.getTime() <= now.getTime()) {
        throw AppError.validation([{ field: 'askId', message: '订阅请求已过期，请重新申请' }]);
      }
      const asked = new Set(ask.templateIds);
      const extra = Object.keys(answers).filter((id) => !asked.has(id));
      if (extra.length) {
        throw AppError.validation(extra.map((id) => ({ field: `answers.${id}`, message: '本次没有申请这个消息模板' })));
      }
      await manager.update(SubscribeAsk, { id: ask.id }, { usedAt: now, answers });
      const accepted = ask.templateIds.filter((id) => answers[id] === 'accept');
      await this.credits.grant(userId, accepted, manager);
    });
  }
}
