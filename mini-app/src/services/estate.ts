import type {
  AdminBuildingView,
  AdminDepartmentView,
  AdminMemberView,
  AdminProjectView,
  AdminRoomView,
  DepartmentInput,
  DutyInput,
  Page,
  ProjectInput,
  RoomBatchResult,
  RoomEditInput,
  RoomPatternInput,
} from '@linli/shared';
import { request } from './http';

/** The set-up screens' API (issue 14): projects, buildings → units → rooms, departments, 在岗/休息. */
export const adminProjects = (page: number, pageSize = 20) =>
  request<Page<AdminProjectView>>('/api/admin/projects', { query: { page, pageSize } });
export const adminProject = (id: number) => request<AdminProjectView>(`/api/admin/projects/${id}`);
export const createProject = (data: ProjectInput) =>
  request<AdminProjectView>('/api/admin/projects', { method: 'POST', data, idempotent: true });
export const updateProject = (id: number, data: ProjectInput) =>
  request<AdminProjectView>(`/api/admin/projects/${id}`, { method: 'PUT', data });
export const archiveProject = (id: number, archived: boolean) =>
  request<AdminProjectView>(`/api/admin/projects/${id}/${archived ? 'archive' : 'restore'}`, { method: 'POST' });
export const deleteProject = (id: number) => request<void>(`/api/admin/projects/${id}`, { method: 'DELETE' });

export const adminBuildings = (projectId: number) =>
  request<AdminBuildingView[]>(`/api/admin/projects/${projectId}/buildings`);
export const batchRooms = (projectId: number, data: RoomPatternInput) =>
  request<RoomBatchResult>(`/api/admin/projects/${projectId}/rooms/batch`, {
    method: 'POST',
    data,
    toast: false,
    idempotent: true,
  });
export const adminRooms = (unitId: number) => request<AdminRoomView[]>(`/api/admin/units/${unitId}/rooms`);
export const updateRoom = (id: number, data: RoomEditInput) =>
  request<AdminRoomView>(`/api/admin/rooms/${id}`, { method: 'PUT', data });

export const adminDepartments = () => request<AdminDepartmentView[]>('/api/admin/departments');
export const adminDepartment = (id: number) => request<AdminDepartmentView>(`/api/admin/departments/${id}`);
export const adminStaff = () =>
  request<Array<AdminMemberView & { departmentId: number | null }>>('/api/admin/department-members');
export const createDepartment = (data: DepartmentInput) =>
  request<AdminDepartmentView>('/api/admin/departments', { method: 'POST', data, idempotent: true });
export const updateDepartment = (id: number, data: DepartmentInput) =>
  request<AdminDepartmentView>(`/api/admin/departments/${id}`, { method: 'PUT', data });
export const setDepartmentActive = (id: number, active: boolean) =>
  request<AdminDepartmentView>(`/api/admin/departments/${id}/${active ? 'enable' : 'disable'}`, { method: 'POST' });

export const myDuty = () => request<DutyInput>('/api/me/duty', { toast: false });
export const setMyDuty = (onDuty: boolean) => request<DutyInput>('/api/me/duty', { method: 'PUT', data: { onDuty } });
