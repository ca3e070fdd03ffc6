import {
  callbackOpen,
  callbackWindow,
  formatShanghaiTime,
  formatUrgeInterval,
  rootCauseLabel,
  summaryRequired,
  type ActionName,
  type ActionPayload,
} from '@linli/shared';
import type { EntityManager } from 'typeorm';
import { AppError } from '../../../common/errors/app-error';
import type { DispatchService } from '../../dispatch/dispatch.service';
import { climb, ladderFor } from '../../notifications/recipient-directory';
import type { DepartmentRef, ReferenceSnapshot } from '../../reference/reference-snapshot';
import type { User } from '../../users/user.entity';
import type { EventData } from '../request-event.entity';
import type { RatingSatisfaction, RatingSource } from '../request-rating.entity';
import type { ServiceRequest } from '../request.entity';
import type { ContentCheckState } from '../../content-check/content-check-state';

export interface EffectContext<A extends ActionName> {
  manager: EntityManager;
  request: ServiceRequest;
  payload: ActionPayload<A>;
  actor: Pick<User, 'id' | 'role' | 'name'>;
  department: DepartmentRef | null;
  now: Date;
  dispatch: DispatchService;
  /** The cached set-up the step was checked against (who is told of an urge comes from it). */
  snapshot: ReferenceSnapshot;
}

/** What an action does beyond moving the status: the row's changes and what the timeline records. */
export interface Effect {
  changes?: Partial<ServiceRequest>;
  note?: string | null;
  data?: EventData | null;
  internal?: boolean;
  /** Set by the workflow: what the actor wrote themselves (the payload's note), for the first-reply rule. */
  words?: string | null;
  /** Set by the workflow from WeChat's content check of the step's text. */
  contentCheck?: ContentCheckState | null;
  photoIds?: number[];
  rating?: {
    source: RatingSource;
    satisfaction: RatingSatisfaction;
    speed?: number | null;
    quality?: number | null;
    attitude?: number | null;
    comment?: string | null;
    shortcomings?: string | null;
    suggestions?: string | null;
  };
}

type Effects = { [A in ActionName]: (ctx: EffectContext<A>) => Effect | Promise<Effect> };

const noteOnly = (ctx: { payload: { note?: string | null } }): Effect => ({ note: ctx.payload.note ?? null });

async function assign(ctx: EffectContext<'dispatch' | 'reassign'>): Promise<Effect> {
  const { manager, request, payload, dispatch } = ctx;
  const assignee = await dispatch.requireAssignable(
    manager,
    payload.assigneeUserId,
    request.departmentId,
    request.projectId,
  );
  return {
    changes: { assigneeUserId: assignee.userId },
    note: payload.note ?? `派给 ${assignee.name}（${assignee.title}）`,
    data: { assigneeUserId: assignee.userId, assigneeName: assignee.name },
  };
}

