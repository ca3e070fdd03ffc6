import { Injectable } from '@nestjs/common';
import {
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
import { ReferenceDataService } from '../reference/reference-data.service';
import { categoryPath } from '../reference/reference-snapshot';

/** The deadline columns a step may set on a request. */
export type DeadlineChanges = Partial<
  Pick<
    ServiceRequest,
    'dispatchDueAt' | 'replyDueAt' | 'resolutionDueAt' | 'dispatchedAt' | 'firstRepliedAt' | 'ratingWaitUntil'
  >
>;

const ASSIGNING: readonly LifecycleAction[] = ['dispatch', 'claim', 'reassign'];

/**
 * Deadlines in force (issue 6): computed from the policies and the working-day calendar of the
 * cached set-up (reference module), for the step that sets or moves them. The arithmetic is
 * shared/src/sla; this service only finds the rule and the moment to count from.
 */
@Injectable()
export class SlaService {
  constructor(private readonly reference: ReferenceDataService) {}

  /** The deadlines of a new request, all counted from when it was registered. */
  async initial(
    _manager: EntityManager,
    request: Pick<ServiceRequest, 'kind' | 'grade' | 'categoryId'>,
    from: Date,
  ): Promise<DeadlineChanges> {
    const due = await this.dueDates(request, from, ['dispatch', 'first_reply', 'resolution']);
    return { dispatchDueAt: due.dispatch, replyDueAt: due.first_reply, resolutionDueAt: due.resolution };
  }

  /**
   * What one lifecycle step does to the deadlines: grading re-reads the resolution limit (from
   * the original registration), a second round starts the dispatch and resolution clocks anew,
   * the first person named meets the dispatch limit, the first word from staff meets the reply limit,
   * and a resolution starts the resident's time to rate.
   */
  async onStep(
    _manager: EntityManager,
    request: ServiceRequest,
    step: { action: LifecycleAction; actorRole: Role | 'system'; internal: boolean; grade: ServiceRequest['grade'] },
    now: Date,
  ): Promise<DeadlineChanges> {
    const changes: DeadlineChanges = {};
    if (step.action === 'accept' && step.grade !== request.grade) {
      const due = await this.dueDates({ ...request, grade: step.grade }, request.createdAt, ['resolution']);
      changes.resolutionDueAt = due.resolution;
    }
    if (step.action === 'reopen') {
      const due = await this.dueDates(request, now, ['dispatch', 'resolution']);
      Object.assign(changes, { dispatchDueAt: due.dispatch, resolutionDueAt: due.resolution, dispatchedAt: null });
    } else if (ASSIGNING.includes(step.action) && !request.dispatchedAt) {
      changes.dispatchedAt = now;
    }
    // How long the resident has to rate before a phone callback may close it, read when it resolves;
    // a caller registered by the desk without the app has nobody to rate, so the desk calls at once.
    if (step.action === 'complete') {
      changes.ratingWaitUntil =
        request.residentUserId === null
          ? null
          : ((await this.dueDates(request, now, ['rating_wait'])).rating_wait ?? null);
    }
    const staffSide = step.actorRole !== 'system' && STAFF_SIDE_ROLES.includes(step.actorRole);
    if (!request.firstRepliedAt && staffSide && !step.internal) changes.firstRepliedAt = now;
    return changes;
  }

  /** The resolution limit the request would have if filed as it is now (e.g. after a grade change). */
  async resolutionDue(
    _manager: EntityManager,
    request: Pick<ServiceRequest, 'kind' | 'grade' | 'categoryId' | 'createdAt'>,
  ): Promise<Date | null> {
    return (await this.dueDates(request, request.createdAt, ['resolution'])).resolution ?? null;
  }

  /** The working-day calendar in force (from the cached set-up). */
  async calendar(): Promise<WorkCalendar> {
    return (await this.reference.snapshot()).calendar;
  }

  private async dueDates(
    request: Pick<ServiceRequest, 'kind' | 'grade' | 'categoryId'>,
    from: Date,
    steps: SlaStep[],
  ): Promise<Partial<Record<SlaStep, Date | null>>> {
    const snapshot = await this.reference.snapshot();
    const target = {
      kind: request.kind,
      grade: request.grade,
      categoryPath: categoryPath(snapshot, request.categoryId),
    };
    const result: Partial<Record<SlaStep, Date | null>> = {};
    for (const step of steps) {
      const rule = resolvePolicy(snapshot.policies as SlaPolicyRule[], target, step);
      result[step] = rule ? deadlineFor(from, rule.limit, snapshot.calendar) : null;
    }
    return result;
  }
}
