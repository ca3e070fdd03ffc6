import {
  ADMIN_CHANGE_ENTITY_LABELS,
  DISPATCH_MODE_LABELS,
  GRADE_LABELS,
  KIND_LABELS,
  PROJECT_KIND_LABELS,
  REGISTER_OUTCOME_LABELS,
  ROLE_LABELS,
  formatShanghaiTime,
  SETTING_LABELS,
  SLA_STEP_LABELS,
  type AdminChangeEntity,
  type AdminChangeView,
  type DispatchModeCode,
  type Grade,
  type ProjectKindCode,
  type RequestKind,
  type Role,
  type SettingKey,
  type SlaStep,
} from '@linli/shared';

export const ACTION_LABELS: Record<string, string> = {
  create: '新建',
  update: '修改',
  delete: '删除',
  deactivate: '停用',
  accept: '已接受',
  accept_invitation: '接受邀请加入',
  archive: '归档',
  restore: '取消归档',
  batch: '按规则批量创建',
  enable: '启用',
  disable: '停用',
  on_duty: '切换为在岗',
  off_duty: '切换为休息',
  set: '设置项目派单部门',
  clear: '改回分类默认部门',
  reset: '恢复默认',
  replace: '整年替换',
  import: '确认导入',
};

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
  areaSqm: '建筑面积（m²）',
  households: '户数',
  archived: '归档',
  pattern: '规则',
  created: '新建房间',
  buildings: '新建楼栋',
  units: '新建单元',
  floor: '楼层',
  occupied: '入住',
  dispatchMode: '派单方式',
  supervisor: '主管',
  members: '成员',
  onDuty: '在岗状态',
  parentId: '上级分类',
  defaultDepartmentId: '默认部门',
  defaultGrade: '默认等级',
  grade: '等级',
  categoryId: '分类',
  step: '环节',
  limit: '时限',
  provisional: '暂定',
  holidays: '放假',
  workdays: '调休上班',
  fileName: '文件',
  ...REGISTER_OUTCOME_LABELS,
};

/** Where one subject calls a field otherwise than the rest. */
const ENTITY_FIELD_LABELS: Partial<Record<AdminChangeEntity, Record<string, string>>> = {
  staff: { name: '姓名' },
  invitation: { name: '姓名' },
  room: { name: '房号' },
  department: { projectIds: '服务项目' },
  category_route: { departmentId: '派单部门' },
};

/** Department and project names by id, so a change reads 工程维修部 rather than 2. */
export interface ChangeNames {
  departments: ReadonlyMap<number, string>;
  projects: ReadonlyMap<number, string>;
}

/** A setting group's fields as 系统设置 names them (`path` into the stored value). */
export interface SettingFieldLabel {
  path: string;
  label: string;
  kind: 'number' | 'role';
  unit?: string;
}
export type SettingFieldLabels = Partial<Record<string, SettingFieldLabel[]>>;

export interface ChangeField {
  field: string;
  label: string;
  text: string;
}

export const entityLabel = (entity: string) => ADMIN_CHANGE_ENTITY_LABELS[entity as AdminChangeEntity] ?? entity;

/** 项目 · 阳光花园, 系统设置 · 催办, 分类 #12: what the change is about, in words where the page knows them. */
export function subjectLabel(
  change: Pick<AdminChangeView, 'entity' | 'entityId' | 'entityKey' | 'projectId'>,
  names?: ChangeNames,
): string {
  const parts = [entityLabel(change.entity)];
  if (change.entity === 'setting' && change.entityKey) {
    parts.push(SETTING_LABELS[change.entityKey as SettingKey] ?? change.entityKey);
  } else if (change.entity === 'calendar' && change.entityKey) {
    parts.push(`${change.entityKey} 年`);
  } else if (change.entityId && change.entity !== 'project' && change.entity !== 'duty') {
    parts.push(`#${change.entityId}`);
  }
  if (change.projectId) parts.push(names?.projects.get(change.projectId) ?? `项目 #${change.projectId}`);
  return parts.join(' · ');
}

const yesNo = (value: unknown, yes: string, no: string) => (value ? yes : no);

