import { z } from 'zod';
import { REQUEST_SOURCES } from '../kinds';
import { photoIds } from './actions';
import { complaintFormSchema } from './complaint';
import { id, optionalPastDateTime, optionalText, phone, text } from './fields';
import { repairUrgency } from './urgency';

export const REPAIR_SCOPES = ['in_home', 'common_area'] as const;
export type RepairScopeValue = (typeof REPAIR_SCOPES)[number];
export const REPAIR_SCOPE_LABELS: Record<RepairScopeValue, string> = { in_home: '入户维修', common_area: '公共维修' };

const optionalFutureDateTime = (label: string) =>
  z
    .string({ error: `${label}格式不正确` })
    .datetime({ offset: true, error: `${label}格式不正确`, abort: true })
    .refine((value) => new Date(value).getTime() >= Date.now() - 5 * 60 * 1000, `${label}不能早于现在`)
    .optional()
    .nullable()
    .transform((value) => value ?? null);

/** A repair request (报修): what is broken, where, which model, and when the resident is home. */
export const repairFormSchema = z.object({
  kind: z.literal('repair', { error: '诉求类型无效' }),
  houseBindingId: id('房屋'),
  categoryId: id('报修分类'),
  repairScope: z.enum(REPAIR_SCOPES, { error: '请选择入户维修或公共维修' }),
  urgency: repairUrgency.default('normal'),
  repairItem: text('报修物品', { max: 100 }),
  repairLocation: text('具体位置', { max: 100 }),
  repairModel: optionalText('材料/型号', 100),
  appointmentAt: optionalFutureDateTime('预约上门时间'),
  content: text('故障描述', { min: 5, max: 500 }),
  contactName: text('联系人', { max: 20 }),
  contactPhone: phone(),
  photoIds,
});

/** A suggestion or consultation (建议/咨询). */
export const suggestionFormSchema = z.object({
  kind: z.literal('suggestion', { error: '诉求类型无效' }),
  houseBindingId: id('房屋'),
  categoryId: id('建议分类'),
  content: text('建议内容', { min: 5, max: 500 }),
  contactName: text('联系人', { max: 20 }),
  contactPhone: phone(),
  photoIds,
});

/** The three forms as one documented shape (OpenAPI). */
export const requestFormDocSchema = z.discriminatedUnion('kind', [
  complaintFormSchema.extend({ photoIds }),
  repairFormSchema,
  suggestionFormSchema,
]);

/**
 * What a resident files from the mini-app, by kind. Unlike a plain discriminated union, a body
 * with no or an unknown kind is checked as a complaint, so every missing field is named at once
 * instead of only "kind".
 */
export const requestFormSchema = z.unknown().transform((input, ctx): z.output<typeof requestFormDocSchema> => {
  const kind = (input as { kind?: unknown } | null)?.kind;
  const schema =
    kind === 'repair'
      ? repairFormSchema
      : kind === 'suggestion'
        ? suggestionFormSchema
        : complaintFormSchema.extend({ photoIds });
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  for (const issue of result.error.issues)
    ctx.addIssue({ ...issue, code: 'custom', message: issue.message, path: issue.path });
  return z.NEVER;
});
export type RequestFormInput = z.input<typeof requestFormDocSchema>;
export type RequestForm = z.output<typeof requestFormDocSchema>;

/**
 * 代客登记: a receptionist registers what came by phone, visit, letter… on a resident's behalf.
 * The room is optional (a passer-by may complain about a common area); the source is required.
 */
export const intakeFormSchema = z.object({
  kind: z.enum(['complaint', 'repair', 'suggestion'], { error: '诉求类型只能是 complaint、repair 或 suggestion' }),
  source: z.enum(REQUEST_SOURCES.filter((s) => s !== 'mini_program') as [string, ...string[]], {
    error: '请选择来源（电话、来访、信函…）',
  }),
  projectId: id('项目'),
  roomId: id('房间')
    .optional()
    .nullable()
    .transform((value) => value ?? null),
  area: optionalText('区域', 50),
  categoryId: id('分类'),
  content: text('内容', { min: 5, max: 500 }),
  subjectOfComplaint: optionalText('被投诉人/部门', 100),
  occurredAt: optionalPastDateTime('发生时间'),
  occurredPlace: optionalText('发生地点', 100),
  demand: optionalText('业主要求', 200),
  repairScope: z.enum(REPAIR_SCOPES, { error: '请选择入户维修或公共维修' }).optional().nullable(),
  urgency: repairUrgency
    .optional()
    .nullable()
    .transform((value) => value ?? 'normal'),
  repairItem: optionalText('报修物品', 100),
  repairLocation: optionalText('具体位置', 100),
  repairModel: optionalText('材料/型号', 100),
  appointmentAt: optionalFutureDateTime('预约上门时间'),
  contactName: text('联系人', { max: 20 }),
  contactPhone: phone(),
  photoIds,
});
export type IntakeForm = z.output<typeof intakeFormSchema>;
