import { ADMIN_CHANGE_ENTITY_LABELS, ROLE_LABELS, type AdminChangeEntity, type Role } from '@linli/shared';

export const ACTION_LABELS: Record<string, string> = {
  create: '新建',
  update: '修改',
  deactivate: '停用',
  accept: '已接受',
  accept_invitation: '接受邀请加入',
  delete: '删除',
};

const FIELD_LABELS: Record<string, string> = {
  role: '角色',
  active: '状态',
  departmentId: '部门',
  projectIds: '项目',
  title: '岗位',
  name: '姓名',
  expiresAt: '有效期至',
  usedAt: '使用时间',
  usedByUserId: '使用人编号',
  invitationId: '邀请编号',
};

/** Department and project names by id, so a change reads 工程维修部 rather than 2. */
export interface ChangeNames {
  departments: ReadonlyMap<number, string>;
  projects: ReadonlyMap<number, string>;
}

export const entityLabel = (entity: string) => ADMIN_CHANGE_ENTITY_LABELS[entity as AdminChangeEntity] ?? entity;

function show(field: string, value: unknown, names?: ChangeNames): string {
  if (value === null || value === undefined) return '—';
  if (names && field === 'departmentId' && typeof value === 'number')
    return names.departments.get(value) ?? `#${value}`;
  if (names && field === 'projectIds' && Array.isArray(value)) {
    return value.length ? value.map((id: number) => names.projects.get(id) ?? `#${id}`).join('、') : '无';
  }
  if (field === 'role' && typeof value === 'string') return ROLE_LABELS[value as Role] ?? value;
  if (field === 'active') return value ? '在职' : '已停用';
  if (Array.isArray(value)) return value.length ? value.join('、') : '无';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Before → after, field by field, only what changed (everything for a create): the row an admin
 * reads to see who changed what.
 */
export function changedFields(
  before: unknown,
  after: unknown,
  names?: ChangeNames,
): { field: string; label: string; text: string }[] {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((key) => JSON.stringify(b[key]) !== JSON.stringify(a[key]))
    .map((key) => ({
      field: key,
      label: FIELD_LABELS[key] ?? key,
      text: before ? `${show(key, b[key], names)} → ${show(key, a[key], names)}` : show(key, a[key], names),
    }));
}
