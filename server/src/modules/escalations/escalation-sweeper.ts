import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  deadlineLevel,
  ESCALATION_LEVEL_LABELS,
  formatShanghaiTime,
  nextEscalation,
  SLA_STEP_LABELS,
  urgeLevel,
  type EscalationLevel,
  type EscalationReason,
} from '@linli/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { isDatabaseUnavailable } from '../../database/database-unavailable';
import { OutageNotice } from '../../database/outage-notice';
import { inTransaction } from '../../database/transaction';
import { NotifierService } from '../notifications/notifier.service';
import { ReferenceDataService } from '../reference/reference-data.service';
import { ServiceRequest } from '../requests/request.entity';
import { recordTimelineStep } from '../requests/timeline-step';
import { Escalation } from './escalation.entity';

/** How many requests one sweep looks at; the rest wait for the next run (oldest deadlines first). */
const SWEEP_BATCH = 500;

/** One escalation the sweep found due: which level, for what. */
interface Due {
  requestId: number;
  reason: EscalationReason;
  dueKey: string;
  level: EscalationLevel;
  note: string;
}

/**
 * Escalates late work one level at a time (issue 6): each run reads the requests whose deadlines
 * are near or past (or that were urged again and again), and takes the next level for each. A
 * level is a row with a unique key, written with its timeline event and notifications in one
 * transaction: several instances sweeping at once, or a sweep that crashed half-way, still
 * escalate each level exactly once.
 */
