import { z } from 'zod';
import { APPROVAL_TYPES, type ApprovalType, type ApproverRules } from '../approvals/types';
import type { Role } from '../roles';

/**
 * Settings an admin changes in 系统设置 (issue 14 §7). The environment gives each its default;
 * a stored value replaces the whole group. Each group is validated by its schema on the way in
 * and again when read, so a value stored by an older version never reaches the code unchecked.
 */
export const SETTING_KEYS = ['approvers', 'group_detection', 'urge', 'approval_escalation'] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

export const SETTING_LABELS: Record<SettingKey, string> = {
  approvers: '审批人规则',
  group_detection: '群诉识别',
  urge: '催办',
  approval_escalation: '审批督办',
};

/** Roles that may decide an approval (never residents or the workers asking for it). */
export const APPROVER_ROLES = ['receptionist', 'supervisor', 'manager', 'admin'] as const satisfies readonly Role[];
const approverRole = z.enum(APPROVER_ROLES, { error: '审批人只能是客服接待、部门主管、项目经理或公司管理员' });

export const approverRulesSchema = z.object({
  default: approverRole,
  byType: z.partialRecord(z.enum(APPROVAL_TYPES, { error: '审批类型无效' }), approverRole).default({}),
  longExtensionDays: z
    .number({ error: '请填写天数' })
    .int('天数应为整数')
    .min(1, '天数至少为 1')
    .max(365, '天数不能超过 365'),
  longExtensionRole: approverRole,
});

/** Whether detection runs at all stays the deployment's GROUP_DETECTION switch; these say what a group is. */
export const groupDetectionSchema = z.object({
  threshold: z
    .number({ error: '请填写人数' })
    .int('人数应为整数')
    .min(2, '至少 2 位业主才算群诉')
    .max(100, '人数不能超过 100'),
  windowHours: z
    .number({ error: '请填写时长' })
    .int('时长应为整数')
    .min(1, '时长至少 1 小时')
    .max(720, '时长不能超过 720 小时（30 天）'),
});

export const urgeSettingsSchema = z
  .object({
    intervalMinutes: z
      .number({ error: '请填写间隔' })
      .int('间隔应为整数')
      .min(5, '间隔至少 5 分钟')
      .max(1440, '间隔不能超过 1440 分钟（一天）'),
    supervisorAt: z
      .number({ error: '请填写次数' })
      .int('次数应为整数')
      .min(1, '次数至少为 1')
      .max(50, '次数不能超过 50'),
    managerAt: z.number({ error: '请填写次数' }).int('次数应为整数').min(1, '次数至少为 1').max(50, '次数不能超过 50'),
  })
  .refine((value) => value.managerAt > value.supervisorAt, {
    path: ['managerAt'],
    message: '升级到项目经理的次数应多于升级到主管的次数',
  });

/**
 * A pending approval is due this many hours after it was asked for; from then on it escalates like
 * a time limit (issue 15): nearly due to whoever decides it, then one level up at a time.
 */
export const approvalEscalationSchema = z.object({
  afterHours: z
    .number({ error: '请填写时长' })
    .int('时长应为整数')
    .min(1, '时长至少 1 小时')
    .max(720, '时长不能超过 720 小时（30 天）'),
});

export const SETTING_SCHEMAS = {
  approvers: approverRulesSchema,
  group_detection: groupDetectionSchema,
  urge: urgeSettingsSchema,
  approval_escalation: approvalEscalationSchema,
} as const;

export type GroupDetectionSettings = z.output<typeof groupDetectionSchema>;
export type UrgeSettings = z.output<typeof urgeSettingsSchema>;
export type ApprovalEscalationSettings = z.output<typeof approvalEscalationSchema>;

export interface Settings {
  approvers: ApproverRules;
  group_detection: GroupDetectionSettings;
  urge: UrgeSettings;
  approval_escalation: ApprovalEscalationSettings;
}

/** The defaults when the environment says nothing (DOMAIN.md: 5 residents in 72 h; 2 h between urges; 3 and 5 urges). */
export const BUILT_IN_GROUP_DETECTION: GroupDetectionSettings = { threshold: 5, windowHours: 72 };
export const BUILT_IN_URGE: UrgeSettings = { intervalMinutes: 120, supervisorAt: 3, managerAt: 5 };
/** An approval left undecided for a day is chased, as any other late step. */
export const BUILT_IN_APPROVAL_ESCALATION: ApprovalEscalationSettings = { afterHours: 24 };

export interface SettingView<K extends SettingKey = SettingKey> {
  key: K;
  label: string;
  value: Settings[K];
  /** What the environment gives when nothing is stored (重置 returns to it). */
  defaultValue: Settings[K];
  overridden: boolean;
  updatedByName: string | null;
  updatedAt: string | null;
}

export type ApproverTypeRole = Partial<Record<ApprovalType, Role>>;

/** "两小时", "90 分钟": how an urge interval is said to the resident. */
export function formatUrgeInterval(minutes: number): string {
  if (minutes % 60 === 0) {
    const hours = minutes / 60;
    return hours === 2 ? '两小时' : `${hours} 小时`;
  }
  return `${minutes} 分钟`;
}

/** 微信模板 (read-only): which template each message slot uses, mapped field by field, and what is wrong. */
export interface WechatTemplateSlotView {
  channel: 'subscribe' | 'official_account';
  slot: string;
  purpose: string;
  templateId: string | null;
  title: string | null;
  fields: Array<{ field: string; key: string | null }>;
  /** Empty when the slot is usable; otherwise why (missing, unmapped field, malformed key). */
  problems: string[];
}

export interface WechatTemplatesView {
  /** `demo`: WECHAT_TEMPLATES is unset and the sandbox's demo templates are used. */
  source: 'environment' | 'demo';
  valid: boolean;
  slots: WechatTemplateSlotView[];
}
