import {
  cutGraphemes,
  GRADE_LABELS,
  maskPhonesInText,
  REPAIR_SCOPE_LABELS,
  REPAIR_URGENCY_LABELS,
  ROLE_LABELS,
  rootCauseLabel,
  SATISFACTION_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
  TIMELINE_ACTION_LABELS,
  type ApprovalType,
  type LifecycleAction,
  type RequestSummaryView,
  type PhotoView,
  type RatingView,
  type RequestDetail,
  type RequestEventView,
  type RequestSummary,
  type StaffRef,
} from '@linli/shared';
import { roomLabel } from '../houses/house-binding.view';
import { currentDeadline, deadlinesOf } from './deadline.view';
import type { RequestEvent } from './request-event.entity';
import type { RequestRating } from './request-rating.entity';
import type { ServiceRequest } from './request.entity';

// 40 characters of content and the ellipsis, counted as a reader sees them.
const PREVIEW_MAX = 41;
const iso = (value: Date | null | undefined) => value?.toISOString() ?? null;

/**
 * A list shows no resident's phone to anyone, not even one written into the content: lists
 * are read by many and audited by none. Masked before cutting, so no half number slips through;
 * cut between graphemes, so no half emoji (�) or split flag either.
 */
export function contentPreview(content: string): string {
  return cutGraphemes(maskPhonesInText(content), PREVIEW_MAX);
}

/** Expects category, department, assignee and room → project, building, unit loaded. */
export function toRequestSummary(request: ServiceRequest, now: Date): RequestSummary {
  return {
    id: request.id,
    number: request.number,
    kind: request.kind,
    status: request.status,
    statusLabel: STATUS_LABELS[request.status],
    categoryName: request.category?.name ?? '',
    contentPreview: contentPreview(request.content),
    grade: request.grade,
    roomLabel: request.room ? roomLabel(request.room) : (request.area ?? null),
    departmentName: request.department?.name ?? null,
    assigneeName: request.assignee?.name ?? null,
    callbackDueAt: iso(request.callbackDueAt),
    deadline: currentDeadline(request, now),
    createdAt: request.createdAt.toISOString(),
    round: request.round,
    urgeCount: request.urgeCount,
    urgent: request.kind === 'repair' && request.urgency === 'urgent',
    infoRequest: infoRequestOf(request.infoRequest, request.infoRequestedAt),
    contentFlagged: Boolean(request.contentFlagged),
  };
}

export function infoRequestOf(note: string | null, at: Date | null): RequestSummary['infoRequest'] {
  return note && at ? { note, at: at.toISOString() } : null;
}

export function toRequestEventView(event: RequestEvent, photos: PhotoView[]): RequestEventView {
  return {
    id: event.id,
    action: event.action,
    actionLabel: TIMELINE_ACTION_LABELS[event.action],
    actorName: event.actorName,
    actorRole: event.actorRole,
    actorRoleLabel: event.actorRole === 'system' ? '系统' : ROLE_LABELS[event.actorRole],
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    note: event.note,
    internal: event.internal,
    photos,
    data: event.data,
    ...(event.contentCheck === 'review' || event.contentCheck === 'pending'
      ? { contentCheck: event.contentCheck }
      : {}),
    createdAt: event.createdAt.toISOString(),
  };
}

export function toRatingView(rating: RequestRating, events: readonly RequestEvent[] = []): RatingView {
  return {
    id: rating.id,
    replies: events
      .filter((event) => event.action === 'reply' && event.data?.ratingId === rating.id && event.note)
      .map((event) => ({ note: event.note!, byName: event.actorName, createdAt: event.createdAt.toISOString() })),
    source: rating.source,
    satisfaction: rating.satisfaction,
    satisfactionLabel: SATISFACTION_LABELS[rating.satisfaction],
    speed: rating.speed,
    quality: rating.quality,
    attitude: rating.attitude,
    comment: rating.comment,
    shortcomings: rating.shortcomings,
    suggestions: rating.suggestions,
    round: rating.round,
    byName: rating.byName,
    createdAt: rating.createdAt.toISOString(),
  };
}

