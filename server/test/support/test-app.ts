import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { AuthTokens, HouseBindingView } from '@linli/shared';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { AppModule, type AppModuleOptions } from '../../src/app.module';
import { configureApp, createFastifyAdapter } from '../../src/bootstrap';
import { Clock } from '../../src/common/clock/clock';
import { loadConfig, type AppConfig } from '../../src/config/config';
import { DEFAULT_TEMPLATE_CATALOG, sandboxTemplates } from '../../src/config/wechat-templates';
import { SANDBOX_DEFAULTS, startSandbox, type RunningSandbox, type StartSandboxOptions } from '../../src/sandbox';
import { boundResident } from './api';
import { TestClock } from './test-clock';

export interface TestContext {
  app: NestFastifyApplication;
  http: () => ReturnType<typeof request>;
  sandbox: RunningSandbox;
  clock: TestClock;
  dataSource: DataSource;
  config: AppConfig;
  /** Logs in through the sandbox exactly as the mini-app does. */
  login(openid: string): Promise<AuthTokens>;
  /** A new resident bound at once to a room of their own (verified phone, owner register), ready to file requests. */
  newResident(): Promise<{ tokens: AuthTokens; binding: HouseBindingView; auth: { Authorization: string } }>;
  close(): Promise<void>;
}

export interface TestContextOptions {
  /** Passed to the WeChat sandbox, e.g. `faults` to make WeChat fail (the port is always a free one). */
  sandbox?: Omit<StartSandboxOptions, 'port'>;
  /** Extra environment, e.g. OUTBOX_WORKER=off to drive the outbox by hand. */
  env?: Record<string, string>;
  /** Request logs go here instead of stdout (with LOG_LEVEL=info in `env`), for tests that read them. */
  logStream?: AppModuleOptions['logStream'];
}

/** The real app on the run's database, with the WeChat sandbox on a free port and a movable clock. */
export async function createTestContext(options: TestContextOptions = {}): Promise<TestContext> {
  const templates = sandboxTemplates(DEFAULT_TEMPLATE_CATALOG);
  // Suites share the database, and with it the stored access tokens: apps of their own keep one
  // suite's sandbox tokens from overwriting another's.
  const apps = {
    miniProgram: { ...SANDBOX_DEFAULTS.miniProgram, appid: `wx-test-${randomBytes(5).toString('hex')}` },
    officialAccount: { ...SANDBOX_DEFAULTS.officialAccount, appid: `wx-test-oa-${randomBytes(5).toString('hex')}` },
  };
  const clock = new TestClock();
  const sandbox = await startSandbox({
    // WeChat's clock and ours agree: pushes carry timestamps the server checks against its own.
    now: () => clock.now().getTime(),
    miniProgram: { ...apps.miniProgram, templates: templates.miniProgram },
    officialAccount: { ...apps.officialAccount, templates: templates.officialAccount },
    ...options.sandbox,
    port: 0,
  });
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: process.env.DATABASE_URL,
    WECHAT_API_BASE: sandbox.url,
    WECHAT_APPID: options.sandbox?.miniProgram?.appid ?? apps.miniProgram.appid,
    WECHAT_SECRET: options.sandbox?.miniProgram?.secret ?? apps.miniProgram.secret,
    WECHAT_OA_APPID: options.sandbox?.officialAccount?.appid ?? apps.officialAccount.appid,
    WECHAT_OA_SECRET: options.sandbox?.officialAccount?.secret ?? apps.officialAccount.secret,
    TOKEN_SECRET: randomBytes(32).toString('hex'),
    // Suites share the database; a sweep would escalate other suites' requests under their feet.
    ESCALATION_SWEEP: 'off',
    // Likewise: five residents of different suites filing in one seeded category are not a group.
    GROUP_DETECTION: 'off',
    // Likewise: a cleanup would delete other suites' unattached photos once their clocks move on.
    PHOTO_CLEANUP: 'off',
    // Suites log in and file far faster than any person; the rate-limit suite sets its own limits.
    RATE_LIMIT_FACTOR: '1000',
    ...options.env,
  });
  let app: NestFastifyApplication;
  try {
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot(config, { logStream: options.logStream })],
    })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(config), {
      logger: false,
      bodyParser: false,
    });
    await configureApp(app, config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  } catch (error) {
    // An open sandbox would keep Jest from exiting and hide the real failure behind a hang.
    await sandbox.close();
    throw error;
  }
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const http = () => request(app.getHttpServer());

  const login = async (openid: string): Promise<AuthTokens> => {
    const minted = await fetch(`${sandbox.url}/__sandbox/login-code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid }),
    });
    const { code } = (await minted.json()) as { code: string };
    const response = await http().post('/api/auth/wechat').send({ code }).expect(200);
    return response.body as AuthTokens;
  };

  const context: TestContext = {
    app,
    http,
    sandbox,
    clock,
    dataSource,
    config,
    login,
    // Only the seeded 阳光花园: suites add other projects, whose staff and rules differ.
    newResident: async () => {
      const { tokens, auth, binding } = await boundResident(context);
      return { tokens, binding, auth };
    },
    close: async () => {
      await app.close();
      await sandbox.close();
    },
  };
  return context;
}

export const bearer = (tokens: AuthTokens) => ({ Authorization: `Bearer ${tokens.accessToken}` });