/** The per-action effects, in the order of the lifecycle. */
export const ACTION_EFFECTS: Effects = {
  async accept(ctx) {
    const { payload, request, actor } = ctx;
    const department = payload.departmentId
      ? await ctx.dispatch.requireDepartment(ctx.manager, payload.departmentId)
      : ctx.department;
    return {
      changes: {
        grade: payload.grade ?? request.grade,
        urgency: request.kind === 'repair' ? (payload.urgency ?? request.urgency) : request.urgency,
        departmentId: department?.id ?? null,
        // A complaint marked malicious before it was accepted stays out of the valid counts.
        valid: !request.maliciousAt,
        // 首问负责制: whoever first takes a request from the desk answers for it to the end.
        firstContactUserId: request.firstContactUserId ?? actor.id,
      },
      note: payload.note ?? null,
      data: { grade: payload.grade ?? request.grade, departmentName: department?.name ?? null },
    };
  },
  // Internal until a manager approves: the resident must not learn of a ruling that may be overturned.
  rule_invalid: ({ payload, request, actor }) => ({
    changes: {
      valid: false,
      invalidExplanation: payload.note,
      responsibleBody: payload.responsibleBody,
      // Ruling it invalid is taking it from the desk, too: they answer for the outcome (首问负责制).
      firstContactUserId: request.firstContactUserId ?? actor.id,
    },
    note: payload.note,
    data: { responsibleBody: payload.responsibleBody },
    internal: true,
  }),
  // The approval is what the resident reads: the explanation and who is responsible instead.
  approve_invalid: ({ payload, now, request }) => ({
    changes: { closedAt: now },
    note: payload.note ?? `${request.invalidExplanation ?? ''}（责任单位：${request.responsibleBody ?? ''}）`,
    // What the resident reads of this step (residentNote): the explanation, not the manager's note.
    data: { responsibleBody: request.responsibleBody, explanation: request.invalidExplanation },
  }),
  reject_invalid: ({ payload }) => ({
    changes: { valid: null, invalidExplanation: null, responsibleBody: null },
    note: payload.note,
  }),
  dispatch: assign,
  reassign: assign,
  claim: ({ actor, payload }) => ({ changes: { assigneeUserId: actor.id }, note: payload.note ?? null }),
  take: noteOnly,
  async transfer({ manager, payload, dispatch }) {
    const department = await dispatch.requireDepartment(manager, payload.departmentId);
    return {
      changes: { departmentId: department.id, assigneeUserId: null },
      note: payload.note,
      data: { departmentId: department.id, departmentName: department.name },
    };
  },
  return: ({ payload }) => ({ changes: { assigneeUserId: null }, note: payload.note }),
  start: noteOnly,
  progress: ({ payload }) => ({
    note: payload.note,
    photoIds: payload.photoIds,
    data: payload.materials.length
      ? {
          materials: payload.materials,
          materialsFen: payload.materials.reduce((sum, m) => sum + Math.round(m.quantity * m.unitPriceFen), 0),
        }
      : null,
  }),
  quote_fee: ({ payload, now }) => {
    const totalFen = payload.items.reduce((sum, item) => sum + item.amountFen, 0);
    return {
      changes: {
        feeItems: payload.items,
        feeTotalFen: totalFen,
        feeStatus: 'pending',
        feeQuotedAt: now,
        feeDecidedAt: null,
      },
      note: payload.note ?? null,
      data: { items: payload.items, totalFen },
    };
  },
  confirm_fee: ({ payload, now, request }) => ({
    changes: { feeStatus: 'confirmed', feeDecidedAt: now },
    note: payload.note ?? null,
    data: { totalFen: request.feeTotalFen },
  }),
  decline_fee: ({ payload, now, request }) => ({
    changes: { feeStatus: 'declined', feeDecidedAt: now },
    note: payload.note ?? null,
    data: { totalFen: request.feeTotalFen },
  }),
  pause: ({ payload }) => ({ note: payload.note }),
  resume: noteOnly,
  complete: ({ payload, now, request }) => {
    const window = callbackWindow(request.kind, request.repairScope, now);
    return {
      changes: { result: payload.note, resolvedAt: now, callbackDueAt: window?.due ?? null },
      note: payload.note,
      photoIds: payload.photoIds,
    };
  },
  // 当场解决: the registration answered at once, resolved as by 处理完成 (the callback window opens).
  resolve_on_spot: ({ payload, now, request }) => {
    const window = callbackWindow(request.kind, request.repairScope, now);
    return {
      changes: {
        result: payload.note,
        resolvedAt: now,
        callbackDueAt: window?.due ?? null,
        valid: !request.maliciousAt,
      },
      note: payload.note,
      photoIds: payload.photoIds,
    };
  },
  rate: ({ payload, now }) => ({
    changes: { closedAt: now },
    note: payload.comment ?? null,
    data: {
      satisfaction: payload.satisfaction,
      speed: payload.speed,
      quality: payload.quality,
      attitude: payload.attitude,
    },
    rating: { source: 'resident', ...payload },
  }),
  callback: ({ payload, now, request }) => {
    requireCallbackOpen(request, now);
    requireSummary(request);
    return {
      changes: { closedAt: now },
      note: payload.note,
      data: { satisfaction: payload.satisfaction },
      rating: {
        source: 'callback',
        satisfaction: payload.satisfaction,
        comment: payload.note,
        shortcomings: payload.shortcomings,
        suggestions: payload.suggestions,
      },
    };
  },
  ask_callback: ({ payload, request, now }) => {
    if (request.callbackRequestedAt) {
      throw new AppError(
        'CONFLICT',
        `您已于 ${formatShanghaiTime(request.callbackRequestedAt)} 请求电话回访，客服会尽快与您联系`,
      );
    }
    return { changes: { callbackRequestedAt: now }, note: payload.note ?? null };
  },
  reopen: ({ payload, request, actor, now }) => {
    // An unsatisfied phone callback is a callback too: it waits for the resident's own rating.
    if (actor.role !== 'resident') requireCallbackOpen(request, now);
    return {
      changes: {
        round: request.round + 1,
        assigneeUserId: null,
        resolvedAt: null,
        callbackDueAt: null,
        ratingWaitUntil: null,
        callbackRequestedAt: null,
        result: null,
      },
      note: payload.note,
      data: { round: request.round + 1 },
      rating: {
        source: actor.role === 'resident' ? 'resident' : 'callback',
        satisfaction: 'unsatisfied',
        speed: payload.speed ?? null,
        quality: payload.quality ?? null,
        attitude: payload.attitude ?? null,
        comment: payload.note,
      },
    };
  },
  summarize: ({ payload, actor, now }) => {
    const cause = payload.rootCause;
    return {
      changes: {
        rootCause: cause,
        remedy: payload.remedy,
        correctiveMeasure: payload.correctiveMeasure,
        summarizedAt: now,
        summarizedByUserId: actor.id,
      },
      note: payload.note ?? `原因分析：${rootCauseLabel(cause)}`,
      data: {
        rootCause: cause,
        rootCauseLabel: rootCauseLabel(cause),
        remedy: payload.remedy,
        correctiveMeasure: payload.correctiveMeasure,
      },
      internal: true,
    };
  },
  cancel: ({ payload, now }) => ({ changes: { closedAt: now }, note: payload.note ?? null }),
  urge: ({ payload, request, now, snapshot, actor }) => {
    // 系统设置 · 催办: the interval in force now, not the one when the last urge was made.
    const { intervalMinutes } = snapshot.settings.urge;
    const next = request.lastUrgedAt ? request.lastUrgedAt.getTime() + intervalMinutes * 60_000 : 0;
    if (next > now.getTime()) {
      throw new AppError('TOO_MANY_REQUESTS', `${formatUrgeInterval(intervalMinutes)}内只能催办一次，请稍后再试`, [
        { field: 'nextUrgeAt', message: new Date(next).toISOString() },
      ]);
    }
    return {
      changes: { urgeCount: request.urgeCount + 1, lastUrgedAt: now },
      note: payload.note ?? null,
      // What the resident reads back: who the notifier tells (the same ladder, the same set-up).
      data: { urgeCount: request.urgeCount + 1, told: urgeTold(snapshot, request, actor.id) },
    };
  },
  // The resident's own words answer whatever staff asked them to add.
  add_info: ({ payload, actor }) => ({
    changes: actor.role === 'resident' ? { infoRequest: null, infoRequestedAt: null } : undefined,
    note: payload.note,
    photoIds: payload.photoIds,
  }),
  ask_info: ({ payload, now }) => ({
    changes: { infoRequest: payload.note, infoRequestedAt: now },
    note: payload.note,
  }),
  // 答复: the answer itself is the step; the resident reads it and is told (request_replied).
  reply: async ({ payload, manager, request }) => {
    if (payload.ratingId === undefined) return { note: payload.note };
    const [rating] = (await manager.query('SELECT id FROM request_rating WHERE id = ? AND request_id = ?', [
      payload.ratingId,
      request.id,
    ])) as { id: number }[];
    if (!rating) throw AppError.validation([{ field: 'ratingId', message: '这条诉求没有该评价' }]);
    return { note: payload.note, data: { ratingId: payload.ratingId } };
  },
  note: ({ payload }) => ({ note: payload.note, internal: true }),
};

