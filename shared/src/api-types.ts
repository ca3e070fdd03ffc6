import type { ApprovalType } from './approvals';
import type { BindingMismatch, OwnerRelation } from './houses';
import type { Grade, RequestKind, RequestSource } from './kinds';
import type { LifecycleAction, RequestStatus, RootCause, TimelineAction } from './lifecycle';
import type { Role } from './roles';
import type { CalendarDay, DeadlineState, SlaLimit, SlaStep } from './sla';
import type { FieldError } from './schemas/fields';
import type { RepairUrgency } from './schemas/urgency';

/** Response shapes of the API (docs/api.md): the server returns them, the mini-app reads them. */

export interface ApiErrorBody {
  code: string;
  message: string;
  details: FieldError[];
}

export interface UserView {
  id: number;
  role: Role;
  name: string;
  phone: string | null;
  /** WeChat confirmed `phone` is this account's (getPhoneNumber); false while it is only typed in. */
  phoneVerified: boolean;
  openid: string;
}

export interface AuthTokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: UserView;
}

export interface DemoAccount {
  openid: string;
  name: string;
  role: Role;
  roleLabel: string;
  description: string;
}

/**
 * What anyone may read before logging in (`GET /api/public/service-info`): the property's
 * customer-service line and who runs it. Null when the server was not told (production unset).
 */
export interface ServiceInfo {
  hotline: string | null;
  companyName: string | null;
}

export interface NamedRef {
  id: number;
  name: string;
}

export interface RoomView extends NamedRef {
  floor: number;
}

/** `withdrawn`: the resident took a pending claim back (kept for the record, not listed as theirs). */
export type HouseBindingStatus = 'bound' | 'pending' | 'rejected' | 'withdrawn';

export interface HouseBindingView {
  id: number;
  status: HouseBindingStatus;
  name: string;
  phone: string;
  rejectReason: string | null;
  createdAt: string;
  room: {
    id: number;
    name: string;
    floor: number;
    unitName: string;
    buildingName: string;
    projectId: number;
    projectName: string;
    /** e.g. 阳光花园 1栋 2单元 1001 */
    label: string;
  };
}

/** One line of the owner register (业主名册) as a reviewer sees it: name and phone masked. */
export interface OwnerRegisterEntryView {
  name: string;
  phone: string;
  relation: OwnerRelation;
}

/** A binding in the reviewers' list (desk/pages/bindings): the claim beside the register's entry for the room. */
export interface HouseBindingReviewView extends HouseBindingView {
  /** The claim's last change (ISO time); sent back with the decision so a corrected claim is not decided unseen. */
  revision: string;
  /** The phone is one WeChat verified for the claimant (getPhoneNumber), not only typed. */
  phoneVerified: boolean;
  /** The room's register entries, masked; empty when the register has none for the room. */
  register: OwnerRegisterEntryView[];
  /** What keeps the claim from matching the register (shared `bindingMismatches`); empty when it matches. */
  mismatches: BindingMismatch[];
  /** Other residents already bound to the room: a claim to a held room always waits for review. */
  holders: number;
}

export interface MeView {
  user: UserView;
  houses: HouseBindingView[];
}

export interface CategoryNode {
  id: number;
  name: string;
  kind: RequestKind;
  defaultGrade: Grade;
  defaultDepartmentId: number | null;
  children: CategoryNode[];
}

export interface RequestSummary {
  id: number;
  number: string;
  kind: RequestKind;
  status: RequestStatus;
  statusLabel: string;
  categoryName: string;
  contentPreview: string;
  grade: Grade;
  roomLabel: string | null;
  departmentName: string | null;
  assigneeName: string | null;
  callbackDueAt: string | null;
  /** The deadline that matters now (dispatch, then resolution, then callback); null once none runs. */
  deadline: DeadlineView | null;
  createdAt: string;
  /** 第 N 次处理: 1, then one more for each reopening after an unsatisfied rating or callback. */
  round: number;
  /** 已催办 ×N: how often the resident urged it. */
  urgeCount: number;
  /** A repair the resident or the desk marked 紧急（急修）. */
  urgent: boolean;
  /** What staff asked the resident to add (请业主补充), until the resident adds information. */
  infoRequest: { note: string; at: string } | null;
  /**
   * 内容待复核: WeChat's content check (msgSecCheck) answered `review` for some text of the
   * request, or could not judge it yet; for the desk to read before it goes further. Always false
   * for residents.
   */
  contentFlagged: boolean;
}

