import { z } from 'zod';
import { SUBSCRIBE_ANSWERS, SUBSCRIBE_MOMENTS } from './topics';

/** Before a tap: which moment the mini-app wants an ask for. */
export const subscribeAskSchema = z.object({
  moment: z.enum(SUBSCRIBE_MOMENTS, { error: '订阅时机无效' }),
});
export type SubscribeAskInput = z.output<typeof subscribeAskSchema>;

/**
 * What the mini-app sends after wx.requestSubscribeMessage: the ask it showed and each template
 * id's answer. The ask says which ids count; it is good for one report.
 */
export const subscribeAnswersSchema = z.object({
  askId: z.string({ error: '请提供订阅请求编号' }).regex(/^[A-Za-z0-9_-]{16,64}$/, '订阅请求编号无效'),
  answers: z
    .record(
      z.string().min(1, '模板编号不能为空').max(128, '模板编号过长'),
      z.enum(SUBSCRIBE_ANSWERS, { error: '订阅结果无效' }),
      {
        error: '请提供订阅结果',
      },
    )
    .refine((answers) => Object.keys(answers).length > 0, '请提供订阅结果')
    .refine((answers) => Object.keys(answers).length <= 5, '一次最多订阅 5 个模板'),
});
export type SubscribeAnswers = z.output<typeof subscribeAnswersSchema>;
