import { z } from 'zod';
import { SUBSCRIBE_ANSWERS } from './topics';

/** What the mini-app sends after wx.requestSubscribeMessage: each template id's answer. */
export const subscribeAnswersSchema = z.object({
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
