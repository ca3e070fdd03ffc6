import { z } from 'zod';
import type { Role } from '../roles';
import { paginationSchema } from './pagination';

/** The roles an invitation or a staff edit may give: every staff-side role (never resident). */
export const STAFF_ROLES = [
  'receptionist',
  'staff',
  'supervisor',
  'manager',
  'admin',
] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * What a project manager may hand out: the roles below their own, for their own projects.
 * Admins hand out every staff role over any project.
 */
export const MANAGER_GRANTABLE_ROLES: readonly StaffRole[] = ['receptionist', 'staff', 'supervisor'];

export const INVITATION_DEFAULT_HOURS = 72;
export const INVITATION_MAX_HOURS = 24 * 30;

const role = z.enum(STAFF_ROLES, { error: '请选择角色' });
const departmentId = z
  .number({ error: '部门无效' })
  .int('部门无效')
  .positive('部门无效')
  .nullable()
  .optional()
  .transform((value) => value ?? null);
const projectIds = z
  .array(z.number({ error: '项目无效' }).int('项目无效').positive('项目无效'), { error: '请选择项目' })
  .max(50, '最多选择 50 个项目')
  .transform((ids) => [...new Set(ids)]);

export const invitationSchema = z
  .object({
    role,
    departmentId,
    projectIds,
    name: z
      .string({ error: '姓名无效' })
      .trim()
      .max(40, '姓名最多 40 个字')
      .optional()
      .transform((value) => (value ? value : null)),
    title: z
      .string({ error: '岗位无效' })
      .trim()
      .max(50, '岗位最多 50 个字')
      .optional()
      .transform((value) => (value ? value : null)),
    expiresInHours: z
      .number({ error: '有效期无效' })
      .int('有效期应为整数小时')
      .min(1, '有效期至少 1 小时')
      .max(INVITATION_MAX_HOURS, `有效期最长 ${INVITATION_MAX_HOURS} 小时（30 天）`)
      .default(INVITATION_DEFAULT_HOURS),
  })
  .superRefine((value, ctx) => {
    // Everyone below an admin serves named projects; without one they would see nothing.
    if (value.role !== 'admin' && value.projectIds.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['projectIds'], message: '请至少选择一个项目' });
    }
  });
export type InvitationInput = z.input<typeof invitationSchema>;
export type InvitationValues = z.output<typeof invitationSchema>;

export const staffUpdateSchema = z
  .object({
    role: role.optional(),
    departmentId: z.number({ error: '部门无效' }).int('部门无效').positive('部门无效').nullable().optional(),
    projectIds: projectIds.optional(),
    title: z.string({ error: '岗位无效' }).trim().min(1, '请填写岗位').max(50, '岗位最多 50 个字').optional(),
  })
  .refine((value) => Object.values(value).some((field) => field !== undefined), {
    message: '没有要修改的内容',
    path: ['role'],
  });
export type StaffUpdateInput = z.input<typeof staffUpdateSchema>;
export type StaffUpdateValues = z.output<typeof staffUpdateSchema>;

export const staffListQuerySchema = paginationSchema.extend({
  role: role.optional(),
  departmentId: z.coerce.number({ error: '部门无效' }).int('部门无效').positive('部门无效').optional(),
  active: z
    .enum(['true', 'false'], { error: '状态无效' })
    .optional()
    .transform((value) => (value === undefined ? undefined : value === 'true')),
});
export type StaffListQuery = z.output<typeof staffListQuerySchema>;

/**
 * What an admin change is about. Every set-up change of the company is recorded in the one log
 * (`admin_change`), whichever screen made it; the 操作记录 page filters by these.
 */
export const ADMIN_CHANGE_ENTITIES = [
  'project',
  'building',
  'unit',
  'room',
  'department',
  'duty',
  'category',
  'category_route',
  'setting',
  'sla_policy',
  'calendar',
  'owner_register',
  'staff',
  'invitation',
] as const;
export type AdminChangeEntity = (typeof ADMIN_CHANGE_ENTITIES)[number];
export const ADMIN_CHANGE_ENTITY_LABELS: Record<AdminChangeEntity, string> = {
  project: '项目',
  building: '楼栋',
  unit: '单元',
  room: '房间',
  department: '部门',
  duty: '在岗状态',
  category: '分类',
  category_route: '派单路由',
  setting: '系统设置',
  sla_policy: '时限规则',
  calendar: '工作日历',
  owner_register: '业主名册导入',
  staff: '成员',
  invitation: '邀请',
};

const positiveId = (label: string) =>
  z.coerce
    .number({ error: `${label}无效` })
    .int(`${label}无效`)
    .positive(`${label}无效`);

export const adminChangeQuerySchema = paginationSchema.extend({
  entity: z.enum(ADMIN_CHANGE_ENTITIES, { error: '对象类型无效' }).optional(),
  entityId: positiveId('对象编号').optional(),
  projectId: positiveId('项目').optional(),
});
export type AdminChangeQuery = z.output<typeof adminChangeQuerySchema>;

/** The invitation code as it appears in a link or a mini-program code's scene (≤ 32 visible chars). */
export const invitationCodeSchema = z
  .string({ error: '邀请码无效' })
  .regex(/^[A-Za-z0-9_-]{16,32}$/, '邀请码无效，请向邀请人索取新的邀请');

/**
 * What the invited person may add on accepting: their name, when neither their account nor the
 * invitation has one (WeChat gives no names, and staff are known by theirs on every timeline).
 */
export const invitationAcceptSchema = z.object({
  name: z
    .string({ error: '姓名无效' })
    .trim()
    .max(40, '姓名最多 40 个字')
    .optional()
    .transform((value) => (value ? value : null)),
});
export type InvitationAcceptInput = z.input<typeof invitationAcceptSchema>;

export const wxacodeRequestSchema = z.object({ code: invitationCodeSchema });
