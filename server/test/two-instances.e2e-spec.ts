import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuthTokens, RequestDetail } from '@linli/shared';
import Redis from 'ioredis';
import sharp from 'sharp';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/config';
import { DEMO_ACCOUNTS } from '../src/modules/seed/demo-accounts';
import { DEFAULT_TEMPLATE_CATALOG, sandboxTemplates } from '../src/config/wechat-templates';
import { dataSourceOptions } from '../src/database/data-source';
import { SANDBOX_DEFAULTS, startSandbox, type RunningSandbox, type SandboxMessage } from '../src/sandbox';
import { authOf, boundResident, categoryByPath, expectApiError, type Auth, type Resident } from './support/api';
import { craftPush, eventXml } from './support/official-account';
import { reserveOwnDatabase } from './support/own-database';
import { startS3Server, type TestS3 } from './support/s3-server';
import { startServerProcess, type ServerProcess } from './support/server-process';
import { TestClock } from './support/test-clock';
import type { TestContext } from './support/test-app';
import { waitFor } from './support/worker-process';

/**
 * Issue 11, point 4: two real server processes (src/cli/start.ts) on one database, one Redis,
 * one bucket and one WeChat sandbox — what a load balancer has behind it. A resident and the
 * staff go back and forth between them: every answer must be the same whichever instance gives
 * it, everything one instance counts (rate limits, nonces, idempotency keys, sessions) the other
 * must see, and the jobs both run (outbox, escalation sweep, photo cleanup) must do each thing once.
 */

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** The rate limit the test exhausts across both instances: small, and on a route nothing else here calls. */
const LINK_CODES_PER_USER = 3;

let db: { url: string; drop(): Promise<void> } | undefined;
let dataSource: DataSource | undefined;
let sandbox: RunningSandbox | undefined;
let s3: TestS3 | undefined;
let redis: Redis | undefined;
const tempDirs: string[] = [];
const servers: ServerProcess[] = [];
const redisPrefix = `linli-test-${randomBytes(4).toString('hex')}:`;

let A: Instance;
let B: Instance;

/** One server as the helpers see it: its HTTP API, and the database and sandbox both share. */
interface Instance extends Pick<TestContext, 'http' | 'login' | 'dataSource' | 'sandbox' | 'config' | 'clock'> {
  name: string;
  server: ServerProcess;
}

beforeAll(async () => {
  // Empty: the two servers create, migrate and seed it as they start, at the same moment.
  db = reserveOwnDatabase();
  s3 = await startS3Server();
  redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const templates = sandboxTemplates(DEFAULT_TEMPLATE_CATALOG);
  sandbox = await startSandbox({
    port: 0,
    miniProgram: { ...SANDBOX_DEFAULTS.miniProgram, templates: templates.miniProgram },
    officialAccount: { ...SANDBOX_DEFAULTS.officialAccount, templates: templates.officialAccount },
  });
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    WECHAT_API_BASE: sandbox.url,
    WECHAT_APPID: SANDBOX_DEFAULTS.miniProgram.appid,
    WECHAT_SECRET: SANDBOX_DEFAULTS.miniProgram.secret,
    WECHAT_OA_APPID: SANDBOX_DEFAULTS.officialAccount.appid,
    WECHAT_OA_SECRET: SANDBOX_DEFAULTS.officialAccount.secret,
    TOKEN_SECRET: randomBytes(32).toString('hex'),
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_PREFIX: redisPrefix,
    ...s3.env,
    // Every job on in both, as in production, and often, so the test need not wait long.
    OUTBOX_WORKER: 'on',
    OUTBOX_POLL_MS: '100',
    ESCALATION_SWEEP: 'on',
    ESCALATION_SWEEP_MS: '300',
    PHOTO_CLEANUP: 'on',
    PHOTO_CLEANUP_MS: '1000',
    RATE_LIMITS: JSON.stringify({
      link_code: { perUser: { limit: LINK_CODES_PER_USER, windowSeconds: 600 } },
      // The scenario logs in and files more than a person would in a minute, all from 127.0.0.1.
      login: { perIp: { limit: 1000, windowSeconds: 60 } },
      file_request: { perUser: { limit: 100, windowSeconds: 60 } },
    }),
    // The logs are read below: which instance removed which photos.
    LOG_LEVEL: 'info',
    SEED_DEMO_DATA: 'true',
  };
  const config = loadConfig({ ...env, NODE_ENV: 'test' });
  // Each its own temporary upload folder, as on two machines: nothing shared but what is configured.
  const started = await Promise.all(
    ['A', 'B'].map(async (name) => {
      const storageDir = await mkdtemp(join(tmpdir(), `linli-two-${name}-`));
      tempDirs.push(storageDir);
      const server = await startServerProcess(name, { ...env, STORAGE_DIR: storageDir });
      servers.push(server);
      return server;
    }),
  );
  dataSource = new DataSource(dataSourceOptions(db.url));
  await dataSource.initialize();
  [A, B] = started.map((server) => instance(server, config));
}, 180_000);

