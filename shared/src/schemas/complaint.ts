import { z } from 'zod';
import { id, optionalPastDateTime, optionalText, phone, text } from './fields';

export const COMPLAINT_CONTENT_MIN = 5;
export const COMPLAINT_CONTENT_MAX = 500;

/** The resident's complaint form (issue 3 §7): shared so both sides reject the same input alike. */
export const complaintFormSchema = z.object({
  kind: z.literal('complaint', { error: '诉求类型无效' }),
  houseBindingId: id('房屋'),
  categoryId: id('投诉分类'),
  content: text('投诉内容', { min: COMPLAINT_CONTENT_MIN, max: COMPLAINT_CONTENT_MAX }),
  occurredAt: optionalPastDateTime('发生时间'),
  occurredPlace: optionalText('发生地点', 100),
  demand: optionalText('您的要求', 200),
  contactName: text('联系人', { max: 20 }),
  contactPhone: phone(),
});

export type ComplaintFormInput = z.input<typeof complaintFormSchema>;
export type ComplaintForm = z.output<typeof complaintFormSchema>;