/** One time limit of a request: the mini-app counts down to `dueAt` with shared `deadlineState`. */
export interface DeadlineView {
  step: SlaStep;
  stepLabel: string;
  startAt: string;
  dueAt: string;
  doneAt: string | null;
  /** As of the answer; clients recompute it as time passes. */
  state: DeadlineState;
  stateLabel: string;
}

export interface PhotoView {
  id: number;
  /** Signed, time-limited URLs: `<Image src>` cannot send a token. */
  url: string;
  thumbnailUrl: string;
  width: number;
  height: number;
  size: number;
  mime: string;
  /**
   * WeChat's photo check (mediaCheckAsync) found it risky: only the desk (客服、经理、管理员)
   * is shown such a photo, marked; everyone else never receives it.
   */
  risky?: boolean;
}

export interface StaffRef {
  userId: number;
  name: string;
  title: string;
  departmentName: string | null;
  /** Only to the people handling the request and its resident. */
  phone: string | null;
}

export interface FeeView {
  items: { name: string; amountFen: number }[];
  totalFen: number;
  /** `waived`: a manager approved waiving it (费用减免). */
  status: 'pending' | 'confirmed' | 'declined' | 'waived';
  quotedAt: string;
  decidedAt: string | null;
}

export interface RatingView {
  source: 'resident' | 'callback';
  satisfaction: 'satisfied' | 'basically_satisfied' | 'unsatisfied';
  satisfactionLabel: string;
  speed: number | null;
  quality: number | null;
  attitude: number | null;
  comment: string | null;
  shortcomings: string | null;
  suggestions: string | null;
  round: number;
  byName: string;
  createdAt: string;
  id: number;
  /** Staff's answers to it (答复 with its `ratingId`), oldest first; the resident reads them too. */
  replies: RatingReplyView[];
}

export interface RatingReplyView {
  note: string;
  byName: string;
  createdAt: string;
}

export interface RequestEventView {
  id: number;
  action: TimelineAction;
  actionLabel: string;
  actorName: string;
  actorRole: Role | 'system';
  actorRoleLabel: string;
  fromStatus: RequestStatus | null;
  toStatus: RequestStatus;
  note: string | null;
  /** Internal notes are shown to staff only; residents never receive them. */
  internal: boolean;
  photos: PhotoView[];
  /** Structured details of the step: assignee, department, materials, fee items, scores… */
  data: Record<string, unknown> | null;
  /** Staff only: WeChat's content check flagged this step's text for review (review) or has not judged it yet (pending). */
  contentCheck?: 'review' | 'pending';
  createdAt: string;
}

/** 总结: the root cause (ROOT_CAUSES code and '人 · 服务态度'), 补救措施, 纠正措施, who and when. */
export interface RequestSummaryView {
  rootCause: RootCause;
  rootCauseLabel: string;
  remedy: string;
  correctiveMeasure: string;
  summarizedAt: string;
  /** From the timeline's 总结 step; null when the reader does not see that step. */
  summarizedByName: string | null;
}