afterAll(async () => {
  await Promise.allSettled(servers.map((server) => server.stop()));
  await sandbox?.close();
  await s3?.close();
  await dataSource?.destroy();
  await db?.drop();
  if (redis) {
    const keys = await redis.keys(`${redisPrefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
}, 60_000);

function instance(server: ServerProcess, config: TestContext['config']): Instance {
  const http = () => request(server.url);
  return {
    name: server.name,
    server,
    http,
    dataSource: dataSource!,
    sandbox: sandbox!,
    config,
    clock: new TestClock(),
    login: async (openid: string): Promise<AuthTokens> => {
      const minted = await fetch(`${sandbox!.url}/__sandbox/login-code`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ openid }),
      });
      const { code } = (await minted.json()) as { code: string };
      const res = await http().post('/api/auth/wechat').send({ code });
      expect({ on: server.name, status: res.status }).toEqual({ on: server.name, status: 200 });
      return res.body as AuthTokens;
    },
  };
}

/** The helpers take a test context; an instance has every part of one they use. */
const asContext = (on: Instance) => on as unknown as TestContext;

async function person(on: Instance, openid: string): Promise<{ auth: Auth; userId: number; openid: string }> {
  const tokens = await on.login(openid);
  return { auth: authOf(tokens), userId: tokens.user.id, openid };
}

async function act(on: Instance, who: { auth: Auth }, id: number, action: string, body: object = {}) {
  const res = await on.http().post(`/api/requests/${id}/actions/${action}`).set(who.auth).send(body);
  expect({ on: on.name, action, status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({
    on: on.name,
    action,
    status: 200,
    body: 'ok',
  });
  return res.body as RequestDetail;
}

async function detail(on: Instance, who: { auth: Auth }, id: number): Promise<RequestDetail> {
  const res = await on.http().get(`/api/requests/${id}`).set(who.auth);
  expect({ on: on.name, status: res.status }).toEqual({ on: on.name, status: 200 });
  return res.body as RequestDetail;
}

async function uploadPhoto(on: Instance, who: { auth: Auth }, shade: number) {
  const data = await sharp({ create: { width: 48, height: 32, channels: 3, background: { r: shade, g: 90, b: 160 } } })
    .jpeg()
    .toBuffer();
  const res = await on
    .http()
    .post('/api/photos')
    .set(who.auth)
    .attach('files', data, { filename: `现场${shade}.jpg`, contentType: 'image/jpeg' });
  expect({ on: on.name, status: res.status }).toEqual({ on: on.name, status: 201 });
  return (res.body as Array<{ id: number; url: string; thumbnailUrl: string }>)[0];
}

const bytesOf = (on: Instance, url: string) =>
  on
    .http()
    .get(url)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });

async function sandboxControl(path: string, body: object): Promise<void> {
  const response = await fetch(`${sandbox!.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
}

const count = async (sql: string, params: unknown[] = []) =>
  Number(((await dataSource!.query(sql, params)) as Array<{ n: number | string }>)[0].n);

describe('two server processes behind one load balancer', () => {
  let resident: Resident;
  let receptionist: Awaited<ReturnType<typeof person>>;
  let supervisor: Awaited<ReturnType<typeof person>>;
  let worker: Awaited<ReturnType<typeof person>>;

  beforeAll(async () => {
    // Staff follow the official account and are linked by unionid, so their steps reach WeChat:
    // WeChat pushes each follow to the server configured in the account (A here).
    await sandboxControl('/__sandbox/callback', {
      url: `${A.server.url}/api/wechat/official-account`,
      token: A.config.wechat.officialAccount.callbackToken,
    });
    for (const openid of ['demo-supervisor-1', 'demo-repair-1', 'demo-manager-1', 'demo-receptionist-1']) {
      await dataSource!.query('UPDATE `user` SET unionid = ? WHERE openid = ?', [`union-${openid}`, openid]);
      await sandboxControl('/__sandbox/followers', {
        openid: `oa-${openid}`,
        unionid: `union-${openid}`,
        following: true,
      });
    }
    const linked = await count('SELECT COUNT(*) AS n FROM official_account_link WHERE user_id IS NOT NULL');
    expect(linked).toBe(4);
    receptionist = await person(B, 'demo-receptionist-1');
    supervisor = await person(A, 'demo-supervisor-1');
    worker = await person(B, 'demo-repair-1');
  });

  it('started together on an empty database: one migrated and seeded it, the other waited its turn', () => {
    const said = servers.map((server) =>
      server.output().includes('已执行数据库迁移')
        ? 'migrated'
        : server.output().includes('数据库结构已是最新')
          ? 'up to date'
          : '?',
    );
    expect(said.sort()).toEqual(['migrated', 'up to date']);
  });

  it('has the demo estate once, though both seeded it', async () => {
    expect(await count("SELECT COUNT(*) AS n FROM project WHERE name = '阳光花园'")).toBe(1);
    expect(await count('SELECT COUNT(*) AS n FROM room')).toBe(120);
    expect(await count('SELECT COUNT(*) AS n FROM owner_register')).toBe(
      await count('SELECT COUNT(DISTINCT room_id, name, phone) AS n FROM owner_register'),
    );
    expect(await count('SELECT COUNT(*) AS n FROM category')).toBe(
      await count('SELECT COUNT(DISTINCT kind, COALESCE(parent_id, 0), name) AS n FROM category'),
    );
    expect(await count("SELECT COUNT(*) AS n FROM `user` WHERE openid LIKE 'demo-%'")).toBe(DEMO_ACCOUNTS.length);
  });

  it('serves a resident and the staff alternately: sessions, a request’s whole life, photos', async () => {
    // Login on A; the tokens work on B, and B refreshes them.
    resident = await boundResident(asContext(A));
    const me = await B.http().get('/api/auth/me').set(resident.auth);
    expect({ status: me.status, id: me.body.user?.id }).toEqual({ status: 200, id: resident.tokens.user.id });
    const refreshed = await B.http().post('/api/auth/refresh').send({ refreshToken: resident.tokens.refreshToken });
    expect(refreshed.status).toBe(200);
    const renewed = refreshed.body as AuthTokens;
    resident = { ...resident, tokens: renewed, auth: authOf(renewed) };
    for (const on of [A, B]) expect((await on.http().get('/api/auth/me').set(resident.auth)).status).toBe(200);
    // The refresh token B rotated is spent on A too.
    const spent = await A.http().post('/api/auth/refresh').send({ refreshToken: refreshed.body.refreshToken });
    expect(spent.status).toBe(200);
    resident = { ...resident, tokens: spent.body as AuthTokens, auth: authOf(spent.body as AuthTokens) };
    expectApiError(
      await B.http().post('/api/auth/refresh').send({ refreshToken: renewed.refreshToken }),
      401,
      'UNAUTHENTICATED',
    );
    // Reusing a spent refresh token ends that login everywhere: A refuses what it handed out.
    expectApiError(await A.http().get('/api/auth/me').set(resident.auth), 401, 'TOKEN_EXPIRED');
    resident = { ...resident, ...(await reLogin(A, resident)) };

    // The resident allows the filing's subscribe messages: asked on A, recorded on B.
    const ask = await A.http().post('/api/notifications/subscribe-asks').set(resident.auth).send({ moment: 'submit' });
    const tapped = await A.http()
      .post('/api/dev/subscribe')
      .set(resident.auth)
      .send({ templateIds: ask.body.templateIds });
    expect(tapped.status).toBe(200);
    const recorded = await B.http()
      .post('/api/notifications/subscriptions')
      .set(resident.auth)
      .send({ askId: ask.body.askId, answers: tapped.body.result });
    expect(recorded.status).toBe(200);

    // A photo uploaded on A is filed with the request on A and opened on B.
    const photo = await uploadPhoto(A, resident, 40);
    const fromA = await bytesOf(A, photo.url);
    const fromB = await bytesOf(B, photo.url);
    expect({ a: fromA.status, b: fromB.status, type: fromB.headers['content-type'] }).toEqual({
      a: 200,
      b: 200,
      type: 'image/jpeg',
    });
    expect((fromB.body as Buffer).equals(fromA.body as Buffer)).toBe(true);

    const category = await categoryByPath(asContext(A), resident.auth, 'repair', '入户维修', '水电维修');
    const form = {
      kind: 'repair',
      houseBindingId: resident.binding.id,
      categoryId: category.id,
      repairScope: 'in_home',
      repairItem: '卫生间地漏',
      repairLocation: '主卫',
      content: '卫生间地漏返味，楼下说天花板有水渍',
      contactName: resident.owner.name,
      contactPhone: '13800138000',
      photoIds: [photo.id],
    };
    // Filed on A with an Idempotency-Key; the retry reaches B and gets A's answer, nothing filed twice.
    const key = `two-${randomBytes(8).toString('hex')}`;
    const filedRes = await A.http().post('/api/requests').set(resident.auth).set('Idempotency-Key', key).send(form);
    expect(filedRes.status).toBe(201);
    const retried = await B.http().post('/api/requests').set(resident.auth).set('Idempotency-Key', key).send(form);
    expect({ status: retried.status, replayed: retried.headers['idempotent-replayed'] }).toEqual({
      status: 201,
      replayed: 'true',
    });
    expect(retried.body).toEqual(filedRes.body);
    const filed = filedRes.body as RequestDetail;
    expect(await count('SELECT COUNT(*) AS n FROM request WHERE resident_user_id = ?', [resident.tokens.user.id])).toBe(
      1,
    );

    // The steps, each on the other instance than the one before.
    await act(B, receptionist, filed.id, 'accept');
    await act(A, supervisor, filed.id, 'dispatch', { assigneeUserId: worker.userId });
    await act(B, worker, filed.id, 'take');
    await act(A, worker, filed.id, 'start');
    const result = await uploadPhoto(A, worker, 200);
    const completed = await act(B, worker, filed.id, 'complete', {
      note: '更换地漏芯，已不返味',
      photoIds: [result.id],
    });
    expect(completed.status).toBe('resolved');
    const seen = await detail(A, resident, filed.id);
    const rated = await act(B, resident, filed.id, 'rate', {
      satisfaction: 'satisfied',
      speed: 5,
      quality: 5,
      attitude: 4,
      version: seen.version,
    });
    expect(rated.status).toBe('closed');
    // Both instances tell the same story, and each one's photos open on the other.
    const onA = await detail(A, resident, filed.id);
    const onB = await detail(B, resident, filed.id);
    expect(onB.events.map((event) => [event.id, event.action])).toEqual(
      onA.events.map((event) => [event.id, event.action]),
    );
    expect(onB.events.map((event) => event.action)).toEqual([
      'create',
      'accept',
      'dispatch',
      'take',
      'start',
      'complete',
      'rate',
    ]);
    const completeEvent = onB.events.find((event) => event.action === 'complete')!;
    expect(completeEvent.photos.map((shown) => shown.id)).toEqual([result.id]);
    const thumbnail = await bytesOf(B, completeEvent.photos[0].thumbnailUrl);
    expect({ status: thumbnail.status, type: thumbnail.headers['content-type'] }).toEqual({
      status: 200,
      type: 'image/jpeg',
    });

    // Logout on A ends the access token on B at once (answered as expired), and its refresh token too.
    const logout = await A.http()
      .post('/api/auth/logout')
      .set(resident.auth)
      .send({ refreshToken: resident.tokens.refreshToken });
    expect(logout.status).toBe(204);
    expectApiError(await B.http().get('/api/auth/me').set(resident.auth), 401, 'TOKEN_EXPIRED');
    expectApiError(
      await B.http().post('/api/auth/refresh').send({ refreshToken: resident.tokens.refreshToken }),
      401,
      'UNAUTHENTICATED',
    );
    resident = { ...resident, ...(await reLogin(B, resident)) };
  }, 120_000);

  it('counts a rate limit across both: the instance that counted less refuses once the total is reached', async () => {
    const asked: string[] = [];
    for (let index = 0; index < LINK_CODES_PER_USER; index++) {
      const on = index % 2 === 0 ? A : B;
      const res = await on.http().post('/api/me/wechat-link/code').set(supervisor.auth);
      expect({ on: on.name, status: res.status }).toEqual({ on: on.name, status: 200 });
      asked.push(on.name);
    }
    // A counted two, B one: B alone is under the limit, yet the shared count is reached.
    expect(asked).toEqual(['A', 'B', 'A']);
    const refused = await B.http().post('/api/me/wechat-link/code').set(supervisor.auth);
    expectApiError(refused, 429, 'TOO_MANY_REQUESTS');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expectApiError(await A.http().post('/api/me/wechat-link/code').set(supervisor.auth), 429, 'TOO_MANY_REQUESTS');
  });

  it('refuses an official-account push replayed to the other instance', async () => {
    const oaOpenid = `oa-replay-${randomBytes(4).toString('hex')}`;
    const push = craftPush(asContext(A), eventXml(asContext(A), oaOpenid, 'subscribe'));
    const send = (on: Instance) =>
      on.http().post(push.url).set('content-type', 'text/xml').send(push.body).buffer(true);
    expect((await send(A)).status).toBe(200);
    const replay = await send(B);
    expect(replay.status).toBe(403);
    expect(JSON.parse(replay.text)).toMatchObject({ code: 'FORBIDDEN', message: '重复的推送，已拒绝' });
  });

  it('escalates each late request once per level while both sweep', async () => {
    // Three complaints whose dispatch limit ran out hours ago: each is owed all four levels.
    const category = await categoryByPath(asContext(B), resident.auth, 'complaint', '环境管理', '保洁卫生');
    const ids: number[] = [];
    for (const on of [A, B, A]) {
      const res = await on
        .http()
        .post('/api/requests')
        .set(resident.auth)
        .send({
          kind: 'complaint',
          houseBindingId: resident.binding.id,
          categoryId: category.id,
          content: `楼道垃圾没人清理（${on.name}）`,
          contactName: resident.owner.name,
          contactPhone: '13800138000',
        });
      expect(res.status).toBe(201);
      ids.push((res.body as RequestDetail).id);
    }
    const now = Date.now();
    await dataSource!.query(
      'UPDATE request SET created_at = ?, dispatch_started_at = ?, dispatch_due_at = ? WHERE id IN (?)',
      [new Date(now - 10 * HOUR_MS), new Date(now - 10 * HOUR_MS), new Date(now - 9 * HOUR_MS), ids],
    );
    const escalations = () =>
      count("SELECT COUNT(*) AS n FROM escalation WHERE request_id IN (?) AND reason = 'dispatch'", [ids]);
    await waitFor(
      async () => (await escalations()) === ids.length * 4,
      60_000,
      async () => `escalations: ${await escalations()}`,
    );
    // A few more sweeps of both, to see that they find nothing left to do.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await escalations()).toBe(12);
    expect(
      await count("SELECT COUNT(*) AS n FROM request_event WHERE action = 'escalate' AND request_id IN (?)", [ids]),
    ).toBe(12);
    const perLevel = (await dataSource!.query(
      'SELECT e.request_id AS id, x.level, COUNT(*) AS n FROM request_event e JOIN escalation x ON x.event_id = e.id WHERE e.request_id IN (?) GROUP BY e.request_id, x.level',
      [ids],
    )) as Array<{ id: number; level: number; n: number | string }>;
    expect(perLevel).toHaveLength(12);
    expect(perLevel.every((row) => Number(row.n) === 1)).toBe(true);
  }, 90_000);

  it('removes each abandoned photo once while both clean up', async () => {
    const abandoned = [
      await uploadPhoto(B, resident, 10),
      await uploadPhoto(A, resident, 20),
      await uploadPhoto(B, resident, 30),
    ];
    const ids = abandoned.map((photo) => photo.id);
    const keys = (
      (await dataSource!.query('SELECT storage_key AS s, thumbnail_key AS t FROM photo WHERE id IN (?)', [
        ids,
      ])) as Array<{ s: string; t: string }>
    ).flatMap((row) => [row.s, row.t]);
    for (const key of keys) expect(await s3!.exists(key)).toBe(true);
    const removedBefore = removedPhotosLogged();
    // Uploaded two days ago, as far as the cleanup can tell.
    await dataSource!.query('UPDATE photo SET created_at = ? WHERE id IN (?)', [
      new Date(Date.now() - 2 * DAY_MS),
      ids,
    ]);
    const left = () => count('SELECT COUNT(*) AS n FROM photo WHERE id IN (?)', [ids]);
    // Rows go in a transaction, files right after it: wait for both.
    const filesLeft = async () => (await Promise.all(keys.map((key) => s3!.exists(key)))).filter(Boolean).length;
    await waitFor(
      async () => (await left()) === 0 && (await filesLeft()) === 0,
      30_000,
      async () => `photos left: ${await left()}, files left: ${await filesLeft()}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 2500));
    // Each photo was removed by one of them: the counts both logged add up to three.
    expect(removedPhotosLogged() - removedBefore).toBe(3);
    // The photos attached to the request are still there, rows and files.
    expect(await count('SELECT COUNT(*) AS n FROM photo WHERE request_id IS NOT NULL')).toBe(2);
  }, 60_000);

  it('sends every WeChat message once, whichever instance wrote it and whichever sent it', async () => {
    const open = () => count("SELECT COUNT(*) AS n FROM notification_delivery WHERE status NOT IN ('sent', 'failed')");
    await waitFor(
      async () => (await open()) === 0,
      30_000,
      async () => `deliveries open: ${await open()}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const deliveries = (await dataSource!.query(
      'SELECT id, channel, touser, status FROM notification_delivery ORDER BY id',
    )) as Array<{ id: number; channel: string; touser: string; status: string }>;
    expect(deliveries.length).toBeGreaterThan(5);
    expect(deliveries.filter((row) => row.status !== 'sent')).toEqual([]);
    const messages = (await (await fetch(`${sandbox!.url}/__sandbox/messages`)).json()) as SandboxMessage[];
    // Template messages carry their row: each row once.
    const templateIds = messages
      .filter((message) => message.channel === 'template')
      .map((message) => message.client_msg_id);
    expect([...templateIds].sort()).toEqual(
      deliveries
        .filter((row) => row.channel === 'template')
        .map((row) => `linli-${row.id}`)
        .sort(),
    );
    // Subscribe messages do not: as many to each resident as rows sent to them.
    const perUser = (list: Array<{ channel: string; touser: string }>) =>
      list
        .filter((item) => item.channel === 'subscribe')
        .reduce<Record<string, number>>(
          (counts, item) => ({ ...counts, [item.touser]: (counts[item.touser] ?? 0) + 1 }),
          {},
        );
    const subscribed = perUser(deliveries);
    expect(Object.keys(subscribed)).toEqual([resident.tokens.user.openid]);
    expect(perUser(messages)).toEqual(subscribed);
    expect(messages).toHaveLength(deliveries.length);
  }, 60_000);
});

/** Logs in again after a session ended (as the mini-app would on a 401). */
async function reLogin(on: Instance, resident: Resident): Promise<Pick<Resident, 'tokens' | 'auth'>> {
  const tokens = await on.login(resident.tokens.user.openid);
  return { tokens, auth: authOf(tokens) };
}

/** Photos both instances' cleanups said they removed, summed over their logs. */
function removedPhotosLogged(): number {
  return servers
    .flatMap((server) => server.logs())
    .filter((line) => line.msg === 'removed photos never attached')
    .reduce((sum, line) => sum + Number(line.removed ?? 0), 0);
}