@Injectable()
export class EscalationSweeper implements OnApplicationBootstrap {
  private readonly logger = new Logger(EscalationSweeper.name);
  private readonly outage = new OutageNotice(this.logger, 'escalation sweep');
  private running: Promise<number> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly notifier: NotifierService,
    private readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    private readonly reference: ReferenceDataService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.escalation.sweep) return;
    // A run lost to an outage is simply the next run's work: levels are keyed, so none is skipped or doubled.
    const timer = setInterval(
      () =>
        void this.sweep().then(
          () => this.outage.recovered(),
          (error: unknown) =>
            isDatabaseUnavailable(error)
              ? this.outage.failed(error)
              : this.logger.error({ err: error }, 'escalation sweep failed'),
        ),
      this.config.escalation.intervalMs,
    );
    this.scheduler.addInterval('escalation-sweep', timer);
  }

  /**
   * One run; overlapping calls share it. Returns how many levels were taken. `departmentIds`
   * limits a run to some departments' work (the server tests share one database between suites).
   */
  sweep(scope: { departmentIds?: number[] } = {}): Promise<number> {
    if (scope.departmentIds) return this.run(scope.departmentIds);
    this.running ??= this.run(null).finally(() => (this.running = null));
    return this.running;
  }

  private async run(departmentIds: number[] | null): Promise<number> {
    const due = await this.findDue(this.clock.now(), departmentIds);
    let taken = 0;
    for (const item of due) if (await this.escalate(item)) taken++;
    if (taken) this.notifier.committed();
    return taken;
  }

  private async findDue(now: Date, departmentIds: number[] | null): Promise<Due[]> {
    // 系统设置 · 催办: after how many urges the supervisor, then the manager, take over.
    const { supervisorAt, managerAt } = (await this.reference.snapshot()).settings.urge;
    const scoped = departmentIds ? `AND department_id IN (${[0, ...departmentIds].map(Number).join(', ')})` : '';
    const requests = (await this.dataSource.query(
      `SELECT id, created_at AS createdAt, dispatch_due_at AS dispatchDueAt, resolution_due_at AS resolutionDueAt,
              urge_count AS urgeCount
         FROM request
        WHERE status NOT IN ('resolved', 'closed', 'invalid', 'cancelled', 'invalid_pending')
          AND ((dispatched_at IS NULL AND dispatch_due_at IS NOT NULL)
               OR (resolved_at IS NULL AND resolution_due_at IS NOT NULL)
               OR urge_count >= ?)
          ${scoped}
          -- An approved pause stops the clock until the handler resumes.
          AND NOT (status = 'on_hold' AND EXISTS (
                SELECT 1 FROM approval a WHERE a.request_id = request.id AND a.type = 'pause' AND a.status = 'approved'
                   AND JSON_EXTRACT(a.proposal, '$.resumedAt') IS NULL))
        ORDER BY resolution_due_at, id
        LIMIT ${SWEEP_BATCH}`,
      [supervisorAt],
    )) as Array<{
      id: number;
      createdAt: Date;
      dispatchDueAt: Date | null;
      resolutionDueAt: Date | null;
      urgeCount: number;
    }>;
    if (requests.length === 0) return [];
    const reached = await this.reached(requests.map((request) => Number(request.id)));
    const due: Due[] = [];
    for (const request of requests) {
      const id = Number(request.id);
      const consider = (reason: EscalationReason, dueAt: Date | null) => {
        if (!dueAt) return;
        const dueKey = dueAt.toISOString();
        const level = nextEscalation(
          deadlineLevel(request.createdAt, dueAt, now),
          reached.get(`${id}|${reason}|${dueKey}`) ?? 0,
        );
        if (level) {
          const when = formatShanghaiTime(dueAt);
          const note =
            level === 1
              ? `${SLA_STEP_LABELS[reason as 'dispatch' | 'resolution']}时限 ${when} 即将到期`
              : `${SLA_STEP_LABELS[reason as 'dispatch' | 'resolution']}时限 ${when} 已超时，升级至${ESCALATION_LEVEL_LABELS[level]}督办`;
          due.push({ requestId: id, reason, dueKey, level, note });
        }
      };
      consider('dispatch', request.dispatchDueAt);
      consider('resolution', request.resolutionDueAt);
      const urges = Number(request.urgeCount);
      const urgeNext = nextEscalation(
        urgeLevel(urges, { supervisorAt, managerAt }),
        reached.get(`${id}|urge|urge`) ?? 0,
        2,
      );
      if (urgeNext) {
        due.push({
          requestId: id,
          reason: 'urge',
          dueKey: 'urge',
          level: urgeNext,
          note: `业主已催办 ${urges} 次，升级至${ESCALATION_LEVEL_LABELS[urgeNext]}督办`,
        });
      }
    }
    return due;
  }

  /** Highest level reached per request × reason × deadline. */
  private async reached(requestIds: number[]): Promise<Map<string, EscalationLevel>> {
    const rows = (await this.dataSource.query(
      `SELECT request_id AS requestId, reason, due_key AS dueKey, MAX(level) AS level
         FROM escalation WHERE request_id IN (?) GROUP BY request_id, reason, due_key`,
      [requestIds],
    )) as Array<{ requestId: number; reason: string; dueKey: string; level: number }>;
    return new Map(
      rows.map((row) => [`${row.requestId}|${row.reason}|${row.dueKey}`, Number(row.level) as EscalationLevel]),
    );
  }

  /** Takes one level, or nothing if another sweep took it first (or the request moved on). */
  private async escalate(item: Due): Promise<boolean> {
    return inTransaction(this.dataSource, async (manager) => {
      const request = await manager.findOne(ServiceRequest, {
        where: { id: item.requestId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!request || !this.stillDue(request, item)) return false;
      const now = this.clock.now();
      const inserted = (await manager.query(
        'INSERT IGNORE INTO escalation (request_id, reason, due_key, level, created_at) VALUES (?, ?, ?, ?, ?)',
        [item.requestId, item.reason, item.dueKey, item.level, now],
      )) as { affectedRows: number; insertId: number };
      if (inserted.affectedRows === 0) return false;
      const eventId = await this.record(manager, request, item, now);
      await manager.update(Escalation, { id: inserted.insertId }, { eventId });
      return true;
    });
  }

  /** Read again under the row lock: a dispatch or completion since the scan ends the matter. */
  private stillDue(request: ServiceRequest, item: Due): boolean {
    if (['resolved', 'closed', 'invalid', 'cancelled', 'invalid_pending'].includes(request.status)) return false;
    if (item.reason === 'dispatch')
      return !request.dispatchedAt && request.dispatchDueAt?.toISOString() === item.dueKey;
    if (item.reason === 'resolution')
      return !request.resolvedAt && request.resolutionDueAt?.toISOString() === item.dueKey;
    return true;
  }

  private record(manager: EntityManager, request: ServiceRequest, item: Due, now: Date): Promise<number> {
    return recordTimelineStep(manager, this.notifier, {
      request,
      action: 'escalate',
      note: item.note,
      data: {
        level: item.level,
        levelLabel: ESCALATION_LEVEL_LABELS[item.level],
        reason: item.reason,
        dueAt: item.dueKey,
      },
      // Staff's business: the resident sees the deadline itself, not who was chased.
      internal: true,
      now,
      escalation: { level: item.level },
    });
  }
}