export interface RequestDetail extends RequestSummary {
  content: string;
  gradeLabel: string;
  source: RequestSource;
  sourceLabel: string;
  occurredAt: string | null;
  occurredPlace: string | null;
  demand: string | null;
  contactName: string;
  contactPhone: string;
  events: RequestEventView[];
  /** What the caller may do now, from the lifecycle and their relation to the request (the buttons to show). */
  actions: LifecycleAction[];
  /** Send it back with an action: a stale version is answered with 409 and the current state. */
  version: number;
  projectId: number;
  departmentId: number | null;
  assignee: StaffRef | null;
  firstContactName: string | null;
  subjectOfComplaint: string | null;
  repair: {
    scope: 'in_home' | 'common_area';
    scopeLabel: string;
    urgency: RepairUrgency;
    urgencyLabel: string;
    item: string | null;
    location: string | null;
    model: string | null;
    appointmentAt: string | null;
  } | null;
  fee: FeeView | null;
  ratings: RatingView[];
  invalid: { explanation: string; responsibleBody: string } | null;
  /** 总结 (for staff; null for residents and until written): required before the desk closes a complaint. */
  summary: RequestSummaryView | null;
  /** When a manager approved it as 恶意投诉 (staff only; null for residents): out of the valid counts. */
  maliciousAt: string | null;
  result: string | null;
  urgeCount: number;
  /** When the resident may urge again (null: now). */
  nextUrgeAt: string | null;
  /**
   * For the desk and the department (never residents): what keeps the request from being
   * dispatched, e.g. 机电部在本项目暂无可派人员，请转部门. Null when nothing does.
   */
  dispatchWarning: string | null;
  /** The callback window in force for resolved complaints and in-home repairs. */
  callbackDueAt: string | null;
  /**
   * Until when the resident's own rating is awaited after the resolution (时限规则 · 等待业主评价);
   * the desk records a phone callback after it, or at once when the resident asked to be called.
   */
  ratingWaitUntil: string | null;
  /** When the resident asked for a phone callback (请电话回访) in this round. */
  callbackRequestedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  /** Every time limit in force, met or not (dispatch, first reply, resolution, callback). */
  deadlines: DeadlineView[];
  /**
   * For staff (always [] for residents, who are not told of internal approvals): the approval
   * types awaiting a decision on this request, in APPROVAL_TYPES order. A second one of the same
   * type is refused (409), so the 申请审批 form shows these as 审批中.
   */
  pendingApprovalTypes: ApprovalType[];
}

/** Each count is exact up to LIST_TOTAL_CAP; `capped` says which reached it ("1000+"). */
export interface TaskCounts {
  pending: number;
  active: number;
  done: number;
  capped: { pending: boolean; active: boolean; done: boolean };
}

export interface StaffOption {
  userId: number;
  name: string;
  title: string;
  onDuty: boolean;
  /** Open tasks now: the auto-dispatch picks the least loaded. */
  openTasks: number;
  /**
   * Whether template messages reach them: `not_following` once WeChat answered 43004, so a
   * supervisor can ask them to follow the official account again.
   */
  officialAccount: OfficialAccountState;
  /** Nothing against them: on duty, reached on WeChat, not busy. The sheet offers them first. */
  available: boolean;
  /**
   * Why the sheet greys them (issue 12), in the order shown: 休息, 未绑定微信 / 未关注公众号,
   * 忙碌（在办 N 件）. They can still be picked (someone off duty can be called in), with a warning.
   */
  reasons: StaffOptionReason[];
}

export interface StaffOptionReason {
  code: 'off_duty' | 'unlinked' | 'not_following' | 'busy';
  label: string;
}

/** Open tasks from which a handler counts as busy on the dispatch sheet. */
export const BUSY_OPEN_TASKS = 5;

export type OfficialAccountState = 'following' | 'not_following' | 'unlinked';

export interface DepartmentView {
  id: number;
  code: string;
  name: string;
  dispatchMode: 'auto' | 'supervisor' | 'claim';
  /**
   * With `?projectId=`: how many can take a request of that project there (active handlers
   * serving it, on duty or not). 0 = a dead end: the sheet does not offer it for 转部门.
   */
  dispatchable?: number;
}

/** A time-limit rule as admins edit it (GET /api/admin/sla-policies). */
export interface SlaPolicyView {
  id: number;
  kind: RequestKind | null;
  grade: Grade | null;
  categoryId: number | null;
  categoryName: string | null;
  step: SlaStep;
  stepLabel: string;
  limit: SlaLimit;
  limitLabel: string;
}

/** One year of the working-day calendar (GET /api/admin/calendar?year=). */
export interface CalendarYearView {
  year: number;
  /** Shipped without the State Council's 调休 arrangement: to be replaced once it is published. */
  provisional: boolean;
  days: CalendarDay[];
}

