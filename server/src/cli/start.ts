import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../bootstrap';
import { ConfigError, loadConfig, type AppConfig } from '../config/config';
import { sandboxTemplates } from '../config/wechat-templates';
import { dataSourceOptions, runMigrations, withStartupLock } from '../database/data-source';
import { seedDemoData } from '../modules/seed/demo-seed';
import { startSandbox } from '../sandbox';

const REPO_ROOT = resolve(__dirname, '../../..');
const H5_DIST = resolve(REPO_ROOT, 'mini-app/dist/h5');

/**
 * `npm start`: migrate, seed the demo (idempotent), start the WeChat sandbox when WeChat is not
 * configured, build the h5 app if missing, then serve API and app on one port.
 */
async function main(): Promise<void> {
  const config = loadConfig({ H5_DIST_DIR: H5_DIST, ...process.env });

  const applied = await runMigrations(config.databaseUrl);
  log(applied.length ? `已执行数据库迁移：${applied.join(', ')}` : '数据库结构已是最新');
  if (config.seedDemoData) {
    await seedDemo(config);
    log('演示数据已就绪（重复启动不会重复写入）');
  }

  let sandboxUrl: string | null = null;
  if (config.startSandbox) {
    const templates = sandboxTemplates(config.wechat.templates);
    const { officialAccount, miniProgramPush } = config.wechat;
    const sandbox = await startSandbox({
      port: config.sandboxPort,
      miniProgram: {
        appid: config.wechat.appid,
        secret: config.wechat.secret,
        templates: templates.miniProgram,
        // Photo check verdicts (wxa_media_check) reach this server as the mini-program's pushes would.
        callback: {
          url: `http://127.0.0.1:${config.port}/api/wechat/mini-program`,
          token: miniProgramPush.callbackToken,
          encodingAesKey: miniProgramPush.aesKey ?? undefined,
          mode: miniProgramPush.aesKey ? 'safe' : 'plaintext',
        },
      },
      officialAccount: {
        appid: officialAccount.appid,
        secret: officialAccount.secret,
        templates: templates.officialAccount,
        // Follows and texts in the sandbox reach this server the way WeChat's pushes would.
        callback: {
          url: `http://127.0.0.1:${config.port}/api/wechat/official-account`,
          token: officialAccount.callbackToken,
          // Safe mode whenever the server has a key, as a production account should be set up.
          encodingAesKey: officialAccount.aesKey ?? undefined,
          mode: officialAccount.aesKey ? 'safe' : 'plaintext',
        },
      },
    });
    sandboxUrl = sandbox.url;
  }

  if (
    config.h5DistDir &&
    !existsSync(resolve(config.h5DistDir, 'index.html')) &&
    process.env.SKIP_H5_BUILD !== 'true'
  ) {
    log('首次启动：正在构建 H5 应用（约 30 秒）…');
    const build = spawnSync('npm', ['run', 'build:h5'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('H5 应用构建失败，请查看上方输出');
  }

  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  // PORT=0 takes a free port (several instances on one machine, the tests): say which one.
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const base = `http://localhost:${port}`;
  log(`邻里 Linli 已启动
  应用（H5 演示）  ${base}/
  接口            ${base}/api
  健康检查         ${base}/api/health${config.apiDocs ? `\n  接口文档         ${base}/api/docs` : ''}${
    sandboxUrl ? `\n  微信沙箱         ${sandboxUrl}/__sandbox/` : ''
  }
  监听地址         ${config.host}:${port}${DEMO_LOGIN_NOTES[config.demoLogin]}`);
  const [admin] = (await app
    .get(DataSource)
    .query("SELECT 1 FROM `user` WHERE role = 'admin' AND active = 1 LIMIT 1")) as unknown[];
  // A new install: nobody can invite staff until the first admin is invited from here.
  if (!admin) log('还没有公司管理员：在服务器上运行 npm run invite-admin -- --company 公司名称（docs/deployment.md）');
}

const DEMO_LOGIN_NOTES: Record<AppConfig['demoLogin'], string> = {
  off: '',
  local: '\n  演示登录         仅限本机（DEMO_LOGIN=on 向网络开放）',
  anyone: '\n  演示登录         向所有来访者开放（DEMO_LOGIN=on）',
};

/** Under the start-up lock: the seed finds or inserts, and two at once would insert twice. */
async function seedDemo(config: AppConfig): Promise<void> {
  await withStartupLock(config.databaseUrl, async () => {
    const dataSource = new DataSource(dataSourceOptions(config.databaseUrl));
    await dataSource.initialize();
    try {
      await seedDemoData(dataSource);
    } finally {
      await dataSource.destroy();
    }
  });
}

function log(message: string): void {
  console.log(`[linli] ${message}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
