import type { Grade, RequestKind } from '../kinds';
import type { RequestStatus } from '../lifecycle';
import type { Role } from '../roles';
import type { EscalationReason } from '../sla/escalation';

/**
 * What needs a manager's consent (seed 000 4.3; DOMAIN.md "Escalation"): each type carries its
 * proposal, and its effect applies in the transaction that approves it.
 */
export const APPROVAL_TYPES = [
  'grade_change',
  'extension',
  'invalid_ruling',
  'close_without_callback',
  'fee_waiver',
  'group_merge',
  'pause',
  'malicious',
] as const;
export type ApprovalType = (typeof APPROVAL_TYPES)[number];

export const APPROVAL_TYPE_LABELS: Record<ApprovalType, string> = {
  grade_change: '等级调整',
  extension: '延期',
  invalid_ruling: '无效投诉判定',
  close_without_callback: '免回访关闭',
  fee_waiver: '费用减免',
  group_merge: '群体投诉合并',
  pause: '挂起暂停计时',
  malicious: '恶意投诉认定',
};

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];
export const APPROVAL_STATUS_LABELS: Record<ApprovalStatus, string> = {
  pending: '待审批',
  approved: '已批准',
  rejected: '已驳回',
};

export type ApprovalProposal =
  | { type: 'grade_change'; grade: Grade }
  | { type: 'extension'; newDueAt: string; plan: string }
  | { type: 'invalid_ruling'; explanation: string; responsibleBody: string }
  | { type: 'close_without_callback' }
  | { type: 'fee_waiver' }
  | { type: 'group_merge'; childRequestIds: number[]; grade: Grade }
  /** Opened by the handler's 挂起; approved, the resolution clock stands still until 恢复处理. */
  | { type: 'pause'; since: string; resumedAt?: string }
  /**
   * 恶意投诉 (seed 002, 004): approved, the complaint counts as not valid (it leaves the valid
   * counts of the reports) and is marked; its handling goes on or ends as usual.
   */
  | { type: 'malicious' };

/**
 * Who decides each type, unless configured otherwise: the project manager, and the company's
 * general management (admins) for extensions beyond 15 days (issue 6).
 */
export interface ApproverRules {
  default: Role;
  byType: Partial<Record<ApprovalType, Role>>;
  /** Extensions moving the deadline further than this many days need `longExtensionRole`. */
  longExtensionDays: number;
  longExtensionRole: Role;
}

export const DEFAULT_APPROVER_RULES: ApproverRules = {
  default: 'manager',
  byType: {},
  longExtensionDays: 15,
  longExtensionRole: 'admin',
};

export interface ApprovalRequestRef {
  id: number;
  number: string;
  kind: RequestKind;
  status: RequestStatus;
  grade: Grade;
  categoryName: string;
  contentPreview: string;
  resolutionDueAt: string | null;
}

export interface ApprovalView {
  id: number;
  type: ApprovalType;
  typeLabel: string;
  status: ApprovalStatus;
  statusLabel: string;
  reason: string;
  proposal: ApprovalProposal;
  /** The proposal in a sentence, e.g. 办结时限延至 2026-12-05 18:00. */
  summary: string;
  /** Which role decides it. */
  approverRole: Role;
  requestedByName: string;
  requestedAt: string;
  decidedByName: string | null;
  decidedAt: string | null;
  comment: string | null;
  /** Whether the caller may approve or reject it now. */
  canDecide: boolean;
  request: ApprovalRequestRef;
}

export interface ApprovalCount {
  pending: number;
}

/** One row of the live board: a department, or a person in it. */
export interface BoardRow {
  departmentId: number | null;
  departmentName: string;
  userId: number | null;
  name: string;
  open: number;
  nearing: number;
  overdue: number;
}

export interface BoardView {
  departments: BoardRow[];
  people: BoardRow[];
  /**
   * 无人可通知 and its milder form (issue 12): departments with open work whose own level cannot
   * be reached on WeChat (nobody there, or nobody linked), so their notices climb; `heardBy` is
   * the level that does hear them, null when nobody at any level can (the problem itself).
   */
  unreachable: UnreachableRow[];
  asOf: string;
}

export interface UnreachableRow {
  /** Null: work still at the desk (待分派). */
  departmentId: number | null;
  departmentName: string;
  projectId: number;
  projectName: string;
  open: number;
  /** The level whose phones ring in its stead (项目经理, 公司管理员), or null: 无人可通知. */
  heardBy: string | null;
  /** Why, level by level: 保洁部主管无人，项目经理未开通微信通知. */
  reason: string;
}

/** "My escalations": a request that climbed to the caller, with the latest level it reached. */
export interface EscalatedRequest {
  requestId: number;
  number: string;
  kind: RequestKind;
  status: RequestStatus;
  categoryName: string;
  contentPreview: string;
  level: number;
  levelLabel: string;
  reason: EscalationReason;
  reasonLabel: string;
  escalatedAt: string;
  resolutionDueAt: string | null;
}
