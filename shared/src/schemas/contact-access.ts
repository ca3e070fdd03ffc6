import { z } from 'zod';
import type { Role } from '../roles';
import { paginationSchema } from './pagination';

const id = (label: string) =>
  z.coerce
    .number({ error: `${label}无效` })
    .int(`${label}无效`)
    .positive(`${label}无效`)
    .optional();
const moment = (label: string) =>
  z
    .string({ error: `${label}格式不正确` })
    .datetime({ offset: true, error: `${label}格式不正确，例如 2026-12-01T00:00:00+08:00` })
    .transform((value) => new Date(value))
    .optional();

/** Filters of the contact access log (管理员查看谁在何时看过哪件诉求的业主联系方式). */
export const contactAccessQuerySchema = paginationSchema
  .extend({
    userId: id('查看人'),
    requestId: id('诉求'),
    from: moment('开始时间'),
    to: moment('结束时间'),
  })
  .refine((query) => !query.from || !query.to || query.from < query.to, {
    message: '结束时间应晚于开始时间',
    path: ['to'],
  });
export type ContactAccessQuery = z.output<typeof contactAccessQuerySchema>;

/** One read of a resident's unmasked contact details by a staff member. */
export interface ContactAccessView {
  id: number;
  userId: number;
  userName: string;
  userRole: Role | null;
  requestId: number;
  requestNumber: string;
  projectId: number;
  projectName: string;
  /** detail: the request's page; action: the answer to a step taken on it; intake: registered at the desk. */
  what: 'detail' | 'action' | 'intake';
  at: string;
}
