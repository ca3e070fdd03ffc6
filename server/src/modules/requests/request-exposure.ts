import {
  maskName,
  maskPhone,
  maskPhonesInText,
  residentNote,
  residentSees,
  residentStatus,
  STATUS_LABELS,
  statusBeforeRuling,
  type RequestDetail,
  type TimelineEventFacts,
} from '@linli/shared';
import type { StaffProfile } from '../access/action-rules';
import type { RequestEvent } from './request-event.entity';
import type { ServiceRequest } from './request.entity';

/**
 * Who reads a request decides how much of it they get (seed 004, issue 10 finding 8):
 * - the resident: everything about their own request, but only the timeline steps meant for them
 *   (the one rule in @linli/shared's `residentSees`);
 * - staff handling it (relation-rules): everything;
 * - other staff of the project: a summary: the resident's timeline plus their own steps, the
 *   contact masked, and phone numbers masked wherever they were written into the text.
 */
export type Audience = 'resident' | 'handling_staff' | 'unrelated_staff';

export function audienceOf(profile: StaffProfile, handles: boolean): Audience {
  if (profile.role === 'resident') return 'resident';
  return handles ? 'handling_staff' : 'unrelated_staff';
}

const facts = (event: RequestEvent): TimelineEventFacts => ({
  action: event.action,
  internal: event.internal,
  note: event.note,
  data: event.data,
});

/** The timeline as this audience reads it: hidden steps left out, staff notes replaced by the resident's wording. */
export function eventsFor(events: RequestEvent[], audience: Audience, userId: number): RequestEvent[] {
  if (audience === 'handling_staff') return events;
  const before = audience === 'resident' ? statusBeforeRuling(events) : null;
  return events.flatMap((event) => {
    if (audience === 'unrelated_staff' && event.actorUserId === userId) {
      return [{ ...event, note: maskPhonesInText(event.note) }];
    }
    if (!residentSees(facts(event))) return [];
    const note = residentNote(facts(event));
    if (audience !== 'resident') return [{ ...event, note: maskPhonesInText(note) }];
    // An urge while a ruling waits moved "from" and "to" 无效待审批: the resident reads neither.
    const fromStatus = event.fromStatus && residentStatus(event.fromStatus, before);
    return [{ ...event, note, fromStatus, toStatus: residentStatus(event.toStatus, before) }];
  });
}

/** The rest of the detail for this audience, once its timeline is chosen. */
export function shapeFor(
  detail: RequestDetail,
  request: ServiceRequest,
  audience: Audience,
  events: readonly RequestEvent[],
): RequestDetail {
  if (audience === 'handling_staff') return detail;
  // The ruling is learnt only once a manager approved it (before, it is the staff's business).
  const invalid = request.status === 'invalid' ? detail.invalid : null;
  // Approvals are the staff's business; the resident learns only an approved extension, from the timeline.
  if (audience === 'resident') {
    const status = residentStatus(request.status, statusBeforeRuling(events));
    // 总结 names staff and their failings: a management record (as its hidden timeline step).
    return {
      ...detail,
      status,
      statusLabel: STATUS_LABELS[status],
      invalid,
      summary: null,
      maliciousAt: null,
      pendingApprovalTypes: [],
    };
  }
  const text = maskPhonesInText;
  return {
    ...detail,
    contactName: maskName(detail.contactName),
    contactPhone: maskPhone(detail.contactPhone),
    content: text(detail.content),
    demand: text(detail.demand),
    occurredPlace: text(detail.occurredPlace),
    subjectOfComplaint: text(detail.subjectOfComplaint),
    result: text(detail.result),
    repair: detail.repair
      ? {
          ...detail.repair,
          item: text(detail.repair.item),
          location: text(detail.repair.location),
          model: text(detail.repair.model),
        }
      : null,
    invalid: invalid ? { ...invalid, explanation: text(invalid.explanation) } : null,
    summary: detail.summary
      ? {
          ...detail.summary,
          remedy: text(detail.summary.remedy),
          correctiveMeasure: text(detail.summary.correctiveMeasure),
        }
      : null,
    ratings: detail.ratings.map((rating) => ({
      ...rating,
      comment: text(rating.comment),
      shortcomings: text(rating.shortcomings),
      suggestions: text(rating.suggestions),
      replies: rating.replies.map((reply) => ({ ...reply, note: text(reply.note) ?? '' })),
    })),
  };
}