/**
 * A complaint is summed up (总结) before the desk closes it: by callback here, by an approved
 * 免回访关闭 in approvals. The same message both ways.
 */
export function requireSummary(request: Pick<ServiceRequest, 'kind' | 'summarizedAt'>): void {
  if (!summaryRequired(request.kind) || request.summarizedAt) return;
  throw new AppError('CONFLICT', '投诉关闭前请先填写总结（原因分析、补救措施、纠正措施）', [
    { field: 'summary', message: '尚未总结' },
  ]);
}

/**
 * The resident's invitation to rate stays good until their time to rate is over (issue 12); a
 * callback before then would close the request under them.
 */
function requireCallbackOpen(request: ServiceRequest, now: Date): void {
  if (callbackOpen(request, now) || !request.ratingWaitUntil) return;
  throw new AppError(
    'CONFLICT',
    `业主可在 ${formatShanghaiTime(request.ratingWaitUntil)} 前自行评价，之后再电话回访（业主请求电话回访时可立即回访）`,
    [{ field: 'ratingWaitUntil', message: request.ratingWaitUntil.toISOString() }],
  );
}

/**
 * Who an urge reaches, in the resident's words (issue 12: told truthfully): the handler, or the
 * department's queue owners when nobody is assigned, and the levels above while nobody below
 * can be reached on WeChat; the notifier walks the same ladder.
 */
export function urgeTold(
  snapshot: ReferenceSnapshot,
  request: Pick<ServiceRequest, 'departmentId' | 'projectId' | 'assigneeUserId' | 'firstContactUserId'>,
  actorUserId: number | null,
): string {
  const levels = ladderFor(snapshot, 'handler', request) ?? [];
  const { told, heardAt } = climb(snapshot, levels, actorUserId);
  if (told.length === 0) return '暂无可提醒的工作人员，请致电物业客服中心';
  const named = levels
    .map((level, index) => {
      const names = told
        .filter((entry) => entry.level === index)
        .map((entry) => snapshot.staff.get(entry.userId)?.name)
        .filter(Boolean);
      return names.length ? `${level.label} ${names.join('、')}` : null;
    })
    .filter(Boolean);
  return `已提醒${named.join('；')}${heardAt ? '（微信通知）' : '（对方暂未开通微信通知，将在小程序消息中看到）'}`;
}
