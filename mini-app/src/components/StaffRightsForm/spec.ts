import { INVITATION_DEFAULT_HOURS, ROLE_LABELS, type Role, type StaffFormOptions } from '@linli/shared';

/** The values the invitation and member forms edit: one shape, so one renderer draws both. */
export interface RightsValues {
  role: Role | null;
  departmentId: number | null;
  projectIds: number[];
  title: string;
  name: string;
  expiresInHours: number;
}

export type RightsField =
  | { key: 'role' | 'departmentId' | 'expiresInHours'; label: string; kind: 'single'; optional?: boolean }
  | { key: 'projectIds'; label: string; kind: 'multi' }
  | { key: 'title' | 'name'; label: string; kind: 'text'; placeholder: string; maxLength: number };

/** Each resource names its fields once (STYLE.md, screens as data); the renderer follows. */
export const INVITATION_FIELDS: RightsField[] = [
  { key: 'role', label: '角色', kind: 'single' },
  { key: 'departmentId', label: '部门', kind: 'single', optional: true },
  { key: 'projectIds', label: '服务项目', kind: 'multi' },
  { key: 'name', label: '姓名（选填）', kind: 'text', placeholder: '被邀请人的姓名', maxLength: 40 },
  { key: 'title', label: '岗位（选填）', kind: 'text', placeholder: '如 水电维修工', maxLength: 50 },
  { key: 'expiresInHours', label: '有效期', kind: 'single' },
];

export const MEMBER_FIELDS: RightsField[] = [
  { key: 'role', label: '角色', kind: 'single' },
  { key: 'departmentId', label: '部门', kind: 'single', optional: true },
  { key: 'projectIds', label: '服务项目', kind: 'multi' },
  { key: 'title', label: '岗位', kind: 'text', placeholder: '如 水电维修工', maxLength: 50 },
];

export const EXPIRY_CHOICES = [
  { id: 24, label: '1 天' },
  { id: INVITATION_DEFAULT_HOURS, label: '3 天' },
  { id: 168, label: '7 天' },
];

/** The choices of a single/multi field from what the server says the caller may pick. */
export function choicesOf(
  key: RightsField['key'],
  options: StaffFormOptions,
): { id: number | string; label: string }[] {
  if (key === 'role') return options.roles.map((role) => ({ id: role, label: ROLE_LABELS[role] }));
  if (key === 'departmentId') return options.departments.map((d) => ({ id: d.id, label: d.name }));
  if (key === 'projectIds') return options.projects.map((p) => ({ id: p.id, label: p.name }));
  if (key === 'expiresInHours') return EXPIRY_CHOICES;
  return [];
}

export const emptyRights = (): RightsValues => ({
  role: null,
  departmentId: null,
  projectIds: [],
  title: '',
  name: '',
  expiresInHours: INVITATION_DEFAULT_HOURS,
});

/** Tapping a chosen project again leaves it out. */
export function toggled(ids: number[], id: number): number[] {
  return ids.includes(id) ? ids.filter((other) => other !== id) : [...ids, id];
}
