import {
  ACTION_LABELS,
  GRADE_LABELS,
  ROLE_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
  type LifecycleAction,
  type RequestDetail,
  type RequestEventView,
  type RequestSummary,
} from '@linli/shared';
import { roomLabel } from '../houses/house-binding.view';
import type { RequestEvent } from './request-event.entity';
import type { ServiceRequest } from './request.entity';

const PREVIEW_LENGTH = 40;

export function toRequestSummary(request: ServiceRequest): RequestSummary {
  return {
    id: request.id,
    number: request.number,
    kind: request.kind,
    status: request.status,
    statusLabel: STATUS_LABELS[request.status],
    categoryName: request.category?.name ?? '',
    contentPreview:
      request.content.length > PREVIEW_LENGTH ? `${request.content.slice(0, PREVIEW_LENGTH)}…` : request.content,
    createdAt: request.createdAt.toISOString(),
  };
}

export function toRequestEventView(event: RequestEvent): RequestEventView {
  return {
    id: event.id,
    action: event.action,
    actionLabel: ACTION_LABELS[event.action],
    actorName: event.actorName,
    actorRole: event.actorRole,
    actorRoleLabel: event.actorRole === 'system' ? '系统' : ROLE_LABELS[event.actorRole],
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    note: event.note,
    createdAt: event.createdAt.toISOString(),
  };
}

/** Expects the request loaded with category, department and room → project, building, unit. */
export function toRequestDetail(
  request: ServiceRequest,
  events: RequestEvent[],
  view: { actions: LifecycleAction[]; contactPhone: string },
): RequestDetail {
  return {
    ...toRequestSummary(request),
    content: request.content,
    grade: request.grade,
    gradeLabel: GRADE_LABELS[request.grade],
    source: request.source,
    sourceLabel: SOURCE_LABELS[request.source],
    occurredAt: request.occurredAt?.toISOString() ?? null,
    occurredPlace: request.occurredPlace,
    demand: request.demand,
    contactName: request.contactName,
    contactPhone: view.contactPhone,
    roomLabel: request.room ? roomLabel(request.room) : null,
    departmentName: request.department?.name ?? null,
    events: events.map(toRequestEventView),
    actions: view.actions,
  };
}

export const REQUEST_DETAIL_RELATIONS = {
  category: true,
  department: true,
  room: { project: true, building: true, unit: true },
} as const;
