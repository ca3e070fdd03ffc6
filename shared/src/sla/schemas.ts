import { z } from 'zod';
import { GRADES, REQUEST_KINDS } from '../kinds';
import { id, text } from '../schemas/fields';
import { SLA_STEP_LABELS, SLA_STEPS } from './policies';

const SLA_UNITS = ['minutes', 'hours', 'days', 'working_days'] as const;
/** A year of working days or 30 days of minutes is already beyond any sensible limit. */
const MAX_AMOUNT = { minutes: 43_200, hours: 8_760, days: 365, working_days: 250 } as const;

const limitFields = {
  unit: z.enum(SLA_UNITS, { error: '时限单位只能是分钟、小时、天或工作日' }),
  amount: z.number({ error: '请填写时限' }).int('时限应为整数').min(1, '时限至少为 1'),
};

const withinMaximum = <T extends { unit: (typeof SLA_UNITS)[number]; amount: number }>(
  value: T,
  ctx: z.RefinementCtx,
) => {
  if (value.amount > MAX_AMOUNT[value.unit]) {
    ctx.addIssue({ code: 'custom', path: ['amount'], message: `时限不能超过 ${MAX_AMOUNT[value.unit]}` });
  }
};

/** An admin's new time-limit rule; empty kind, grade or category mean "any". */
export const slaPolicySchema = z
  .object({
    kind: z.enum(REQUEST_KINDS, { error: '诉求类型无效' }).nullable().default(null),
    grade: z.enum(GRADES, { error: '等级无效' }).nullable().default(null),
    categoryId: id('分类').nullable().default(null),
    step: z.enum(SLA_STEPS, { error: `环节只能是${SLA_STEPS.map((step) => SLA_STEP_LABELS[step]).join('、')}` }),
    ...limitFields,
  })
  .superRefine(withinMaximum);
export type SlaPolicyInput = z.output<typeof slaPolicySchema>;

export const slaLimitSchema = z.object(limitFields).superRefine(withinMaximum);
export type SlaLimitInput = z.output<typeof slaLimitSchema>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** One year of the working-day calendar, replaced as a whole (as the State Council publishes it). */
export const calendarYearSchema = z.object({
  days: z
    .array(
      z.object({
        date: z
          .string({ error: '请填写日期' })
          .regex(DATE, '日期格式应为 YYYY-MM-DD')
          .refine(
            (value) =>
              !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
              new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
            '日期不存在',
          ),
        kind: z.enum(['holiday', 'workday'], { error: '类型只能是放假或调休上班' }),
        name: text('名称', { max: 30 }),
      }),
    )
    .max(120, '一年最多 120 个特殊日期'),
});
export type CalendarYearInput = z.output<typeof calendarYearSchema>;
