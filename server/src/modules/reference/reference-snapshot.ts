import type { DispatchMode } from '../organization/department.entity';
import type { Grade, RequestKind, Role, Settings, SlaPolicyRule, WorkCalendar } from '@linli/shared';

export interface CategoryRef {
  id: number;
  parentId: number | null;
  kind: RequestKind;
  name: string;
  defaultDepartmentId: number | null;
  defaultGrade: Grade;
  active: boolean;
}

export interface DepartmentRef {
  id: number;
  name: string;
  dispatchMode: DispatchMode;
  /** Off: disabled by an admin; new work routed to it waits at the desk instead. */
  active: boolean;
}

/** A staff-side account as the notices and the access checks need it. */
export interface StaffRefRow {
  userId: number;
  role: Role;
  name: string;
  title: string | null;
  departmentId: number | null;
  onDuty: boolean;
  /** Off: the account is disabled (it can neither log in nor take work). */
  active: boolean;
  /** Linked to the official account and not known to have unfollowed: their phone rings. */
  reachable: boolean;
  projectIds: ReadonlySet<number>;
}

/**
 * Everything that changes only when an admin edits the company's set-up, read in one go and
 * kept per process (issue 11): a create or a step then costs no reads of it at all.
 */
export interface ReferenceSnapshot {
  version: number;
  categories: ReadonlyMap<number, CategoryRef>;
  /** Categories with at least one active child: those are not leaves one may file under. */
  withActiveChildren: ReadonlySet<number>;
  /** `categoryId:projectId` → the project's own department for that category. */
  routes: ReadonlyMap<string, number>;
  departments: ReadonlyMap<number, DepartmentRef>;
  /** Projects an admin archived: no new filings there. */
  archivedProjects: ReadonlySet<number>;
  policies: readonly SlaPolicyRule[];
  calendar: WorkCalendar;
  staff: ReadonlyMap<number, StaffRefRow>;
  /** 系统设置 in force: stored groups over the environment's defaults. */
  settings: Settings;
}

export const routeKey = (categoryId: number, projectId: number) => `${categoryId}:${projectId}`;

/** The category and its ancestors, leaf first (a time-limit rule or a route may name any of them). */
export function categoryPath(snapshot: ReferenceSnapshot, categoryId: number): number[] {
  const path: number[] = [];
  for (let id: number | null = categoryId; id !== null && path.length < 10;) {
    path.push(id);
    id = snapshot.categories.get(id)?.parentId ?? null;
  }
  return path;
}

/** Staff of a department serving a project, by role, in user-id order (the notices' audience). */
export function departmentMembers(
  snapshot: ReferenceSnapshot,
  departmentId: number | null,
  projectId: number,
  roles: readonly Role[],
  onDutyOnly: boolean,
): number[] {
  if (departmentId === null) return [];
  return sortedIds(
    snapshot,
    (member) =>
      member.departmentId === departmentId &&
      member.active &&
      member.projectIds.has(projectId) &&
      roles.includes(member.role) &&
      (!onDutyOnly || member.onDuty),
  );
}

export function projectMembers(snapshot: ReferenceSnapshot, projectId: number, role: Role): number[] {
  return sortedIds(snapshot, (member) => member.role === role && member.active && member.projectIds.has(projectId));
}

export function companyAdmins(snapshot: ReferenceSnapshot): number[] {
  return sortedIds(snapshot, (member) => member.role === 'admin' && member.active);
}

/** Roles that can be handed a task (派单): the workers and their supervisors. */
export const HANDLER_ROLES: readonly Role[] = ['staff', 'supervisor'];

/**
 * Who can take a request of this department in this project: active handlers of the department
 * who serve the project, on duty or not (a person off duty can still be sent for, by hand).
 */
export function dispatchableMembers(
  snapshot: ReferenceSnapshot,
  departmentId: number | null,
  projectId: number,
): number[] {
  return departmentMembers(snapshot, departmentId, projectId, HANDLER_ROLES, false);
}

function sortedIds(snapshot: ReferenceSnapshot, keep: (member: StaffRefRow) => boolean): number[] {
  const ids: number[] = [];
  for (const member of snapshot.staff.values()) if (keep(member)) ids.push(member.userId);
  return ids.sort((a, b) => a - b);
}

/**
 * Where a category's requests go in a project: walking up from the leaf, at each level the
 * project's own route beats the tree's default, and the nearest level that names one wins.
 */
export function routedDepartment(snapshot: ReferenceSnapshot, categoryId: number, projectId: number): number | null {
  for (const id of categoryPath(snapshot, categoryId)) {
    const node = snapshot.categories.get(id);
    if (!node) break;
    const departmentId = snapshot.routes.get(routeKey(id, projectId)) ?? node.defaultDepartmentId;
    if (departmentId !== null) return departmentId;
  }
  return null;
}

/**
 * What keeps a request from being dispatched (issue 12), for the desk: its department has nobody
 * who can take it in its project, or its category's department had nobody and it came to the
 * desk. Null once someone holds it, or when nothing is in the way.
 */
export function dispatchWarning(
  snapshot: ReferenceSnapshot,
  request: { status: string; departmentId: number | null; categoryId: number; projectId: number },
): string | null {
  if (request.status !== 'received' && request.status !== 'accepted') return null;
  if (request.departmentId !== null) {
    if (dispatchableMembers(snapshot, request.departmentId, request.projectId).length > 0) return null;
    const name = snapshot.departments.get(request.departmentId)?.name ?? '该部门';
    return `${name}在本项目暂无可派人员，请转部门`;
  }
  const routed = routedDepartment(snapshot, request.categoryId, request.projectId);
  if (routed === null) return null;
  const name = snapshot.departments.get(routed)?.name ?? '默认部门';
  return `分类默认的${name}在本项目暂无可派人员，已转客服台，请选择处理部门`;
}
