import type { Role, TimelineAction } from '@linli/shared';
import type { EntityManager } from 'typeorm';
import type { LifecycleChange, NotifierService } from '../notifications/notifier.service';
import { RequestEvent, type EventData } from './request-event.entity';
import type { ServiceRequest } from './request.entity';

/** The part of a request the notification rules compare before and after a step. */
export function snapshotOf(request: ServiceRequest): NonNullable<LifecycleChange['before']> {
  return {
    status: request.status,
    grade: request.grade,
    assigneeUserId: request.assigneeUserId,
    departmentId: request.departmentId,
  };
}

export const SYSTEM_ACTOR = { userId: null, role: 'system' as const, name: '系统' };

/**
 * A timeline event outside the lifecycle table (escalations, approvals, merges) and the
 * notifications it causes, in the caller's transaction. Returns the event's id.
 */
export async function recordTimelineStep(
  manager: EntityManager,
  notifier: NotifierService,
  step: {
    request: ServiceRequest;
    action: TimelineAction;
    /** Default: the request as it is now. */
    before?: LifecycleChange['before'];
    actor?: { userId: number | null; role: Role | 'system'; name: string };
    note: string;
    data: EventData;
    internal: boolean;
    now: Date;
  } & Pick<LifecycleChange, 'escalation' | 'approval'>,
): Promise<number> {
  const { request, action, note, data, internal, now } = step;
  const before = step.before ?? snapshotOf(request);
  const actor = step.actor ?? SYSTEM_ACTOR;
  const inserted = await manager.insert(RequestEvent, {
    requestId: request.id,
    actorUserId: actor.userId,
    actorRole: actor.role,
    actorName: actor.name,
    action,
    fromStatus: before?.status ?? null,
    toStatus: request.status,
    note,
    data,
    internal,
    createdAt: now,
  });
  const eventId = inserted.identifiers[0].id as number;
  await notifier.record(manager, {
    request,
    before,
    action,
    actor,
    eventId,
    note,
    now,
    escalation: step.escalation,
    approval: step.approval,
  });
  return eventId;
}