export interface DetailExtras {
  events: RequestEvent[];
  /** Photos by the event they were attached to (internal events are already left out for residents). */
  photosByEvent: Map<number | null, PhotoView[]>;
  ratings: RequestRating[];
  actions: LifecycleAction[];
  contactPhone: string;
  assignee: StaffRef | null;
  firstContactName: string | null;
  nextUrgeAt: Date | null;
  dispatchWarning: string | null;
  pendingApprovalTypes: ApprovalType[];
  /** Staff read the limits the resident does not (an invalid ruling's, before it is approved). */
  staffDeadlines: boolean;
}

export function toRequestDetail(request: ServiceRequest, extras: DetailExtras, now: Date): RequestDetail {
  return {
    ...toRequestSummary(request, now),
    content: request.content,
    gradeLabel: GRADE_LABELS[request.grade],
    source: request.source,
    sourceLabel: SOURCE_LABELS[request.source],
    occurredAt: iso(request.occurredAt),
    occurredPlace: request.occurredPlace,
    demand: request.demand,
    contactName: request.contactName,
    contactPhone: extras.contactPhone,
    events: extras.events.map((event) => toRequestEventView(event, extras.photosByEvent.get(event.id) ?? [])),
    actions: extras.actions,
    version: request.version,
    projectId: request.projectId,
    departmentId: request.departmentId,
    round: request.round,
    assignee: extras.assignee,
    firstContactName: extras.firstContactName,
    dispatchWarning: extras.dispatchWarning,
    subjectOfComplaint: request.subjectOfComplaint,
    repair: request.repairScope
      ? {
          scope: request.repairScope,
          scopeLabel: REPAIR_SCOPE_LABELS[request.repairScope],
          urgency: request.urgency,
          urgencyLabel: REPAIR_URGENCY_LABELS[request.urgency],
          item: request.repairItem,
          location: request.repairLocation,
          model: request.repairModel,
          appointmentAt: iso(request.appointmentAt),
        }
      : null,
    fee:
      request.feeItems && request.feeStatus && request.feeQuotedAt
        ? {
            items: request.feeItems,
            totalFen: request.feeTotalFen ?? 0,
            status: request.feeStatus,
            quotedAt: request.feeQuotedAt.toISOString(),
            decidedAt: iso(request.feeDecidedAt),
          }
        : null,
    ratings: extras.ratings.map((rating) => toRatingView(rating, extras.events)),
    invalid:
      request.invalidExplanation && request.responsibleBody
        ? { explanation: request.invalidExplanation, responsibleBody: request.responsibleBody }
        : null,
    summary: summaryOf(request, extras.events),
    maliciousAt: iso(request.maliciousAt),
    result: request.result,
    urgeCount: request.urgeCount,
    nextUrgeAt: iso(extras.nextUrgeAt),
    ratingWaitUntil: iso(request.ratingWaitUntil),
    callbackRequestedAt: iso(request.callbackRequestedAt),
    resolvedAt: iso(request.resolvedAt),
    closedAt: iso(request.closedAt),
    deadlines: deadlinesOf(request, now, { staff: extras.staffDeadlines }),
    pendingApprovalTypes: extras.pendingApprovalTypes,
  };
}

function summaryOf(request: ServiceRequest, events: readonly RequestEvent[]): RequestSummaryView | null {
  const { rootCause, remedy, correctiveMeasure, summarizedAt } = request;
  if (!rootCause || !remedy || !correctiveMeasure || !summarizedAt) return null;
  const step = events.filter((event) => event.action === 'summarize').at(-1);
  return {
    rootCause,
    rootCauseLabel: rootCauseLabel(rootCause),
    remedy,
    correctiveMeasure,
    summarizedAt: summarizedAt.toISOString(),
    summarizedByName: step?.actorName ?? null,
  };
}

export const REQUEST_LIST_RELATIONS = {
  category: true,
  department: true,
  assignee: true,
  room: { project: true, building: true, unit: true },
} as const;
