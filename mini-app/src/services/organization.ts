import type { DepartmentView, StaffOption } from '@linli/shared';
import { request } from './http';

/** With a project: each department says how many can take that project's requests (`dispatchable`). */
export function listDepartments(projectId?: number | null): Promise<DepartmentView[]> {
  return request<DepartmentView[]>('/api/departments', { query: { projectId: projectId ?? undefined }, toast: false });
}

/** A department's members for the dispatch picker, with who is on duty and their open tasks. */
export function departmentStaff(departmentId: number, projectId?: number | null): Promise<StaffOption[]> {
  return request<StaffOption[]>(`/api/departments/${departmentId}/staff`, {
    query: { projectId: projectId ?? undefined },
    toast: false,
  });
}
