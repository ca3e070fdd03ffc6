import { randomBytes } from 'node:crypto';
import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { insertRow } from '../../database/row-sql';
import { Clock } from '../clock/clock';
import { AppError } from '../errors/app-error';
import { IdempotencyKey } from './idempotency-key.entity';

/** How long a key and its answer are kept (docs/api.md). */
export const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
/**
 * An attempt older than this has died (a crash, a lost connection): if it had not committed, a
 * repeat takes the key over; if it had, its answer is lost. Far above any request's run time.
 */
export const PENDING_LEASE_MS = 30_000;
/** How long a repeat waits for a twin still in progress before answering 409. */
export const WAIT_FOR_TWIN_MS = 5_000;
const POLL_MS = 50;
/** Answers stored together, in one UPDATE: at most this many, waiting at most ANSWER_WAIT_MS. */
const ANSWER_BATCH = 100;
const ANSWER_WAIT_MS = 10;
const ER_DUP_ENTRY = 1062;

export interface KeyRequest {
  userId: number;
  key: string;
  route: string;
  fingerprint: string;
}

/** The caller holds the key: run the handler, then `finish` or `abandon`. */
export interface Claimed {
  kind: 'claimed';
  id: number;
  claim: string;
}
/** The first attempt's stored answer. */
export interface Replay {
  kind: 'replay';
  status: number;
  body: unknown;
}

const errnoOf = (error: unknown) =>
  (error as { driverError?: { errno?: number } }).driverError?.errno ?? (error as { errno?: number }).errno;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const newClaim = () => randomBytes(16).toString('hex');
const inProgress = () => new AppError('CONFLICT', '相同的请求正在处理，请稍后再试', [], { retryAfterSeconds: 1 });

/**
 * The rows behind `Idempotency-Key`. The unique (user, key) insert decides which of several
 * concurrent attempts runs; the others wait for its answer. Each step is one statement, so it
 * holds across server instances without any lock held between requests.
 */
interface Answer {
  claimed: Claimed;
  status: number;
  body: string | null;
}

@Injectable()
export class IdempotencyStore implements BeforeApplicationShutdown {
  private readonly logger = new Logger(IdempotencyStore.name);
  private answers: Answer[] = [];
  private answerTimer: NodeJS.Timeout | null = null;
  private storing: Promise<void> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  private get rows() {
    return this.dataSource.getRepository(IdempotencyKey);
  }

  /** Takes the key for this attempt, or gives the first attempt's answer. */
  async claimOrReplay(request: KeyRequest): Promise<Claimed | Replay> {
    const waitUntil = Date.now() + WAIT_FOR_TWIN_MS;
    for (;;) {
      if (Date.now() > waitUntil) throw inProgress();
      const now = this.clock.now();
      const claim = newClaim();
      try {
        // Plain SQL: every keyed create and step passes here (issue 11 counts its statements).
        const id = await insertRow(this.dataSource.manager, IdempotencyKey, {
          ...request,
          status: 'pending',
          claim,
          responseStatus: null,
          responseBody: null,
          createdAt: now,
          claimedAt: now,
          expiresAt: new Date(now.getTime() + KEY_LIFETIME_MS),
        });
        return { kind: 'claimed', id, claim };
      } catch (error) {
        if (errnoOf(error) !== ER_DUP_ENTRY) throw error;
      }
      const existing = await this.rows.findOneBy({ userId: request.userId, key: request.key });
      if (!existing) continue; // abandoned or expired meanwhile: try the insert again
      if (existing.expiresAt.getTime() <= now.getTime()) {
        // Expired keys are free again; removed here rather than waiting for the sweep.
        await this.rows
          .createQueryBuilder()
          .delete()
          .where('id = :id AND expires_at <= :now', { id: existing.id, now })
          .execute();
        continue;
      }
      if (existing.fingerprint !== request.fingerprint) {
        throw new AppError(
          'IDEMPOTENCY_KEY_REUSED',
          '该 Idempotency-Key 已用于另一个不同的请求，请为新的提交生成新的 Idempotency-Key',
          [{ field: 'Idempotency-Key', message: '该值已用于另一个不同的请求' }],
        );
      }
      if (existing.status === 'done') {
        return {
          kind: 'replay',
          status: existing.responseStatus ?? 200,
          body: existing.responseBody === null ? undefined : (JSON.parse(existing.responseBody) as unknown),
        };
      }
      const stale = existing.claimedAt.getTime() + PENDING_LEASE_MS <= now.getTime();
      if (existing.status === 'committed' && this.answers.some((answer) => answer.claimed.id === existing.id)) {
        // Its answer is waiting in this process to be stored: store it and look again.
        await this.storeAnswers();
        continue;
      }
      if (existing.status === 'committed' && stale) {
        // The write happened but its answer was lost (the server stopped in between): running it
        // again would write twice, so the caller is told to look instead.
        throw new AppError('CONFLICT', '该请求已处理，请刷新后查看结果');
      }
      if (existing.status === 'pending' && stale) {
        const taken = await this.rows
          .createQueryBuilder()
          .update()
          .set({ claim, claimedAt: now })
          .where("id = :id AND claim = :old AND status = 'pending'", { id: existing.id, old: existing.claim })
          .execute();
        if (taken.affected) return { kind: 'claimed', id: existing.id, claim };
        continue;
      }
      await sleep(POLL_MS);
    }
  }

