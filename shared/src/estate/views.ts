import type { DispatchModeCode, ProjectKindCode } from '../schemas/estate';

export interface AdminProjectView {
  id: number;
  name: string;
  kind: ProjectKindCode;
  areaSqm: number | null;
  households: number | null;
  /** ISO time it was archived; archived projects take no new bindings or filings. */
  archivedAt: string | null;
  roomCount: number;
  requestCount: number;
}

export interface AdminUnitView {
  id: number;
  name: string;
  roomCount: number;
}
export interface AdminBuildingView {
  id: number;
  name: string;
  units: AdminUnitView[];
}
export interface AdminRoomView {
  id: number;
  name: string;
  floor: number;
  occupied: boolean;
  /** Residents bound to it now: a room with any is not renamed away silently. */
  bindings: number;
}

export interface RoomBatchResult {
  created: number;
  buildings: number;
  units: number;
}

export interface AdminMemberView {
  userId: number;
  name: string;
  title: string | null;
  role: string;
  onDuty: boolean;
}

export interface AdminDepartmentView {
  id: number;
  code: string;
  name: string;
  dispatchMode: DispatchModeCode;
  active: boolean;
  supervisorUserId: number | null;
  members: AdminMemberView[];
  projectIds: number[];
}
