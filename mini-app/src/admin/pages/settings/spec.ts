import {
  APPROVAL_TYPES,
  APPROVAL_TYPE_LABELS,
  APPROVER_ROLES,
  ROLE_LABELS,
  SETTING_SCHEMAS,
  formatZodIssues,
  type SettingKey,
  type Settings,
} from '@linli/shared';
import { firstErrors } from '../../../utils/form';

/**
 * 系统设置 as data: each group names its fields once (path into the stored value, label, kind),
 * and one renderer draws every group; values are checked by the same shared schema as the server.
 */
export type SettingField =
  | { path: string; label: string; kind: 'number'; unit: string; hint?: string }
  | { path: string; label: string; kind: 'role'; optional?: boolean };

export interface SettingForm {
  key: SettingKey;
  intro: string;
  fields: SettingField[];
}

/** Proposed by the system, not asked for by staff: never routed to an approver role by type. */
const TYPED_APPROVALS = APPROVAL_TYPES.filter((type) => type !== 'group_merge');

export const SETTING_FORMS: SettingForm[] = [
  {
    key: 'urge',
    intro: '业主两次催办之间至少间隔多久，以及催办几次后升级给主管、项目经理督办。',
    fields: [
      { path: 'intervalMinutes', label: '催办间隔', kind: 'number', unit: '分钟' },
      { path: 'supervisorAt', label: '升级到部门主管', kind: 'number', unit: '次催办' },
      { path: 'managerAt', label: '升级到项目经理', kind: 'number', unit: '次催办' },
    ],
  },
  {
    key: 'group_detection',
    intro: '同一项目、同一分类在一段时间内有多少位业主反映，就提议合并为群体投诉。',
    fields: [
      { path: 'threshold', label: '业主人数', kind: 'number', unit: '位' },
      { path: 'windowHours', label: '时间范围', kind: 'number', unit: '小时内' },
    ],
  },
  {
    key: 'approval_escalation',
    intro: '审批提交后多久仍未决定即升级督办：先提醒审批人，再逐级上报。无效判定另按时限规则「无效判定说明」计时。',
    fields: [{ path: 'afterHours', label: '待审批超过', kind: 'number', unit: '小时后督办' }],
  },
  {
    key: 'approvers',
    intro: '各类审批由谁决定；延期超过一定天数时改由更高一级审批。已提交的审批不受影响。',
    fields: [
      { path: 'default', label: '默认审批人', kind: 'role' },
      ...TYPED_APPROVALS.map((type): SettingField => ({
        path: `byType.${type}`,
        label: APPROVAL_TYPE_LABELS[type],
        kind: 'role',
        optional: true,
      })),
      { path: 'longExtensionDays', label: '长延期门槛', kind: 'number', unit: '天以上' },
      { path: 'longExtensionRole', label: '长延期审批人', kind: 'role' },
    ],
  },
];

export const ROLE_CHOICES = APPROVER_ROLES.map((role) => ({ id: role as string, label: ROLE_LABELS[role] }));
/** The chip meaning "no role of its own: the default approver decides". */
export const BY_DEFAULT = '';

export type Draft = Record<string, string>;

function read(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part], value);
}

export function toDraft(form: SettingForm, value: unknown): Draft {
  const draft: Draft = {};
  for (const field of form.fields) {
    const at = read(value, field.path);
    draft[field.path] = at === undefined || at === null ? '' : String(at);
  }
  return draft;
}

/** The draft as the stored value; numbers that are not numbers stay text so the schema names them. */
export function fromDraft(form: SettingForm, draft: Draft): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const field of form.fields) {
    const text = (draft[field.path] ?? '').trim();
    const parts = field.path.split('.');
    let target = value;
    for (const part of parts.slice(0, -1)) {
      target[part] = (target[part] as Record<string, unknown> | undefined) ?? {};
      target = target[part] as Record<string, unknown>;
    }
    const last = parts[parts.length - 1];
    if (field.kind === 'number') target[last] = text === '' ? undefined : /^\d+$/.test(text) ? Number(text) : text;
    else if (text !== '' || !field.optional) target[last] = text === '' ? undefined : text;
  }
  return value;
}

export function checkSetting<K extends SettingKey>(
  form: SettingForm & { key: K },
  draft: Draft,
): { ok: true; value: Settings[K] } | { ok: false; errors: Record<string, string> } {
  const parsed = SETTING_SCHEMAS[form.key].safeParse(fromDraft(form, draft));
  if (parsed.success) return { ok: true, value: parsed.data as Settings[K] };
  return { ok: false, errors: firstErrors(formatZodIssues(parsed.error)) };
}

/** How a field's default reads next to it: "默认 120 分钟", "默认 项目经理", "默认 按默认审批人". */
export function defaultText(field: SettingField, defaultValue: unknown): string {
  const at = read(defaultValue, field.path);
  if (field.kind === 'number') return `默认 ${String(at)} ${field.unit}`;
  if (at === undefined || at === null || at === '') return '默认 按默认审批人';
  return `默认 ${ROLE_LABELS[at as keyof typeof ROLE_LABELS] ?? String(at)}`;
}
