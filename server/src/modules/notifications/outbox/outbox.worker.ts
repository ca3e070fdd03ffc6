import type { DeliveryStatus } from '@linli/shared';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../../../common/clock/clock';
import type { AppConfig } from '../../../config/config';
import { APP_CONFIG } from '../../../config/config.module';
import { isDatabaseUnavailable } from '../../../database/database-unavailable';
import { OutageNotice } from '../../../database/outage-notice';
import { NotificationDelivery } from '../delivery.entity';
import { CreditLedger } from '../credit-ledger';
import { OfficialAccountLinks } from '../../wechat/official-account-links';
import { MessageSender } from './message-sender';
import { backoffMs, NO_CREDIT_REASON, type SendOutcome } from './send-outcome';

/** Sends in a batch run side by side, this many at a time. */
const SEND_CONCURRENCY = 16;
/** While the database is away, polls slow down to this at most (a commit still wakes the worker). */
const MAX_OUTAGE_POLL_MS = 15_000;

interface Claimed {
  id: number;
  attempts: number;
  channel: NotificationDelivery['channel'];
  touser: string;
  templateId: string;
  body: NotificationDelivery['body'];
  notificationUserId: number;
  /** What the previous attempt got: after a 43004, a delivery means they follow again. */
  lastErrcode: number | null;
}

