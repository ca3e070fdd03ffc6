import {
  ADMIN_CHANGE_ENTITY_LABELS,
  DISPATCH_MODE_LABELS,
  PROJECT_KIND_LABELS,
  ROLE_LABELS,
  formatShanghaiTime,
  type AdminChangeEntity,
  type DispatchModeCode,
  type ProjectKindCode,
  type Role,
} from '@linli/shared';

export const ACTION_LABELS: Record<string, string> = {
  create: '新建',
  update: '修改',
  deactivate: '停用',
  accept: '已接受',
  accept_invitation: '接受邀请加入',
  delete: '删除',
  archive: '归档',
  restore: '取消归档',
  enable: '启用',
  disable: '停用',
  rooms_batch: '批量创建房间',
  route: '设置项目派单',
  route_reset: '项目派单恢复分类默认',
  reset: '恢复默认',
};

/** Besides the six 操作记录 filters: what a project's edits touch inside it. */
const MORE_ENTITY_LABELS: Record<string, string> = { building: '楼栋', unit: '单元', room: '房间' };

const FIELD_LABELS: Record<string, string> = {
  role: '角色',
  active: '状态',
  departmentId: '部门',
  projectIds: '项目',
  title: '岗位',
  name: '名称',
  expiresAt: '有效期至',
  usedAt: '使用时间',
  usedByUserId: '使用人编号',
  invitationId: '邀请编号',
  kind: '类型',
  areaSqm: '建筑面积',
  households: '户数',
  archived: '归档',
  dispatchMode: '派单方式',
  supervisorUserId: '主管编号',
  memberUserIds: '成员编号',
  floor: '楼层',
  occupied: '入住',
  pattern: '规则',
  created: '新建房间',
  buildings: '新建楼栋',
  units: '新建单元',
  parentId: '上级分类编号',
  defaultDepartmentId: '默认部门',
  defaultGrade: '默认等级',
  projectId: '项目',
};

/** Where people are the subject, a name is a person's and "active" is 在职. */
const PEOPLE: readonly string[] = ['staff', 'invitation'];

/**
 * Names for the ids a change records, so it reads 工程维修部 rather than 2; `fields` labels the
 * paths of a setting's value (urge.intervalMinutes → 催办 · 催办间隔).
 */
export interface ChangeNames {
  departments: ReadonlyMap<number, string>;
  projects: ReadonlyMap<number, string>;
  fields?: ReadonlyMap<string, string>;
}

export const entityLabel = (entity: string) =>
  ADMIN_CHANGE_ENTITY_LABELS[entity as AdminChangeEntity] ?? MORE_ENTITY_LABELS[entity] ?? entity;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function show(field: string, value: unknown, entity: string, names?: ChangeNames): string {
  if (value === null || value === undefined) return '—';
  const department = (id: number) => names?.departments.get(id) ?? `#${id}`;
  if ((field === 'departmentId' || field === 'defaultDepartmentId') && typeof value === 'number')
    return department(value);
  if (field === 'projectId' && typeof value === 'number') return names?.projects.get(value) ?? `#${value}`;
  if (names && field === 'projectIds' && Array.isArray(value)) {
    return value.length ? value.map((id: number) => names.projects.get(id) ?? `#${id}`).join('、') : '无';
  }
  if (field === 'active') return PEOPLE.includes(entity) ? (value ? '在职' : '已停用') : value ? '启用' : '停用';
  if (field === 'occupied') return value ? '入住' : '空置';
  if (field === 'kind' && typeof value === 'string') return PROJECT_KIND_LABELS[value as ProjectKindCode] ?? value;
  if (field === 'dispatchMode' && typeof value === 'string')
    return DISPATCH_MODE_LABELS[value as DispatchModeCode] ?? value;
  if (field === 'areaSqm' && typeof value === 'number') return `${value.toLocaleString()} m²`;
  if (field === 'pattern' && typeof value === 'object') {
    const p = value as Record<string, number>;
    return `${p.buildings} 栋 × ${p.units} 单元 × ${p.floors} 层 × ${p.perFloor} 户`;
  }
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string' && ISO_TIME.test(value)) return formatShanghaiTime(value);
  if (typeof value === 'string' && value in ROLE_LABELS) return ROLE_LABELS[value as Role];
  if (Array.isArray(value)) return value.length ? value.join('、') : '无';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A setting's value is a group of values (and approvers' byType one more): one line per leaf. */
function flatten(record: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value) && key !== 'pattern') {
      Object.assign(out, flatten(value as Record<string, unknown>, path));
    } else out[path] = value;
  }
  return out;
}

function label(key: string, entity: string, names?: ChangeNames): string {
  if (key === 'name' && PEOPLE.includes(entity)) return '姓名';
  return names?.fields?.get(key) ?? FIELD_LABELS[key] ?? key;
}

/**
 * Before → after, field by field, only what changed (everything for a create), and the project a
 * route is for: the row an admin reads to see who changed what.
 */
export function changedFields(
  before: unknown,
  after: unknown,
  names?: ChangeNames,
  entity = 'staff',
): { field: string; label: string; text: string }[] {
  const b = flatten((before && typeof before === 'object' ? before : {}) as Record<string, unknown>);
  const a = flatten((after && typeof after === 'object' ? after : {}) as Record<string, unknown>);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((key) => key === 'projectId' || JSON.stringify(b[key]) !== JSON.stringify(a[key]))
    .map((key) => ({
      field: key,
      label: label(key, entity, names),
      text:
        before && key !== 'projectId'
          ? `${show(key, b[key], entity, names)} → ${show(key, a[key], entity, names)}`
          : show(key, a[key] ?? b[key], entity, names),
    }));
}