function show(entity: string, field: string, value: unknown, names?: ChangeNames): string {
  if (value === null || value === undefined) {
    if (entity === 'sla_policy' && ['kind', 'grade', 'categoryId'].includes(field)) return '不限';
    if (field === 'parentId') return '顶级';
    return '—';
  }
  if ((field === 'departmentId' || field === 'defaultDepartmentId') && typeof value === 'number') {
    return names?.departments.get(value) ?? `#${value}`;
  }
  if (field === 'projectIds' && Array.isArray(value)) {
    return value.length ? value.map((id: number) => names?.projects.get(id) ?? `#${id}`).join('、') : '无';
  }
  if ((field === 'parentId' || field === 'categoryId') && typeof value === 'number') return `#${value}`;
  if (field === 'role' && typeof value === 'string') return ROLE_LABELS[value as Role] ?? value;
  if (field === 'kind' && typeof value === 'string') {
    return entity === 'project'
      ? (PROJECT_KIND_LABELS[value as ProjectKindCode] ?? value)
      : (KIND_LABELS[value as RequestKind] ?? value);
  }
  if ((field === 'grade' || field === 'defaultGrade') && typeof value === 'string') {
    return `${value} ${GRADE_LABELS[value as Grade] ?? ''}`.trim();
  }
  if (field === 'step' && typeof value === 'string') return SLA_STEP_LABELS[value as SlaStep] ?? value;
  if (field === 'dispatchMode' && typeof value === 'string') {
    return DISPATCH_MODE_LABELS[value as DispatchModeCode] ?? value;
  }
  if (field === 'active') return entity === 'staff' ? yesNo(value, '在职', '已停用') : yesNo(value, '启用', '停用');
  if (field === 'archived') return yesNo(value, '已归档', '未归档');
  if (field === 'occupied') return yesNo(value, '已入住', '空置');
  if (field === 'onDuty') return yesNo(value, '在岗', '休息');
  if (field === 'provisional') return yesNo(value, '是', '否');
  if ((field === 'expiresAt' || field === 'usedAt') && typeof value === 'string') {
    return formatShanghaiTime(value) || value;
  }
  if (field === 'pattern' && typeof value === 'object') {
    const p = value as Record<string, unknown>;
    return `${p.buildings} 栋 × ${p.units} 单元 × ${p.floors} 层 × ${p.perFloor} 户`;
  }
  if (typeof value === 'boolean') return yesNo(value, '是', '否');
  if (Array.isArray(value)) return value.length ? value.join('、') : '无';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const asRecord = (value: unknown) => (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;

function read(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((at, part) => asRecord(at)[part], value);
}

/** A setting group's change, field by field as 系统设置 shows them (a role by name, a number with its unit). */
function settingFields(fields: SettingFieldLabel[], before: unknown, after: unknown): ChangeField[] {
  const text = (field: SettingFieldLabel, value: unknown) => {
    if (value === undefined || value === null || value === '') return field.kind === 'role' ? '按默认审批人' : '—';
    if (field.kind === 'role') return ROLE_LABELS[value as Role] ?? String(value);
    return field.unit ? `${String(value)} ${field.unit}` : String(value);
  };
  return fields
    .filter((field) => !before || JSON.stringify(read(before, field.path)) !== JSON.stringify(read(after, field.path)))
    .filter((field) => before || read(after, field.path) !== undefined)
    .map((field) => {
      const b = text(field, read(before, field.path));
      const a = text(field, read(after, field.path));
      return { field: field.path, label: field.label, text: before && after ? `${b} → ${a}` : after ? a : b };
    });
}

/**
 * Before → after, field by field, only what changed: everything for a create (and for a removal,
 * what was removed). An edit records the fields it set as `after`: those are what it may have changed.
 */
export function changedFields(
  change: Pick<AdminChangeView, 'entity' | 'entityKey' | 'before' | 'after'>,
  names?: ChangeNames,
  settings?: SettingFieldLabels,
): ChangeField[] {
  const { entity, before, after } = change;
  const forms = entity === 'setting' && change.entityKey ? settings?.[change.entityKey] : undefined;
  if (forms) return settingFields(forms, before, after);
  const b = asRecord(before);
  const a = asRecord(after);
  const both = Boolean(before && after);
  const keys = Object.keys(after ? a : b);
  const labels = { ...FIELD_LABELS, ...ENTITY_FIELD_LABELS[entity as AdminChangeEntity] };
  return keys
    .filter((key) => !both || JSON.stringify(b[key]) !== JSON.stringify(a[key]))
    .map((key) => ({
      field: key,
      label: labels[key] ?? key,
      text: both
        ? `${show(entity, key, b[key], names)} → ${show(entity, key, a[key], names)}`
        : show(entity, key, after ? a[key] : b[key], names),
    }));
}
