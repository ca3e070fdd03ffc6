import { Injectable } from '@nestjs/common';
import {
  countsAsFirstReply,
  deadlineFor,
  resolvePolicy,
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

/** The deadline columns a step may set on a request, each limit with the start it counts from. */
export type DeadlineChanges = Partial<
  Pick<
    ServiceRequest,
    | 'dispatchDueAt'
    | 'dispatchStartedAt'
    | 'replyDueAt'
    | 'resolutionDueAt'
    | 'resolutionStartedAt'
    | 'dispatchedAt'
    | 'firstRepliedAt'
    | 'ratingWaitUntil'
    | 'invalidRuledAt'
    | 'invalidDueAt'
  >
>;

const ASSIGNING: readonly LifecycleAction[] = ['dispatch', 'claim', 'reassign'];

/** The step as the time limits see it. */
export interface TimedStep {
  action: LifecycleAction;
  actorRole: Role | 'system';
  internal: boolean;
  grade: ServiceRequest['grade'];
  /** What the actor wrote on the step themselves (their note), for the first-reply rule. */
  words: string | null;
}

/**
 * Deadlines in force (issue 6): computed from the policies and the working-day calendar of the
 * cached set-up (reference module), for the step that sets or moves them. The arithmetic is
 * shared/src/sla; this service only finds the rule and the moment to count from, and keeps that
 * moment with the deadline so that escalation counts from it too (issue 15).
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
    return {
      dispatchDueAt: due.dispatch,
      dispatchStartedAt: from,
      replyDueAt: due.first_reply,
      resolutionDueAt: due.resolution,
      resolutionStartedAt: from,
    };
  }

  /**
   * What one lifecycle step does to the deadlines: grading re-reads the resolution limit (from
   * the round's start), a second round starts the dispatch and resolution clocks anew, the first
   * person named meets the dispatch limit, the first step that says something to the resident
   * meets the reply limit (`countsAsFirstReply`), a resolution starts the resident's time to rate,
   * and an invalid ruling starts the time to explain it, which its decision ends.
   */
  async onStep(_manager: EntityManager, request: ServiceRequest, step: TimedStep, now: Date): Promise<DeadlineChanges> {
    const changes: DeadlineChanges = {};
    if (step.action === 'accept' && step.grade !== request.grade) {
      const due = await this.dueDates({ ...request, grade: step.grade }, roundStart(request), ['resolution']);
      changes.resolutionDueAt = due.resolution;
    }
    if (step.action === 'reopen') {
      const due = await this.dueDates(request, now, ['dispatch', 'resolution']);
      Object.assign(changes, {
        dispatchDueAt: due.dispatch,
        dispatchStartedAt: now,
        resolutionDueAt: due.resolution,
        resolutionStartedAt: now,
        dispatchedAt: null,
      });
    } else if (ASSIGNING.includes(step.action) && !request.dispatchedAt) {
      changes.dispatchedAt = now;
    }
    // How long the resident has to rate before a phone callback may close it, read when it resolves;
    // a caller registered by the desk without the app has nobody to rate, so the desk calls at once.
    if (step.action === 'complete' || step.action === 'resolve_on_spot') {
      changes.ratingWaitUntil =
        request.residentUserId === null
          ? null
          : ((await this.dueDates(request, now, ['rating_wait'])).rating_wait ?? null);
    }
    if (step.action === 'rule_invalid') {
      changes.invalidRuledAt = now;
      changes.invalidDueAt = (await this.dueDates(request, now, ['invalid_ruling'])).invalid_ruling ?? null;
    } else if (step.action === 'reject_invalid') {
      // Overturned: there is nothing to explain, and the work goes on under its own limits.
      Object.assign(changes, { invalidRuledAt: null, invalidDueAt: null });
    }
    if (!request.firstRepliedAt && countsAsFirstReply(step)) changes.firstRepliedAt = now;
    return changes;
  }

  /** The resolution limit the request would have if this round had started as it is now (e.g. after a grade change). */
  async resolutionDue(
    _manager: EntityManager,
    request: Pick<ServiceRequest, 'kind' | 'grade' | 'categoryId' | 'createdAt' | 'resolutionStartedAt'>,
  ): Promise<Date | null> {
    return (await this.dueDates(request, roundStart(request), ['resolution'])).resolution ?? null;
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

/** Where this round's resolution limit counts from; a row written before starts were kept counts from its registration. */
function roundStart(request: Pick<ServiceRequest, 'createdAt' | 'resolutionStartedAt'>): Date {
  return request.resolutionStartedAt ?? request.createdAt;
}
