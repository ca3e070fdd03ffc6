import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { AuthTokens, HouseBindingView } from '@linli/shared';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp, createFastifyAdapter } from '../../src/bootstrap';
import { Clock } from '../../src/common/clock/clock';
import { loadConfig, type AppConfig } from '../../src/config/config';
import { startSandbox, type RunningSandbox, type StartSandboxOptions } from '../../src/sandbox';
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
  /** A new resident with a bound room (found in the owner register), ready to file requests. */
  newResident(): Promise<{ tokens: AuthTokens; binding: HouseBindingView; auth: { Authorization: string } }>;
  close(): Promise<void>;
}

export interface TestContextOptions {
  /** Passed to the WeChat sandbox, e.g. `faults` to make WeChat fail (the port is always a free one). */
  sandbox?: Omit<StartSandboxOptions, 'port'>;
}

/** The real app on the run's database, with the WeChat sandbox on a free port and a movable clock. */
export async function createTestContext(options: TestContextOptions = {}): Promise<TestContext> {
  const sandbox = await startSandbox({ ...options.sandbox, port: 0 });
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: process.env.DATABASE_URL,
    WECHAT_API_BASE: sandbox.url,
    TOKEN_SECRET: randomBytes(32).toString('hex'),
  });
  const clock = new TestClock();
  let app: NestFastifyApplication;
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(), {
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

  const newResident = async () => {
    const tokens = await login(`test-resident-${randomBytes(6).toString('hex')}`);
    const auth = { Authorization: `Bearer ${tokens.accessToken}` };
    const [owner] = (await dataSource.query(
      // Only the seeded 阳光花园: suites add other projects, whose staff and rules differ.
      'SELECT o.room_id AS roomId, o.name, o.phone FROM owner_register o JOIN room r ON r.id = o.room_id ' +
        "JOIN project p ON p.id = r.project_id WHERE p.name = '阳光花园' ORDER BY RAND() LIMIT 1",
    )) as { roomId: number; name: string; phone: string }[];
    const binding = await http()
      .post('/api/house-bindings')
      .set(auth)
      .send({ roomId: owner.roomId, name: owner.name, phone: owner.phone })
      .expect(201);
    return { tokens, binding: binding.body as HouseBindingView, auth };
  };

  return {
    app,
    http,
    sandbox,
    clock,
    dataSource,
    config,
    login,
    newResident,
    close: async () => {
      await app.close();
      await sandbox.close();
    },
  };
}

export const bearer = (tokens: AuthTokens) => ({ Authorization: `Bearer ${tokens.accessToken}` });
