import { z } from 'zod';
import { GRADES } from '../kinds';
import type { LifecycleAction } from '../lifecycle/actions';
import { ROOT_CAUSE_CODES, type RootCause } from '../lifecycle/summary';
import { id, optionalText, text } from './fields';
import { repairUrgency } from './urgency';

/** Photos attached to a step: up to 9 (issue 4), uploaded first through /api/photos. */
export const MAX_PHOTOS = 9;
/** One photo's size limit: the server refuses more, the mini-app skips it before uploading. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** The image types the server keeps, by content. */
export const PHOTO_MIMES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const photoIds = z
  .array(id('照片'), { error: '照片列表格式不正确' })
  .max(MAX_PHOTOS, `最多上传 ${MAX_PHOTOS} 张照片`)
  .default([]);

const score = (label: string) =>
  z
    .number({ error: `请为${label}打分` })
    .int(`${label}评分应为 1–5 的整数`)
    .min(1, `${label}评分应为 1–5`)
    .max(5, `${label}评分应为 1–5`);

export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];
export const SATISFACTION_LABELS: Record<Satisfaction, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
};

/** Fees are integer fen (分) everywhere; the client shows yuan. */
const fen = (label: string) =>
  z
    .number({ error: `请填写${label}` })
    .int(`${label}应以分为单位的整数`)
    .min(0, `${label}不能为负`)
    .max(100_000_000, `${label}过大`);

const material = z.object({
  name: text('材料名称', { max: 50 }),
  quantity: z.number({ error: '请填写数量' }).positive('数量应大于 0').max(10_000, '数量过大'),
  unit: optionalText('单位', 10),
  unitPriceFen: fen('单价'),
});

const optionalNote = optionalText('说明', 500);
const requiredNote = (label: string) => text(label, { min: 2, max: 500 });
/** The version of the request the caller saw: a stale one is answered with 409 and the current state. */
const version = z.number({ error: '版本号无效' }).int('版本号无效').min(1, '版本号无效').optional();

const base = { version };
const withNote = z.object({ ...base, note: optionalNote });

/** The body each action takes; the server validates with these and the mini-app builds its forms from them. */
export const ACTION_PAYLOADS = {
  accept: z.object({
    ...base,
    grade: z.enum(GRADES, { error: '等级只能是 A–E' }).optional(),
    // Repairs: the desk confirms or corrects how urgent the resident said it is.
    urgency: repairUrgency.optional(),
    departmentId: id('处理部门').optional(),
    note: optionalNote,
  }),
  rule_invalid: z.object({
    ...base,
    note: text('无效说明', { min: 5, max: 500 }),
    responsibleBody: text('责任单位', { min: 2, max: 100 }),
  }),
  approve_invalid: withNote,
  reject_invalid: z.object({ ...base, note: requiredNote('驳回理由') }),
  dispatch: z.object({ ...base, assigneeUserId: id('处理人'), note: optionalNote }),
  claim: withNote,
  take: withNote,
  reassign: z.object({ ...base, assigneeUserId: id('处理人'), note: optionalNote }),
  transfer: z.object({ ...base, departmentId: id('转入部门'), note: requiredNote('转部门原因') }),
  return: z.object({ ...base, note: requiredNote('退单原因') }),
  start: withNote,
  progress: z.object({
    ...base,
    note: requiredNote('进展说明'),
    photoIds,
    materials: z.array(material).max(30, '材料最多 30 项').default([]),
  }),
  quote_fee: z.object({
    ...base,
    items: z
      .array(z.object({ name: text('收费项目', { max: 50 }), amountFen: fen('金额') }))
      .min(1, '请至少填写一项收费')
      .max(20, '收费项目最多 20 项'),
    note: optionalNote,
  }),
  confirm_fee: withNote,
  decline_fee: withNote,
  pause: z.object({ ...base, note: requiredNote('挂起原因') }),
  resume: withNote,
  complete: z.object({ ...base, note: requiredNote('处理结果'), photoIds }),
  resolve_on_spot: z.object({ ...base, note: requiredNote('当场答复或处理结果'), photoIds }),
  rate: z.object({
    ...base,
    satisfaction: z.enum(['satisfied', 'basically_satisfied'], { error: '请选择满意或基本满意；不满意请选择重新处理' }),
    speed: score('响应速度'),
    quality: score('处理质量'),
    attitude: score('服务态度'),
    comment: optionalText('评价', 300),
  }),
  callback: z.object({
    ...base,
    satisfaction: z.enum(['satisfied', 'basically_satisfied'], { error: '请选择满意或基本满意；不满意请选择重新处理' }),
    note: requiredNote('回访结果'),
    shortcomings: optionalText('不足之处', 300),
    suggestions: optionalText('业主建议', 300),
  }),
  ask_callback: z.object({ ...base, note: optionalText('方便接听的时间', 100) }),
  reopen: z.object({
    ...base,
    note: requiredNote('不满意的原因'),
    speed: score('响应速度').optional(),
    quality: score('处理质量').optional(),
    attitude: score('服务态度').optional(),
  }),
  summarize: z.object({
    ...base,
    rootCause: z.enum(ROOT_CAUSE_CODES as [RootCause, ...RootCause[]], {
      error: '请选择原因分类（人、机、料、法、环）',
    }),
    remedy: text('补救措施', { min: 2, max: 500 }),
    correctiveMeasure: text('纠正措施', { min: 2, max: 500 }),
    note: optionalNote,
  }),
  cancel: withNote,
  urge: withNote,
  add_info: z.object({ ...base, note: requiredNote('补充内容'), photoIds }),
  ask_info: z.object({ ...base, note: requiredNote('需要业主补充的内容') }),
  // On a closed request it answers the resident's rating or comment (issue 15 §11): `ratingId` says which.
  reply: z.object({ ...base, note: requiredNote('答复内容'), ratingId: id('评价').optional() }),
  note: z.object({ ...base, note: requiredNote('备注') }),
} satisfies Record<Exclude<LifecycleAction, 'create'>, z.ZodType>;

export type ActionName = keyof typeof ACTION_PAYLOADS;
export type ActionPayload<A extends ActionName> = z.output<(typeof ACTION_PAYLOADS)[A]>;

/** A resident may urge once per this many milliseconds (issue 4: at most once per 2 hours). */
export const URGE_INTERVAL_MS = 2 * 60 * 60 * 1000;
