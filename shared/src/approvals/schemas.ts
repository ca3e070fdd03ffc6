import { z } from 'zod';
import { GRADES } from '../kinds';
import { optionalText, text } from '../schemas/fields';
import { APPROVAL_TYPES } from './types';

const reason = text('申请理由', { min: 2, max: 500 });

/** A request for approval; the proposal's fields depend on the type. */
export const approvalRequestSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('grade_change'), reason, grade: z.enum(GRADES, { error: '等级只能是 A–E' }) }),
    z.object({
      type: z.literal('extension'),
      reason,
      newDueAt: z.iso.datetime({ offset: true, error: '请填写新的办结时限' }),
      // Seed 000 4.3: a special case needs a temporary plan while it waits.
      plan: text('临时处理方案', { min: 2, max: 500 }),
    }),
    z.object({
      type: z.literal('invalid_ruling'),
      reason,
      explanation: text('向业主的说明', { min: 2, max: 500 }),
      responsibleBody: text('责任单位', { max: 100 }),
    }),
    z.object({ type: z.literal('close_without_callback'), reason }),
    z.object({ type: z.literal('fee_waiver'), reason }),
    z.object({ type: z.literal('malicious'), reason }),
  ],
  { error: `类型只能是 ${APPROVAL_TYPES.filter((type) => type !== 'group_merge' && type !== 'pause').join('、')}` },
);
export type ApprovalRequestInput = z.output<typeof approvalRequestSchema>;

export const approvalDecisionSchema = z.object({ comment: optionalText('审批意见', 500) });
export type ApprovalDecisionInput = z.output<typeof approvalDecisionSchema>;
