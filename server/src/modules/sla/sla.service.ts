import { Injectable } from '@nestjs/common';
import {
  buildCalendar,
  deadlineFor,
  resolvePolicy,
  STAFF_SIDE_ROLES,
  type LifecycleAction,
  type Role,
  type SlaPolicyRule,
  type SlaStep,
  type WorkCalendar,
} from '@linli/shared';
import type { EntityManager } from 'typeorm';
import type { ServiceRequest } from '../requests/request.entity';
import { WorkCalendarDay } from './calendar-day.entity';
import { SlaPolicy } from './sla-policy.entity';

/** The deadline columns a step may set on a request. */
export type DeadlineChanges = Partial<
  Pick<ServiceRequest, 'dispatchDueAt' | 'replyDueAt' | 'resolutionDueAt' | 'dispatchedAt' | 'firstRepliedAt'>
>;

const ASSIGNING: readonly LifecycleAction[] = ['dispatch', 'claim', 'reassign'];

/**
 * Deadlines in force (issue 6): computed from the policies and the working-day calendar kept in
 * the database, inside the transaction of the step that sets or moves them. The arithmetic is
 * shared/src/sla; this service only finds the rule and the moment to count from.
 */
@Injectable()
export class SlaService {
  async policies(manager: EntityManager): Promise<SlaPolicyRule[]> {
    // Oldest first: among equally specific rules the one added later wins.
    const rows = await manager.find(SlaPolicy, { order: { id: 'ASC' } });
    return rows.map((row) => ({
      kind: row.kind,
      grade: row.grade,
      categoryId: row.categoryId,
      step: row.step,
      limit: { unit: row.unit, amount: row.amount },
    }));
  }

  async calendar(manager: EntityManager): Promise<WorkCalendar> {
    const days = await manager.find(WorkCalendarDay);
    return buildCalendar(days.map(({ date, kind, name }) => ({ date, kind, name })));
  }

  /** The deadlines of a new request, all counted from when it was registered. */
  async initial(
    manager: EntityManager,
    request: Pick<ServiceRequest, 'kind' | 'grade' | 'categoryId'>,
    from: Date,
  ): Promise<DeadlineChanges> {
    const due = await this.dueDates(manager, request, from, ['dispatch', 'first_reply', 'resolution']);
    return { dispatchDueAt: due.dispatch, replyDueAt: due.first_reply, resolutionDueAt: due.resolution };
  }

  /**
   * What one lifecycle step does to the deadlines: grading re-reads the resolution limit (from
   * the original registration), a second round starts the dispatch and resolution clocks anew,
   * the first person named meets the dispatch limit, the first word from staff meets the reply limit.
   */
  async onStep(
    manager: EntityManager,
    request: ServiceRequest,
    step: { action: LifecycleAction; actorRole: Role | 'system'; internal: boolean; grade: ServiceRequest['grade'] },
    now: Date,
  ): Promise<DeadlineChanges> {
    const changes: DeadlineChanges = {};
    if (step.action === 'accept' && step.grade !== request.grade) {
      const due = await this.dueDates(manager, { ...request, grade: step.grade }, request.createdAt, ['resolution']);
      changes.resolutionDueAt = due.resolution;
    }
    if (step.action === 'reopen') {
      const due = await this.dueDates(manager, request, now, ['dispatch', 'resolution']);
      Object.assign(changes, { dispatchDueAt: due.dispatch, resolutionDueAt: due.resolution, dispatchedAt: null });
    } else if (ASSIGNING.includes(step.action) && !request.dispatchedAt) {
      changes.dispatchedAt = now;
    }
    const staffSide = step.actorRole !== 'system' && STAFF_SIDE_ROLES.includes(step.actorRole);
    if (!request.firstRepliedAt && staffSide && !step.internal) changes.firstRepliedAt = now;
    return changes;
  }

  /** The resolution limit the request would have if filed as it is now (e.g. after a grade change). */
  async resolutionDue(
    manager: EntityManager,
    request: Pick<ServiceRequest, 'kind' | 'grade' | 'categoryId' | 'createdAt'>,
  ): Promise<Date | null> {
    return (await this.dueDates(manager, request, request.createdAt, ['resolution'])).resolution ?? null;
  }

  private async dueDates(
    manager: EntityManager,
    request: Pick<ServiceRequest, 'kind' | 'grade' | 'categoryId'>,
    from: Date,
    steps: SlaStep[],
  ): Promise<Partial<Record<SlaStep, Date | null>>> {
    const [rules, calendar, categoryPath] = [
      await this.policies(manager),
      await this.calendar(manager),
      await this.categoryPath(manager, request.categoryId),
    ];
    const target = { kind: request.kind, grade: request.grade, categoryPath };
    const result: Partial<Record<SlaStep, Date | null>> = {};
    for (const step of steps) {
      const rule = resolvePolicy(rules, target, step);
      result[step] = rule ? deadlineFor(from, rule.limit, calendar) : null;
    }
    return result;
  }

  /** The category and its ancestors, leaf first (a policy may name any of them). */
  private async categoryPath(manager: EntityManager, categoryId: number): Promise<number[]> {
    const path: number[] = [];
    let current: number | null = categoryId;
    while (current !== null && path.length < 10) {
      path.push(current);
      const [row] = (await manager.query('SELECT parent_id AS parentId FROM category WHERE id = ?', [
        current,
      ])) as Array<{
        parentId: number | null;
      }>;
      current = row?.parentId == null ? null : Number(row.parentId);
    }
    return path;
  }
}