  /**
   * Inside the business transaction, as its last statement: the write and "it happened" commit
   * together. An attempt whose key was taken over (it outlived its lease) rolls back instead.
   */
  async markCommitted(manager: EntityManager, claimed: Claimed): Promise<void> {
    // One statement: it locks the row as a FOR UPDATE would, and (mysql2 counts matched rows)
    // answers 0 when the key was taken over by a later attempt, whose claim then differs.
    const result = (await manager.query(
      "UPDATE idempotency_key SET status = 'committed' WHERE id = ? AND claim = ? AND status IN ('pending', 'committed')",
      [claimed.id, claimed.claim],
    )) as { affectedRows: number };
    if (result.affectedRows === 0) throw inProgress();
  }

  /**
   * Stores the answer every repeat will get. The caller is answered without waiting: answers
   * made within ANSWER_WAIT_MS of each other are stored by one statement (issue 11 counts a
   * keyed step's round trips). A repeat arriving meanwhile finds the key `committed` and waits
   * for it, as for a twin still running; a process killed in between leaves the key `committed`
   * without an answer, which repeats are then told (409) rather than writing twice.
   */
  finish(claimed: Claimed, status: number, body: unknown): void {
    let text: string | null;
    try {
      text = body === undefined ? null : JSON.stringify(body);
    } catch (error) {
      this.logger.warn({ err: error }, 'idempotent answer not stored');
      return;
    }
    this.answers.push({ claimed, status, body: text });
    if (this.answers.length >= ANSWER_BATCH) void this.storeAnswers();
    else this.answerTimer ??= setTimeout(() => void this.storeAnswers(), ANSWER_WAIT_MS).unref();
  }

  /** Stores every answer given so far. */
  async storeAnswers(): Promise<void> {
    if (this.answerTimer) clearTimeout(this.answerTimer);
    this.answerTimer = null;
    while (this.storing) await this.storing;
    if (!this.answers.length) return;
    const batch = this.answers.splice(0, ANSWER_BATCH);
    this.storing = this.store(batch).finally(() => (this.storing = null));
    await this.storing;
    if (this.answers.length) await this.storeAnswers();
  }

  private async store(batch: Answer[]): Promise<void> {
    const cases = (pick: (answer: Answer) => unknown) => ({
      sql: `CASE id ${batch.map(() => 'WHEN ? THEN ?').join(' ')} END`,
      params: batch.flatMap((answer) => [answer.claimed.id, pick(answer)]),
    });
    const status = cases((answer) => answer.status);
    const body = cases((answer) => answer.body);
    const claim = cases((answer) => answer.claimed.claim);
    try {
      // A key taken over by a later attempt (its claim differs) keeps that attempt's answer.
      await this.dataSource.query(
        `UPDATE idempotency_key SET response_status = ${status.sql}, response_body = ${body.sql}, status = 'done'
          WHERE id IN (${batch.map(() => '?').join(', ')}) AND claim = ${claim.sql}`,
        [...status.params, ...body.params, ...batch.map((answer) => answer.claimed.id), ...claim.params],
      );
    } catch (error) {
      // The writes stand and their callers have their answers; a repeat is told it was done (409).
      this.logger.warn({ err: error }, `${batch.length} idempotent answer(s) not stored`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.storeAnswers();
  }

  /**
   * The attempt failed. If it wrote nothing, the key is freed so a retry runs anew: a refusal
   * (4xx) rolled its transaction back, and a 503 must not become the answer forever. If its
   * write had committed, the key stays `committed`: a retry must not write again.
   */
  async abandon(claimed: Claimed): Promise<void> {
    await this.rows
      .createQueryBuilder()
      .delete()
      .where("id = :id AND claim = :claim AND status = 'pending'", { id: claimed.id, claim: claimed.claim })
      .execute();
  }

  /** Removes expired keys, a batch at a time; returns how many went. */
  async removeExpired(batch = 1000): Promise<number> {
    const result = (await this.dataSource.query('DELETE FROM idempotency_key WHERE expires_at <= ? LIMIT ?', [
      this.clock.now(),
      batch,
    ])) as { affectedRows?: number };
    return result.affectedRows ?? 0;
  }
}