/**
 * Delivers the outbox. Rows are claimed with SELECT … FOR UPDATE SKIP LOCKED and marked
 * `sending` with a lease, so several workers (in several processes) never take the same row,
 * and a row whose worker died comes back when its lease lapses. The worker wakes at once
 * when its own process commits a notification and polls for everything else.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxWorker.name);
  private readonly outage = new OutageNotice(this.logger, 'outbox worker');
  private failedRounds = 0;
  private running = false;
  private stopped = false;
  private wakeRequested = false;
  private timer: NodeJS.Timeout | null = null;
  private loop: Promise<void> | null = null;
  private resolveSleep: (() => void) | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sender: MessageSender,
    private readonly credits: CreditLedger,
    private readonly links: OfficialAccountLinks,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.outbox.worker) this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
    this.running = false;
    this.loop = null;
  }

  /** Called after a commit that wrote deliveries: no need to wait for the next poll. */
  wake(): void {
    this.wakeRequested = true;
    this.resolveSleep?.();
  }

  /** Sends everything due now and returns how many rows it handled; tests call it directly. */
  async drain(): Promise<number> {
    let handled = 0;
    for (;;) {
      const { batch, claimed } = await this.claim();
      if (claimed === 0) return handled;
      await this.sendAll(batch);
      handled += claimed;
    }
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.wakeRequested = false;
      try {
        await this.drain();
        this.failedRounds = 0;
        this.outage.recovered();
      } catch (error) {
        // Rows claimed but not settled keep their lease and go again once it lapses.
        if (isDatabaseUnavailable(error)) {
          this.failedRounds++;
          this.outage.failed(error);
        } else this.logger.error({ err: error }, 'outbox round failed');
      }
      if (this.stopped) break;
      if (!this.wakeRequested) await this.sleep(this.pollDelay());
    }
  }

  /** The poll interval, doubled per round lost to an outage: a dead database is not asked every second. */
  private pollDelay(): number {
    const { pollMs } = this.config.outbox;
    if (this.failedRounds === 0) return pollMs;
    return Math.min(pollMs * 2 ** this.failedRounds, Math.max(pollMs, MAX_OUTAGE_POLL_MS));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.resolveSleep = () => {
        if (this.timer) clearTimeout(this.timer);
        this.resolveSleep = null;
        resolve();
      };
      this.timer = setTimeout(() => this.resolveSleep?.(), ms);
    });
  }

  /** The rows to send now; `claimed` also counts those settled without a send. */
  private async claim(): Promise<{ batch: Claimed[]; claimed: number }> {
    const { batch, leaseMs } = this.config.outbox;
    // READ COMMITTED (every pooled session's level, data-source.ts): no gap locks, so claiming never
    // blocks a request's transaction inserting new rows.
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      // `sending` rows past their lease belong to a worker that died mid-send: they go again.
      const rows = (await manager.query(
        `SELECT id, status, attempts, channel, touser, template_id AS templateId, body, user_id AS userId,
                last_errcode AS lastErrcode
           FROM notification_delivery
          WHERE status IN ('pending', 'sending') AND next_attempt_at <= ?
          ORDER BY next_attempt_at, id
          LIMIT ${Number(batch)}
          FOR UPDATE SKIP LOCKED`,
        [now],
      )) as Array<{
        id: number;
        status: 'pending' | 'sending';
        attempts: number;
        channel: Claimed['channel'];
        touser: string;
        templateId: string;
        body: string | Claimed['body'];
        userId: number;
        lastErrcode: number | null;
      }>;
      if (rows.length === 0) return { batch: [], claimed: 0 };
      await manager.query(
        `UPDATE notification_delivery SET status = 'sending', attempts = attempts + 1, next_attempt_at = ?, updated_at = ?
          WHERE id IN (?)`,
        [new Date(now.getTime() + leaseMs), now, rows.map((row) => row.id)],
      );
      const lost: number[] = [];
      for (const row of rows) {
        // A worker that died mid-send may have had it delivered, which spent the credit (WECHAT.md §3):
        // the try it left unfinished is made again only with a credit of its own.
        if (row.status !== 'sending' || row.channel !== 'subscribe') continue;
        if (!(await this.credits.take(manager, Number(row.userId), row.templateId))) lost.push(Number(row.id));
      }
      if (lost.length) {
        await manager.query(
          `UPDATE notification_delivery SET status = 'failed', last_errcode = 43101, last_error = ?, next_attempt_at = ?
            WHERE id IN (?)`,
          [`${NO_CREDIT_REASON}：上次发送中断，可能已送达，没有再发一次的订阅次数`, now, lost],
        );
      }
      const claimed = rows
        .filter((row) => !lost.includes(Number(row.id)))
        .map((row) => ({
          id: Number(row.id),
          attempts: Number(row.attempts) + 1,
          channel: row.channel,
          touser: row.touser,
          templateId: row.templateId,
          body: typeof row.body === 'string' ? (JSON.parse(row.body) as Claimed['body']) : row.body,
          notificationUserId: Number(row.userId),
          lastErrcode: row.lastErrcode === null ? null : Number(row.lastErrcode),
        }));
      return { batch: claimed, claimed: rows.length };
    });
  }

  private async sendAll(batch: Claimed[]): Promise<void> {
    let next = 0;
    const lanes = Array.from({ length: Math.min(SEND_CONCURRENCY, batch.length) }, async () => {
      while (next < batch.length) {
        const row = batch[next++];
        await this.sendOne(row);
      }
    });
    await Promise.all(lanes);
  }

  private async sendOne(row: Claimed): Promise<void> {
    let outcome: SendOutcome;
    try {
      // client_msg_id lets WeChat drop a repeat of the same official-account message.
      const body = row.channel === 'template' ? { ...row.body, client_msg_id: `linli-${row.id}` } : row.body;
      outcome = await this.sender.send(row.channel, body);
    } catch (error) {
      outcome = { result: 'retry', errcode: null, reason: error instanceof Error ? error.message : String(error) };
    }
    await this.record(row, outcome);
  }

  private async record(row: Claimed, outcome: SendOutcome): Promise<void> {
    const now = this.clock.now();
    const { maxAttempts, backoffMs: base } = this.config.outbox;
    const giveUp = outcome.result === 'retry' && row.attempts >= maxAttempts;
    const status: DeliveryStatus =
      outcome.result === 'sent' ? 'sent' : outcome.result === 'failed' || giveUp ? 'failed' : 'pending';
    const reason =
      outcome.result === 'sent'
        ? null
        : giveUp
          ? `重试 ${row.attempts} 次仍未成功：${outcome.reason}`.slice(0, 300)
          : outcome.reason.slice(0, 300);
    const values = {
      status,
      msgid: outcome.result === 'sent' ? outcome.msgid : null,
      sentAt: outcome.result === 'sent' ? now : null,
      lastErrcode: outcome.result === 'sent' ? null : outcome.errcode,
      lastError: reason,
      nextAttemptAt: status === 'pending' ? new Date(now.getTime() + backoffMs(row.attempts, base)) : now,
      updatedAt: now,
    };
    // Guarded by status and attempts: if our lease lapsed and another worker took the row, its result wins.
    const guard = { id: row.id, status: 'sending' as const, attempts: row.attempts };
    const followsAgain = outcome.result === 'sent' && row.channel === 'template' && row.lastErrcode === 43004;
    if (row.channel === 'subscribe' && outcome.result === 'retry' && outcome.unanswered) {
      await this.recordUnanswered(row, values, guard);
      return;
    }
    if (outcome.result !== 'failed' && status !== 'failed' && !followsAgain) {
      // The common case (sent, or to be retried) touches nothing else: one statement, no transaction.
      await this.dataSource.manager.update(NotificationDelivery, guard, values);
      return;
    }
    // Otherwise one transaction: whoever sees the row settled also sees its credit and follower flag settled.
    const settled = await this.dataSource.transaction(async (manager) => {
      const changed = await manager.update(NotificationDelivery, guard, values);
      if (!changed.affected) return false;
      if (outcome.result === 'sent') {
        await this.links.markFollowing(row.touser, manager);
        return true;
      }
      if (outcome.errcode === 43101) await this.credits.clear(row.notificationUserId, row.templateId, manager);
      else if (row.channel === 'subscribe') {
        // WeChat spends a permission only on a message it delivers.
        await this.credits.grant(row.notificationUserId, [row.templateId], manager);
      }
      if (outcome.errcode === 43004) await this.links.markNotFollowing(row.touser, manager);
      return true;
    });
    if (settled && outcome.result !== 'sent' && status === 'failed') {
      this.logger.warn({ delivery: row.id, errcode: outcome.errcode, reason }, 'notification delivery failed');
    }
  }

  /**
   * A subscribe send that got no answer in time may have been delivered, and WeChat spends the
   * credit on a delivery (WECHAT.md §3, §8): the row's credit counts as spent. Trying again needs
   * a credit of its own, taken now; without one the row fails as WeChat would answer the try
   * (43101) and WeChat is not called. Either way our count stays at or below WeChat's, never above
   * it, so no later send meets a 43101 it was not warned of.
   */
  private async recordUnanswered(
    row: Claimed,
    values: Partial<NotificationDelivery>,
    guard: { id: number; status: 'sending'; attempts: number },
  ): Promise<void> {
    const now = this.clock.now();
    const failed = await this.dataSource.transaction(async (manager) => {
      const changed = await manager.update(NotificationDelivery, guard, values);
      if (!changed.affected || values.status !== 'pending') return values.status === 'failed' && !!changed.affected;
      if (await this.credits.take(manager, row.notificationUserId, row.templateId)) return false;
      const reason = `${NO_CREDIT_REASON}：上次发送超时，可能已送达，没有再发一次的订阅次数（${values.lastError ?? ''}）`;
      await manager.update(
        NotificationDelivery,
        { id: row.id },
        { status: 'failed', lastErrcode: 43101, lastError: reason.slice(0, 300), nextAttemptAt: now },
      );
      return true;
    });
    if (failed) this.logger.warn({ delivery: row.id }, 'subscribe delivery failed after a send without an answer');
  }
}
