import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  APPROVAL_TYPE_LABELS,
  deadlineLevel,
  ESCALATION_LEVEL_LABELS,
  ESCALATION_REASON_LABELS,
  formatShanghaiTime,
  HOUR_MS,
  isTerminal,
  nextEscalation,
  urgeLevel,
  type ApprovalType,
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
import { Approval } from '../approvals/approval.entity';
import { approvalFacts } from '../approvals/approval-steps';
import { NotifierService } from '../notifications/notifier.service';
import { ReferenceDataService } from '../reference/reference-data.service';
import { runningLimits, type DeadlineFields } from '../requests/deadline.view';
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
  /** The deadline it is about; null for urges, which have none. */
  dueAt: Date | null;
  level: EscalationLevel;
  note: string;
  /** The pending approval it is about (reason `approval`). */
  approvalId?: number;
}

type SweptRow = DeadlineFields & { id: number; urgeCount: number };

/** Level 1 comes in the last fifth of a span (deadlineLevel): nothing before that is worth reading. */
const NEARING_FROM = 0.8;

/**
 * Escalates late work one level at a time (issue 6): each run reads the requests whose deadlines
 * are near or past (or that were urged again and again) and the approvals left undecided, and
 * takes the next level for each. Every limit climbs from its own start (issue 15, deadline.view
 * `runningLimits`): a second round from its reopening, a callback from the resolution, an invalid
 * ruling from the ruling, an approval from when it was asked for (系统设置 · 审批督办). A level is
 * a row with a unique key (request × reason × deadline), written with its timeline event and
 * notifications in one transaction: several instances sweeping at once, or a sweep that crashed
 * half-way, still escalate each level exactly once.
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
    const { settings } = await this.reference.snapshot();
    // 系统设置 · 催办: after how many urges the supervisor, then the manager, take over.
    const { supervisorAt, managerAt } = settings.urge;
    const approvalSpan = settings.approval_escalation.afterHours * HOUR_MS;
    const scoped = (column: string) =>
      departmentIds ? `AND ${column} IN (${[0, ...departmentIds].map(Number).join(', ')})` : '';
    const requests = (await this.dataSource.query(
      `SELECT id, status, created_at AS createdAt, urge_count AS urgeCount,
              dispatch_due_at AS dispatchDueAt, dispatch_started_at AS dispatchStartedAt, dispatched_at AS dispatchedAt,
              reply_due_at AS replyDueAt, first_replied_at AS firstRepliedAt,
              resolution_due_at AS resolutionDueAt, resolution_started_at AS resolutionStartedAt,
              resolved_at AS resolvedAt, callback_due_at AS callbackDueAt, closed_at AS closedAt,
              invalid_ruled_at AS invalidRuledAt, invalid_due_at AS invalidDueAt
         FROM request
        WHERE status NOT IN ('closed', 'invalid', 'cancelled')
          AND ((status NOT IN ('resolved', 'invalid_pending')
                AND ((dispatched_at IS NULL AND dispatch_due_at IS NOT NULL)
                     OR (resolved_at IS NULL AND resolution_due_at IS NOT NULL)
                     OR (first_replied_at IS NULL AND reply_due_at IS NOT NULL)
                     OR urge_count >= ?))
               OR (status = 'resolved' AND callback_due_at IS NOT NULL)
               OR (status = 'invalid_pending' AND invalid_due_at IS NOT NULL))
          ${scoped('department_id')}
          -- A request merged into a group follows its parent: the parent's limits are the ones worked to.
          AND parent_request_id IS NULL
          -- An approved pause stops the clock until the handler resumes.
          AND NOT (status = 'on_hold' AND EXISTS (
                SELECT 1 FROM approval a WHERE a.request_id = request.id AND a.type = 'pause' AND a.status = 'approved'
                   AND JSON_EXTRACT(a.proposal, '$.resumedAt') IS NULL))
        ORDER BY next_due_at, id
        LIMIT ${SWEEP_BATCH}`,
      [supervisorAt],
    )) as SweptRow[];
    // The invalid ruling has its own limit (时限规则 · 无效判定说明); every other approval is due after 审批督办's hours.
    const approvals = (await this.dataSource.query(
      `SELECT a.id, a.request_id AS requestId, a.type, a.requested_at AS requestedAt
         FROM approval a JOIN request r ON r.id = a.request_id
        WHERE a.status = 'pending' AND a.type <> 'invalid_ruling' AND a.requested_at <= ?
          AND r.status NOT IN ('closed', 'invalid', 'cancelled')
          ${scoped('r.department_id')}
        ORDER BY a.requested_at, a.id
        LIMIT ${SWEEP_BATCH}`,
      [new Date(now.getTime() - NEARING_FROM * approvalSpan)],
    )) as Array<{ id: number; requestId: number; type: ApprovalType; requestedAt: Date }>;
    if (requests.length === 0 && approvals.length === 0) return [];
    const reached = await this.reached([
      ...requests.map((request) => Number(request.id)),
      ...approvals.map((approval) => Number(approval.requestId)),
    ]);
    const due: Due[] = [];
    const consider = (
      requestId: number,
      reason: EscalationReason,
      label: string,
      limit: { startAt: Date; dueAt: Date },
      dueKey: string,
      approvalId?: number,
    ) => {
      const level = nextEscalation(
        deadlineLevel(limit.startAt, limit.dueAt, now),
        reached.get(`${requestId}|${reason}|${dueKey}`) ?? 0,
      );
      if (!level) return;
      const when = formatShanghaiTime(limit.dueAt);
      const note =
        level === 1
          ? `${label}时限 ${when} 即将到期`
          : `${label}时限 ${when} 已超时，升级至${ESCALATION_LEVEL_LABELS[level]}督办`;
      due.push({ requestId, reason, dueKey, dueAt: limit.dueAt, level, note, approvalId });
    };
    for (const request of requests) {
      const id = Number(request.id);
      for (const limit of runningLimits(request)) {
        consider(id, limit.step, ESCALATION_REASON_LABELS[limit.step], limit, limit.dueAt.toISOString());
      }
      if (request.status === 'resolved' || request.status === 'invalid_pending') continue;
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
          dueAt: null,
          level: urgeNext,
          note: `业主已催办 ${urges} 次，升级至${ESCALATION_LEVEL_LABELS[urgeNext]}督办`,
        });
      }
    }
    for (const approval of approvals) {
      const startAt = new Date(approval.requestedAt);
      const limit = { startAt, dueAt: new Date(startAt.getTime() + approvalSpan) };
      const label = `${APPROVAL_TYPE_LABELS[approval.type]}审批`;
      consider(Number(approval.requestId), 'approval', label, limit, `approval:${approval.id}`, Number(approval.id));
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
      if (!request) return false;
      // Decided meanwhile ends an approval's matter; its deciders are told of an invalid ruling too.
      const approval = await this.approvalOf(manager, item);
      if (approval === undefined || !this.stillDue(request, item)) return false;
      const now = this.clock.now();
      const inserted = (await manager.query(
        'INSERT IGNORE INTO escalation (request_id, reason, due_key, level, created_at) VALUES (?, ?, ?, ?, ?)',
        [item.requestId, item.reason, item.dueKey, item.level, now],
      )) as { affectedRows: number; insertId: number };
      if (inserted.affectedRows === 0) return false;
      const eventId = await this.record(manager, request, item, approval, now);
      await manager.update(Escalation, { id: inserted.insertId }, { eventId });
      return true;
    });
  }

  /**
   * The pending approval an escalation is about, read under the request's lock (decisions take
   * it too): null when there is none to name, undefined when the one it was about is decided.
   */
  private async approvalOf(manager: EntityManager, item: Due): Promise<Approval | null | undefined> {
    if (item.reason === 'approval') {
      const approval = await manager.findOneBy(Approval, { id: item.approvalId });
      return approval?.status === 'pending' ? approval : undefined;
    }
    if (item.reason === 'invalid_ruling') {
      return manager.findOneBy(Approval, { requestId: item.requestId, type: 'invalid_ruling', status: 'pending' });
    }
    return null;
  }

  /** Read again under the row lock: a dispatch, a reply or a decision since the scan ends the matter. */
  private stillDue(request: ServiceRequest, item: Due): boolean {
    if (isTerminal(request.status)) return false;
    if (item.reason === 'approval') return true;
    if (item.reason === 'urge') return request.status !== 'resolved' && request.status !== 'invalid_pending';
    return runningLimits(request).some(
      (limit) => limit.step === item.reason && limit.dueAt.toISOString() === item.dueKey,
    );
  }

  private record(
    manager: EntityManager,
    request: ServiceRequest,
    item: Due,
    approval: Approval | null,
    now: Date,
  ): Promise<number> {
    return recordTimelineStep(manager, this.notifier, {
      request,
      action: 'escalate',
      note: item.note,
      data: {
        level: item.level,
        levelLabel: ESCALATION_LEVEL_LABELS[item.level],
        reason: item.reason,
        dueAt: item.dueAt?.toISOString() ?? item.dueKey,
        ...(approval ? { approvalId: approval.id } : {}),
      },
      // Staff's business: the resident sees the deadline itself, not who was chased.
      internal: true,
      now,
      escalation: { level: item.level, reason: item.reason },
      approval: approval ? approvalFacts(approval, false) : undefined,
    });
  }
}
