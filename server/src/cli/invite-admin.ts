import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { formatShanghaiTime } from '@linli/shared';
import { AppModule } from '../app.module';
import { AppError } from '../common/errors/app-error';
import { ConfigError, loadConfig } from '../config/config';
import { AdminBootstrapError, adminInvitationWxacode, inviteFirstAdmin } from '../modules/staff-admin/admin-bootstrap';

const USAGE = `用法：npm run invite-admin -- [--company 公司名称] [--name 姓名] [--hours 72] [--wxacode 文件.png]
  --company  数据库中还没有物业公司时创建的公司名称（默认 COMPANY_NAME），连同标准部门与分类
  --name     邀请中预填的姓名
  --hours    有效期（小时，默认 72，最长 720）
  --wxacode  同时把邀请的小程序码保存为 PNG（需已配置微信、且已发布含邀请页的版本）`;

/**
 * `npm run invite-admin`: a one-time 公司管理员 invitation, for a new install that has no staff
 * (every WeChat login makes a resident) or a company whose admins can no longer log in. Run on
 * the server with its environment, after `npm run migrate`.
 */
async function main(): Promise<void> {
  let values: { company?: string; name?: string; hours?: string; wxacode?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        company: { type: 'string' },
        name: { type: 'string' },
        hours: { type: 'string' },
        wxacode: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new AdminBootstrapError((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const hours = values.hours === undefined ? undefined : Number(values.hours);
  // A process that only writes an invitation: no sending, no sweeps, no clean-ups of its own.
  const config = loadConfig({
    ...process.env,
    OUTBOX_WORKER: 'off',
    ESCALATION_SWEEP: 'off',
    PHOTO_CLEANUP: 'off',
    CONTENT_RECHECK: 'off',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    const invitation = await inviteFirstAdmin(app, {
      company: values.company,
      name: values.name,
      expiresInHours: hours,
    });
    const lines = [
      invitation.company.created
        ? `已创建物业公司「${invitation.company.name}」及标准部门、分类`
        : `物业公司：${invitation.company.name}${
            values.company && values.company.trim() !== invitation.company.name ? '（已存在，未按 --company 更改）' : ''
          }`,
      `已生成公司管理员邀请，有效期至 ${formatShanghaiTime(invitation.expiresAt)}，只能使用一次：`,
      `  邀请码      ${invitation.code}`,
      `  小程序页面  ${invitation.path}`,
      `  网页链接    ${invitation.link}`,
      '用微信扫小程序码（或打开链接）并登录、接受邀请的人即成为公司管理员。',
    ];
    // The invitation stands whatever WeChat answers: it is printed before the code is asked for.
    console.log(lines.join('\n'));
    if (values.wxacode) {
      const file = resolve(values.wxacode);
      try {
        await writeFile(file, await adminInvitationWxacode(app, invitation.code));
        console.log(`小程序码已保存：${file}`);
      } catch (error) {
        console.error(`未能保存小程序码：${error instanceof AppError ? error.message : String(error)}`);
        console.error('邀请仍然有效，可先用上面的小程序页面或链接');
        process.exitCode = 1;
      }
    }
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof AdminBootstrapError || error instanceof AppError;
  console.error(known ? (error as Error).message : error);
  if (error instanceof AdminBootstrapError) console.error(USAGE);
  process.exit(1);
});
