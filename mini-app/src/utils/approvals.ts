import {
  APPROVAL_TYPE_LABELS,
  GRADE_LABELS,
  approvalRequestSchema,
  formatShanghaiTime,
  formatZodIssues,
  isTerminal,
  type ApprovalProposal,
  type ApprovalRequestInput,
  type ApprovalStatus,
  type ApprovalType,
  type BoardRow,
  type Grade,
  type RequestKind,
  type RequestStatus,
} from '@linli/shared';
import type { Tone } from '../components/SoftTag';
import { firstErrors } from './form';
import { pickedToShanghaiIso, type PickedTime } from './time';

/**
 * What the 申请审批 form offers. An invalid ruling is asked for with the lifecycle's own 判定无效
 * action (it has its own form and its own button), and a group merge starts from several requests.
 */
export const APPLY_TYPES = ['grade_change', 'extension', 'close_without_callback', 'fee_waiver', 'malicious'] as const;
export type ApplyType = (typeof APPLY_TYPES)[number];

/** A type the form lists; `pending`: one already awaits a decision, shown as 审批中 and not offered. */
export interface ApplyOption {
  type: ApplyType;
  pending: boolean;
}

/**
 * The types that make sense for a request in `status` (the server checks again): a grade while
 * it is open, more time until it is resolved, skipping the callback once resolved, waiving a fee
 * while the resident is asked to confirm it. `pending` is the detail's `pendingApprovalTypes`:
 * the server refuses a second one of a type while one waits.
 */
export function applyTypesFor(
  status: RequestStatus,
  pending: readonly ApprovalType[] = [],
  /** 恶意投诉 is for complaints, once; without the request's facts it is not offered. */
  complaint: { kind: RequestKind; maliciousAt: string | null } | null = null,
): ApplyOption[] {
  return APPLY_TYPES.filter((type) => {
    switch (type) {
      case 'grade_change':
        return !isTerminal(status);
      case 'extension':
        return !isTerminal(status) && status !== 'resolved';
      case 'close_without_callback':
        return status === 'resolved';
      case 'fee_waiver':
        return status === 'fee_pending';
      case 'malicious':
        return (
          complaint?.kind === 'complaint' &&
          !complaint.maliciousAt &&
          !['cancelled', 'invalid', 'invalid_pending'].includes(status)
        );
    }
  }).map((type) => ({ type, pending: pending.includes(type) }));
}

/** Every type that applies already waits: the 申请审批 button reads 审批中 and opens nothing. */
export function applyWaiting(options: readonly ApplyOption[]): boolean {
  return options.length > 0 && options.every((option) => option.pending);
}

export const APPLY_WAITING_TOAST = '已提交审批，请等待审批结果';

export const APPLY_TYPE_HINTS: Record<ApplyType, string> = {
  grade_change: '调整后按新等级重新计算办结时限。',
  extension: '批准后办结时限改为新时限；等待期间请按临时方案处理。',
  close_without_callback: '业主无法联系或明确拒绝回访时，经批准后直接关闭。',
  fee_waiver: '批准后免收本次费用，维修继续进行，无需业主确认。',
  malicious: '经核实为恶意投诉的，批准后不计入有效投诉统计，并在诉求上标记；处理照常进行。',
};

export const APPROVAL_STATUS_TONES: Record<ApprovalStatus, Tone> = {
  pending: 'orange',
  approved: 'green',
  rejected: 'red',
};

/** What the 申请审批 form holds; each type uses a few of these. */
export interface ApplyValues {
  type: ApplyType | null;
  grade: Grade | null;
  newDueAt: PickedTime | null;
  plan: string;
  reason: string;
}

export const EMPTY_APPLY: ApplyValues = { type: null, grade: null, newDueAt: null, plan: '', reason: '' };

export type ApplyResult = { ok: true; input: ApprovalRequestInput } | { ok: false; errors: Record<string, string> };

