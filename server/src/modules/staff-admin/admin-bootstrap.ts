import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { invitationSchema } from '@linli/shared';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { setUpCompany, type CompanySetUp } from '../organization/company-set-up';
import { ReferenceDataService } from '../reference/reference-data.service';
import { WechatClient } from '../wechat/wechat.client';
import { INVITE_PAGE, InvitationsService } from './invitations.service';

export const adminBootstrapOptionsSchema = z.object({
  /** The company to make when the database has none (else COMPANY_NAME); ignored once there is one. */
  company: z.string().trim().min(1, '公司名称不能为空').max(40, '公司名称最多 40 个字').optional(),
  /** The name the invitation suggests for the new admin. */
  name: z.string().trim().max(40, '姓名最多 40 个字').optional(),
  expiresInHours: z.number({ error: '有效期应为整数小时' }).optional(),
});
export type AdminBootstrapOptions = z.input<typeof adminBootstrapOptionsSchema>;

export interface AdminBootstrap {
  company: CompanySetUp;
  code: string;
  /** The mini-program page with the code (what a mini-program code opens). */
  path: string;
  /** The h5 app's address of the invitation: PUBLIC_BASE_URL, then the page after `#`, as 邀请成员 shows it. */
  link: string;
  expiresAt: string;
}

export class AdminBootstrapError extends Error {}

/**
 * How a new install gets its first 公司管理员 (`npm run invite-admin`): the company — with the
 * standard departments and categories — if the database has none yet, then a one-time admin
 * invitation through the invitations service, the system as its inviter. Whoever opens it and
 * logs in with WeChat becomes 公司管理员. Also the way back in when no admin can log in any more.
 */
export async function inviteFirstAdmin(
  app: INestApplicationContext,
  options: AdminBootstrapOptions = {},
): Promise<AdminBootstrap> {
  const parsed = adminBootstrapOptionsSchema.safeParse(options);
  if (!parsed.success) throw new AdminBootstrapError(parsed.error.issues.map((issue) => issue.message).join('；'));
  const input = invitationSchema.safeParse({
    role: 'admin',
    projectIds: [],
    name: parsed.data.name,
    expiresInHours: parsed.data.expiresInHours,
  });
  if (!input.success) throw new AdminBootstrapError(input.error.issues.map((issue) => issue.message).join('；'));
  const config = app.get<AppConfig>(APP_CONFIG);
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const reference = app.get(ReferenceDataService);
  const companyName = parsed.data.company ?? config.serviceInfo.companyName;

  const company = await dataSource
    .transaction(async (manager) => {
      const [found] = (await manager.query('SELECT id FROM company LIMIT 1')) as unknown[];
      if (!found && !companyName) {
        throw new AdminBootstrapError('数据库中还没有物业公司：请用 --company 指定公司名称（或设置 COMPANY_NAME）');
      }
      return setUpCompany(manager, companyName ?? '');
    })
    .finally(() => reference.invalidate());

  const created = await app.get(InvitationsService).createBySystem(input.data);
  return {
    company,
    code: created.code,
    path: created.path.replace(/^\//, ''),
    link: `${config.publicBaseUrl}/#${created.path}`,
    expiresAt: created.invitation.expiresAt,
  };
}

/** The invitation's mini-program code (WeChat configured, the invite page released), as PNG bytes. */
export function adminInvitationWxacode(app: INestApplicationContext, code: string): Promise<Buffer> {
  return app.get(WechatClient).wxaCodeUnlimit(code, INVITE_PAGE);
}
