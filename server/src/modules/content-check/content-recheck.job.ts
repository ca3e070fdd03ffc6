import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { isDatabaseUnavailable } from '../../database/database-unavailable';
import { OutageNotice } from '../../database/outage-notice';
import type { ContentCheckState } from './content-check-state';
import { ContentCheckService } from './content-check.service';
import { MediaCheckService } from './media-check.service';

/** Texts (and photos) per run: a long outage is worked off over a few runs, not in one burst. */
const BATCH = 50;

export interface RecheckResult {
  requests: number;
  events: number;
  photos: number;
}

/**
 * Checks again what was stored while WeChat could not be reached (`pending` text, `unsent`
 * photos). Safe on every instance: each row is updated only from `pending`, so two instances
 * checking the same text at once store the same verdict.
 */
@Injectable()
export class ContentRecheckJob implements OnApplicationBootstrap {
  private readonly logger = new Logger(ContentRecheckJob.name);
  private readonly outage = new OutageNotice(this.logger, 'content recheck');
  private running: Promise<RecheckResult> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly texts: ContentCheckService,
    private readonly media: MediaCheckService,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.contentCheck.enabled || !this.config.contentCheck.recheck) return;
    const timer = setInterval(
      () =>
        void this.run().then(
          () => this.outage.recovered(),
          (error: unknown) =>
            isDatabaseUnavailable(error)
              ? this.outage.failed(error)
              : this.logger.error({ err: error }, 'content recheck failed'),
        ),
      this.config.contentCheck.recheckIntervalMs,
    );
    this.scheduler.addInterval('content-recheck', timer);
  }

  /** One run; overlapping calls share it. */
  run(): Promise<RecheckResult> {
    this.running ??= this.recheck().finally(() => (this.running = null));
    return this.running;
  }

  private async recheck(): Promise<RecheckResult> {
    const requests = (await this.dataSource.query(
      `SELECT id, content, demand, created_by_user_id AS writer FROM request
        WHERE content_check = 'pending' ORDER BY id LIMIT ?`,
      [BATCH],
    )) as { id: number; content: string; demand: string | null; writer: number | null }[];
    for (const row of requests) {
      const state = await this.texts.recheck(row.writer, [row.content, row.demand ?? ''], 3);
      await this.store('request', Number(row.id), Number(row.id), state);
    }
    const events = (await this.dataSource.query(
      `SELECT e.id, e.request_id AS requestId, e.note, e.actor_user_id AS writer,
              rt.comment, rt.shortcomings, rt.suggestions
         FROM request_event e LEFT JOIN request_rating rt ON rt.event_id = e.id
        WHERE e.content_check = 'pending' ORDER BY e.id LIMIT ?`,
      [BATCH],
    )) as {
      id: number;
      requestId: number;
      note: string | null;
      writer: number | null;
      comment: string | null;
      shortcomings: string | null;
      suggestions: string | null;
    }[];
    for (const row of events) {
      const texts = [row.note, row.comment, row.shortcomings, row.suggestions].filter(
        (text): text is string => typeof text === 'string',
      );
      const state = await this.texts.recheck(row.writer, [...new Set(texts)], 2);
      await this.store('request_event', Number(row.id), Number(row.requestId), state);
    }
    const photos = await this.media.resend(BATCH);
    const result = { requests: requests.length, events: events.length, photos };
    if (requests.length || events.length) this.logger.log(result, 'content rechecked');
    return result;
  }

  /** Still unreachable: left pending for the next run. Review: the request is flagged for the desk. */
  private async store(
    table: 'request' | 'request_event',
    id: number,
    requestId: number,
    state: ContentCheckState,
  ): Promise<void> {
    if (state === 'pending') return;
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE \`${table}\` SET content_check = ? WHERE id = ? AND content_check = 'pending'`, [
        state,
        id,
      ]);
      if (state === 'review') await manager.query('UPDATE request SET content_flagged = 1 WHERE id = ?', [requestId]);
    });
  }
}