/** The body to send, checked with the shared `approvalRequestSchema` (errors keyed by field). */
export function toApprovalInput(values: ApplyValues): ApplyResult {
  if (!values.type) return { ok: false, errors: { type: '请选择审批类型' } };
  const reason = values.reason.trim();
  let raw: Record<string, unknown>;
  switch (values.type) {
    case 'grade_change':
      raw = { type: values.type, reason, grade: values.grade ?? undefined };
      break;
    case 'extension':
      raw = {
        type: values.type,
        reason,
        newDueAt: values.newDueAt ? pickedToShanghaiIso(values.newDueAt) : undefined,
        plan: values.plan.trim(),
      };
      break;
    default:
      raw = { type: values.type, reason };
  }
  const parsed = approvalRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const errors = firstErrors(formatZodIssues(parsed.error));
    // A missing grade reads as zod's enum message; say what to do instead.
    if (values.type === 'grade_change' && !values.grade) errors.grade = '请选择新的等级';
    return { ok: false, errors };
  }
  return { ok: true, input: parsed.data };
}

const HOUR_MS = 3_600_000;

/**
 * Where the new-deadline picker starts: a day after the current limit (or after now, when that
 * has passed), on the hour. Shanghai's offset is whole hours, so rounding UTC rounds local time.
 */
export function suggestedNewDue(currentDueIso: string | null | undefined, now: number): Date {
  const current = currentDueIso ? Date.parse(currentDueIso) : Number.NaN;
  const base = Number.isNaN(current) ? now : Math.max(current, now);
  return new Date(Math.ceil((base + 24 * HOUR_MS) / HOUR_MS) * HOUR_MS);
}

/** The proposal's particulars for the approval's page (`#approval-proposal-<key>`). */
export function proposalRows(proposal: ApprovalProposal): { key: string; label: string; value: string }[] {
  switch (proposal.type) {
    case 'grade_change':
      return [{ key: 'grade', label: '调整为', value: `${proposal.grade} 级（${GRADE_LABELS[proposal.grade]}）` }];
    case 'extension':
      return [
        { key: 'due', label: '新办结时限', value: formatShanghaiTime(proposal.newDueAt) },
        { key: 'plan', label: '临时处理方案', value: proposal.plan },
      ];
    case 'invalid_ruling':
      return [
        { key: 'explanation', label: '向业主的说明', value: proposal.explanation },
        { key: 'body', label: '责任单位', value: proposal.responsibleBody },
      ];
    case 'group_merge':
      return [{ key: 'merge', label: '合并', value: `${proposal.childRequestIds.length + 1} 件诉求` }];
    default:
      return [];
  }
}

export function approvalTypeLabel(type: ApprovalType): string {
  return APPROVAL_TYPE_LABELS[type] ?? type;
}

/**
 * A decision refused with field errors: the invalid ruling's 驳回 needs a reason, which the
 * lifecycle step calls `note`; the form calls it 审批意见 (`comment`).
 */
export function decisionErrors(fieldErrors: Record<string, string>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(fieldErrors)) {
    const key = field === 'note' ? 'comment' : field;
    if (!(key in errors)) errors[key] = message;
  }
  return errors;
}

/** The board's highlight: red with anything overdue, orange with anything nearing, else calm. */
export type BoardTone = 'overdue' | 'nearing' | 'ok';

export function boardTone(row: Pick<BoardRow, 'nearing' | 'overdue'>): BoardTone {
  if (row.overdue > 0) return 'overdue';
  if (row.nearing > 0) return 'nearing';
  return 'ok';
}

/** `board-dept-<departmentId|none>` for a department, `board-user-<userId>` for a person. */
export function boardRowId(row: Pick<BoardRow, 'departmentId' | 'userId'>): string {
  if (row.userId !== null) return `board-user-${row.userId}`;
  return `board-dept-${row.departmentId ?? 'none'}`;
}

/** The board's totals (the departments' rows count every open request once). */
export function boardTotals(departments: Pick<BoardRow, 'open' | 'nearing' | 'overdue'>[]): {
  open: number;
  nearing: number;
  overdue: number;
} {
  return departments.reduce(
    (sum, row) => ({
      open: sum.open + row.open,
      nearing: sum.nearing + row.nearing,
      overdue: sum.overdue + row.overdue,
    }),
    { open: 0, nearing: 0, overdue: 0 },
  );
}

/**
 * Why a request climbed, in words: 派单超时 / 办结超时, 办结即将超时 at the first level (the
 * handler is warned before the limit), 多次催办.
 */
export function escalationReasonText(row: { reason: string; reasonLabel: string; level: number }): string {
  if (row.reason === 'urge') return '多次催办';
  return `${row.reasonLabel}${row.level <= 1 ? '即将超时' : '超时'}`;
}