/** A room as the desk's caller lookup shows it: the path to pick it and who is registered there. */
export interface CallerHouse {
  project: NamedRef;
  building: NamedRef;
  unit: NamedRef;
  room: NamedRef;
  /** 小区 楼栋 单元 房号, as on a request. */
  label: string;
  /** The owner register's entries for the room, owners first. */
  registered: { name: string; phone: string; relation: 'owner' | 'family' | 'tenant'; relationLabel: string }[];
  /** Residents bound to the room in the mini-program. */
  residents: { name: string; phone: string }[];
}

/**
 * 代客登记's caller lookup (`GET /api/desk/callers`): the houses a phone number is registered
 * or bound to (or the room asked for), and the caller's recent requests, newest first.
 */
export interface CallerLookup {
  houses: CallerHouse[];
  recent: RequestSummary[];
}

/**
 * A QR login of a PC (`POST /api/auth/pc-login`): the ticket is the secret the QR carries; the
 * PC polls it until a member of staff scans and confirms it in the mini-program.
 */
export interface PcLoginTicket {
  ticket: string;
  /** What the QR encodes: `linli-pc-login:<ticket>`, read by 扫码登录电脑 in the mini-program. */
  qrPayload: string;
  expiresAt: string;
}

export type PcLoginStatus = 'pending' | 'scanned' | 'confirmed' | 'expired' | 'cancelled';

/** The PC's poll, and what the phone sees after scanning. */
export interface PcLoginState {
  status: PcLoginStatus;
  expiresAt: string;
  /** Who scanned it (scanned, confirmed), so the PC can say 「王小明 已扫码，请在手机上确认」. */
  scannedBy: { name: string; roleLabel: string } | null;
  /** The PC as it asked (shown on the phone before 确认登录). */
  device: { userAgent: string; ip: string };
  /** Only in the one poll that finds it confirmed: the PC's new login. The ticket is dead after. */
  tokens?: AuthTokens;
}

/** One of my logins (`GET /api/me/sessions`): this phone, other phones, PCs logged in by QR. */
export interface SessionView {
  id: string;
  device: 'pc' | 'app';
  /** The PC's browser and address as it asked for the QR; null for app logins. */
  userAgent: string | null;
  ip: string | null;
  startedAt: string;
  lastActiveAt: string;
  /** The login this request was made with. */
  current: boolean;
}
/** A staff member as 成员管理 lists them. */
export interface StaffMemberView {
  userId: number;
  name: string;
  phone: string | null;
  role: Role;
  active: boolean;
  title: string | null;
  departmentId: number | null;
  departmentName: string | null;
  projects: { id: number; name: string }[];
}

export type InvitationStatus = 'pending' | 'used' | 'expired';

export interface InvitationView {
  id: number;
  role: Role;
  departmentId: number | null;
  departmentName: string | null;
  projects: { id: number; name: string }[];
  name: string | null;
  title: string | null;
  /** Null for the system's invitation: the first 公司管理员's, made on the server (`npm run invite-admin`). */
  invitedBy: { userId: number; name: string } | null;
  expiresAt: string;
  usedAt: string | null;
  usedBy: { userId: number; name: string } | null;
  status: InvitationStatus;
  createdAt: string;
}

/** The answer to creating an invitation: the one time its code is shown. */
export interface CreatedInvitation {
  invitation: InvitationView;
  code: string;
  /** The mini-program page with the code, opened before login (main package); h5 puts it after `#`. */
  path: string;
}

/** One recorded admin change: who (null: the system), when, on what, before and after. */
export interface AdminChangeView {
  id: number;
  actor: { userId: number; name: string } | null;
  entity: string;
  entityId: number | null;
  /** The subject's key where it has no numeric id: a setting's key, a calendar's year. */
  entityKey: string | null;
  /** The project the change concerns, when it concerns one (a manager sees those of their projects). */
  projectId: number | null;
  action: string;
  before: unknown;
  after: unknown;
  createdAt: string;
}

/** A pickable project or department for the invitation and staff forms. */
export interface OptionView {
  id: number;
  name: string;
}

export interface StaffFormOptions {
  roles: Role[];
  departments: OptionView[];
  projects: OptionView[];
}

/** What the invited person sees before accepting. */
export type InvitationPreview = Pick<
  InvitationView,
  'role' | 'departmentName' | 'projects' | 'name' | 'title' | 'invitedBy' | 'expiresAt' | 'status'
>;
