import type { Grade, RequestKind, RequestSource } from './kinds';
import type { LifecycleAction, RequestStatus } from './lifecycle';
import type { Role } from './roles';
import type { FieldError } from './schemas/fields';

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

export interface NamedRef {
  id: number;
  name: string;
}

export interface RoomView extends NamedRef {
  floor: number;
}

export type HouseBindingStatus = 'bound' | 'pending' | 'rejected';

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
  createdAt: string;
}

export interface RequestEventView {
  id: number;
  action: LifecycleAction;
  actionLabel: string;
  actorName: string;
  actorRole: Role | 'system';
  actorRoleLabel: string;
  fromStatus: RequestStatus | null;
  toStatus: RequestStatus;
  note: string | null;
  createdAt: string;
}

export interface RequestDetail extends RequestSummary {
  content: string;
  grade: Grade;
  gradeLabel: string;
  source: RequestSource;
  sourceLabel: string;
  occurredAt: string | null;
  occurredPlace: string | null;
  demand: string | null;
  contactName: string;
  contactPhone: string;
  roomLabel: string | null;
  departmentName: string | null;
  events: RequestEventView[];
  /** What the caller may do now, from the lifecycle (the buttons to show). */
  actions: LifecycleAction[];
}
