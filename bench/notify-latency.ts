import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { ShutdownSignal } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { CategoryNode, HouseBindingView, RequestDetail } from '@linli/shared';
import { DataSource } from 'typeorm';
import { createApp } from '../server/src/bootstrap';
import { loadConfig, type AppConfig } from '../server/src/config/config';
import { ReferenceDataService } from '../server/src/modules/reference/reference-data.service';
import { DEFAULT_TEMPLATE_CATALOG, sandboxTemplates } from '../server/src/config/wechat-templates';
import { dataSourceOptions } from '../server/src/database/data-source';
import { callWechat } from '../server/src/modules/wechat/wechat-http';
import { SANDBOX_DEFAULTS, startSandbox, type RunningSandbox, type SandboxMessage } from '../server/src/sandbox';
import { benchDatabaseName, createBenchDatabase, dropBenchDatabase } from './support/database';
import { call, findCategory, login as loginAt, must, sandboxPost as postToSandbox } from './support/http';

/**
 * Issue: "status change → sandbox receipt latency at 50 changes/s for 60 s; p99 < 1 s".
 *
 * Server, outbox worker, WeChat sandbox and the load generator share this one process, as in
 * e2e/support/stack.ts, so absolute figures depend on the machine. The floor — a bare
 * template_send to the same sandbox through the worker's own HTTP client, measured in the same
 * run — is what the pipeline's figures are divided by, so the ratios travel better than milliseconds.
 */

const SECONDS = positiveNumber('BENCH_SECONDS', 60);
/**
 * Outbox workers in processes of their own (`npm run worker`), as a deployment would run them
 * beside the API; 0 sends from the app's own process, which then shares one core with the HTTP load.
 */
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const RATE = positiveNumber('BENCH_RATE', 50);
/**
 * Each request changes about every 10 s (500 requests at 50/s), so no change waits on its own row
 * lock and a request gathers the handful of timeline events a real one has, not hundreds.
 */
const REQUESTS = positiveNumber('BENCH_REQUESTS', Math.round(RATE * 10));
const FLOOR_SENDS = 200;
/** Not counted: the first sends open the connection and warm the JIT, which the worker did long ago. */
const FLOOR_WARMUP = 20;
const DRAIN_TIMEOUT_MS = 30_000;
/** A reassign unanswered this long counts as failed: the run must end even when the server does not answer. */
const CALL_TIMEOUT_MS = 10_000;
/** Closing waits for requests in flight; a stalled server never finishes them. */
const CLOSE_TIMEOUT_MS = 5_000;
const GOAL_P99_MS = 1000;
const WINDOW_SECONDS = 10;

const log = (line: string) => console.error(`· ${line}`);

// ---------------------------------------------------------------------------------------------
// What the run holds, released on every way out (normal end, failure, Ctrl-C)

const held: {
  databaseName?: string;
  dataSource?: DataSource;
  sandbox?: RunningSandbox;
  app?: NestFastifyApplication;
  appDataSource?: DataSource;
  workers?: ChildProcess[];
} = {};
let cleaning: Promise<void> | null = null;
let interrupted = false;

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const worker of held.workers ?? []) worker.kill('SIGKILL');
    // The app first: its pool may be mid-transaction, and DROP DATABASE would wait on those locks.
    await quietly('closing the app', withTimeout(held.app?.close()));
    // A stalled app never gets as far as closing its pool; ending it fails the callers queued for a
    // connection, which would otherwise open fresh transactions the moment a stuck one is killed.
    if (held.appDataSource?.isInitialized) {
      await quietly('closing the app’s pool', withTimeout(held.appDataSource.destroy()));
    }
    await quietly('closing the sandbox', withTimeout(held.sandbox?.close()));
    if (held.dataSource?.isInitialized) {
      await quietly('closing the bench connection', withTimeout(held.dataSource.destroy()));
    }
    if (held.databaseName) {
      const name = held.databaseName;
      await quietly(
        `dropping ${name}`,
        dropBenchDatabase(name).then(() => log(`dropped database ${name}`)),
      );
    }
  })();
  return cleaning;
}

function withTimeout(work: Promise<unknown> | undefined): Promise<unknown> | undefined {
  if (!work) return undefined;
  return Promise.race([
    work,
    sleep(CLOSE_TIMEOUT_MS).then(() => Promise.reject(new Error(`no end after ${CLOSE_TIMEOUT_MS} ms`))),
  ]);
}

async function quietly(what: string, work: Promise<unknown> | undefined): Promise<void> {
  try {
    await work;
  } catch (error) {
    console.error(`  (${what} failed: ${error instanceof Error ? error.message : String(error)})`);
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: stopping and cleaning up…`);
    void cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

async function createDatabase(name: string): Promise<string> {
  const { url } = await createBenchDatabase(name);
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  held.dataSource = dataSource;
  return url;
}

/**
 * Nest's shutdown hook (configureApp enables it) closes the app on SIGINT and re-raises the
 * signal, which would end the process before the bench database is dropped; the bench's own
 * handler closes the app instead.
 */
async function withoutNestSignalHandlers<T>(create: () => Promise<T>): Promise<T> {
  const signals = Object.values(ShutdownSignal) as NodeJS.Signals[];
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const created = await create();
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return created;
}

// ---------------------------------------------------------------------------------------------
// Figures

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

interface Summary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

function summarise(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

function ms(value: number): string {
  if (Number.isNaN(value)) return '—';
  return value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0);
}

function ratio(value: number, floor: number): string {
  return Number.isNaN(value) ? '—' : `${(value / floor).toFixed(1)}×`;
}

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
}

const sleep = (delayMs: number) => new Promise((resolve) => setTimeout(resolve, delayMs));

// ---------------------------------------------------------------------------------------------
// The run

interface Stack {
  app: NestFastifyApplication;
  base: string;
  sandbox: RunningSandbox;
  config: AppConfig;
  db: DataSource;
}

interface Cast {
  supervisor: string;
  workerA: { userId: number; oaOpenid: string };
  workerB: { userId: number; oaOpenid: string };
  requestIds: number[];
}

async function startStack(databaseUrl: string): Promise<Stack> {
  const templates = sandboxTemplates(DEFAULT_TEMPLATE_CATALOG);
  const sandbox = await startSandbox({
    port: 0,
    miniProgram: { ...SANDBOX_DEFAULTS.miniProgram, templates: templates.miniProgram },
    officialAccount: { ...SANDBOX_DEFAULTS.officialAccount, templates: templates.officialAccount },
  });
  held.sandbox = sandbox;
  const config: AppConfig = loadConfig({
    // What a local `npm start` runs with; the outbox keeps its default batch, poll and concurrency.
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl,
    WECHAT_API_BASE: sandbox.url,
    TOKEN_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    OUTBOX_WORKER: WORKERS > 0 ? 'off' : 'on',
    // One resident files every request of the setup and one supervisor makes every change.
    RATE_LIMIT_FACTOR: '100000',
  });
  held.workers = Array.from({ length: WORKERS }, () =>
    spawn(
      process.execPath,
      ['-r', join(__dirname, '../server/test/support/swc-register.js'), join(__dirname, '../server/src/cli/worker.ts')],
      {
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'development',
          LOG_LEVEL: 'warn',
          DATABASE_URL: databaseUrl,
          WECHAT_API_BASE: sandbox.url,
          TOKEN_SECRET: config.tokenSecret,
          OUTBOX_POLL_MS: '50',
          ESCALATION_SWEEP: 'off',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    ),
  );
  const app = await withoutNestSignalHandlers(() => createApp(config));
  held.app = app;
  held.appDataSource = app.get<DataSource>(getDataSourceToken());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, base: `http://127.0.0.1:${port}`, sandbox, config, db: held.dataSource! };
}

const sandboxPost = <T>(stack: Stack, path: string, body: object) => postToSandbox<T>(stack.sandbox.url, path, body);

const login = (stack: Stack, openid: string) => loginAt(stack.base, stack.sandbox.url, openid);

async function insertId(db: DataSource, sql: string, params: unknown[]): Promise<number> {
  return Number(((await db.query(sql, params)) as { insertId: number }).insertId);
}

/** A second engineering worker of 阳光花园, written like server/test/support/lifecycle.ts's insertStaff. */
async function insertWorker(db: DataSource): Promise<number> {
  const [department] = (await db.query("SELECT id FROM department WHERE code = 'engineering'")) as { id: number }[];
  const [project] = (await db.query("SELECT id FROM project WHERE name = '阳光花园'")) as { id: number }[];
  const userId = await insertId(db, 'INSERT INTO `user` (openid, role, name, phone) VALUES (?, ?, ?, ?)', [
    `bench-staff-${randomBytes(6).toString('hex')}`,
    'staff',
    '压测师傅',
    '13911112222',
  ]);
  const memberId = await insertId(
    db,
    'INSERT INTO staff_member (user_id, department_id, title, on_duty) VALUES (?, ?, ?, 1)',
    [userId, department.id, '水电维修工'],
  );
  await db.query('INSERT INTO staff_member_project (staff_member_id, project_id) VALUES (?, ?)', [
    memberId,
    project.id,
  ]);
  return userId;
}

/** Template messages reach staff only through a followed official account. */
async function followOfficialAccount(stack: Stack, userId: number): Promise<string> {
  const openid = `bench-oa-${randomBytes(6).toString('hex')}`;
  await stack.db.query(
    'INSERT INTO official_account_link (user_id, openid, following, updated_at) VALUES (?, ?, 1, ?)',
    [userId, openid, new Date()],
  );
  await sandboxPost(stack, '/__sandbox/followers', { openid, following: true });
  return openid;
}

async function setUp(stack: Stack): Promise<Cast> {
  const [resident, receptionist, supervisor, repair] = await Promise.all(
    ['demo-resident-1', 'demo-receptionist-1', 'demo-supervisor-1', 'demo-repair-1'].map((openid) =>
      login(stack, openid),
    ),
  );
  const workerA = { userId: repair.user.id, oaOpenid: await followOfficialAccount(stack, repair.user.id) };
  const workerBId = await insertWorker(stack.db);
  // Written past the admin screens: the app's cached staff directory is told, as an edit would.
  stack.app.get(ReferenceDataService).invalidate();
  const workerB = { userId: workerBId, oaOpenid: await followOfficialAccount(stack, workerBId) };

  const bindings = must(
    await call<HouseBindingView[]>(stack.base, 'GET', '/api/house-bindings/mine', resident.accessToken),
    200,
    'bindings',
  );
  const binding = bindings.find((entry) => entry.status === 'bound');
  if (!binding) throw new Error('demo-resident-1 has no bound house');
  const tree = must(
    await call<CategoryNode[]>(stack.base, 'GET', '/api/categories?kind=repair', resident.accessToken),
    200,
    'categories',
  );
  const category = findCategory(tree, '入户维修', '水电维修');

  const requestIds: number[] = [];
  for (let index = 0; index < REQUESTS; index++) {
    const filed = must(
      await call<RequestDetail>(stack.base, 'POST', '/api/requests', resident.accessToken, {
        kind: 'repair',
        houseBindingId: binding.id,
        categoryId: category.id,
        repairScope: 'in_home',
        repairItem: '厨房水龙头',
        repairLocation: '厨房水槽下方',
        content: `压测诉求 ${index + 1}：厨房水龙头一直滴水`,
        contactName: binding.name,
        contactPhone: binding.phone,
      }),
      201,
      'file a request',
    );
    const act = (token: string, action: string, body: object = {}) =>
      call<RequestDetail>(stack.base, 'POST', `/api/requests/${filed.id}/actions/${action}`, token, body);
    must(await act(receptionist.accessToken, 'accept'), 200, 'accept');
    const dispatched = must(
      await act(supervisor.accessToken, 'dispatch', { assigneeUserId: workerA.userId }),
      200,
      'dispatch',
    );
    if (dispatched.status !== 'dispatched') throw new Error(`request ${filed.id} is ${dispatched.status}`);
    requestIds.push(filed.id);
  }
  return { supervisor: supervisor.accessToken, workerA, workerB, requestIds };
}

/** Until the outbox holds nothing pending or in flight; false on timeout. */
async function drained(stack: Stack, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = (await stack.db.query(
      "SELECT COUNT(*) AS n FROM notification_delivery WHERE status IN ('pending', 'sending')",
    )) as { n: number | string }[];
    if (Number(row.n) === 0) return true;
    if (Date.now() > deadline || interrupted) return false;
    await sleep(100);
  }
}

/** Bare template_send round trips: the part of the latency no outbox change can remove. */
async function measureFloor(stack: Stack): Promise<Summary> {
  const { appid, secret } = stack.config.wechat.officialAccount;
  const { access_token: token } = await sandboxPost<{ access_token: string }>(stack, '/cgi-bin/stable_token', {
    grant_type: 'client_credential',
    appid,
    secret,
  });
  // A body exactly as the worker sends it, to a follower of its own so the worker's figures stay clean.
  const [row] = (await stack.db.query(
    "SELECT body FROM notification_delivery WHERE channel = 'template' ORDER BY id LIMIT 1",
  )) as { body: string | object }[];
  const template = (typeof row.body === 'string' ? JSON.parse(row.body) : row.body) as Record<string, unknown>;
  const touser = `bench-floor-${randomBytes(6).toString('hex')}`;
  await sandboxPost(stack, '/__sandbox/followers', { openid: touser, following: true });
  const samples: number[] = [];
  for (let index = 0; index < FLOOR_WARMUP + FLOOR_SENDS; index++) {
    const started = performance.now();
    const result = await callWechat(stack.config.wechat.apiBase, {
      method: 'POST',
      path: '/cgi-bin/message/template/send',
      query: { access_token: token },
      body: { ...template, touser, client_msg_id: `bench-floor-${index}` },
      timeoutMs: 5000,
    });
    const elapsed = performance.now() - started;
    if (result.kind !== 'answer' || result.errcode !== 0) throw new Error(`floor send: ${JSON.stringify(result)}`);
    if (index >= FLOOR_WARMUP) samples.push(elapsed);
  }
  return summarise(samples);
}

interface Change {
  requestId: number;
  assigneeUserId: number;
  /** Wall clock just before the HTTP call, comparable with the sandbox's receivedAt. */
  t0: number;
  status?: number;
  answeredAt?: number;
  eventId?: number;
  error?: string;
}

interface Load {
  changes: Change[];
  elapsedSeconds: number;
  /** Wall clock when the first change was due, to place each message in a window of the run. */
  startedAt: number;
  /** 1-minute load averages before and after: other work on the machine skews every figure. */
  loadBefore: number;
  loadAfter: number;
  maxLagMs: number;
}

/** Reassigns on a fixed schedule, never waiting for an answer before the next change is due. */
async function runLoad(stack: Stack, cast: Cast): Promise<Load> {
  const total = Math.round(SECONDS * RATE);
  const interval = 1000 / RATE;
  const assignee = new Map(cast.requestIds.map((id) => [id, cast.workerA.userId]));
  const changes: Change[] = [];
  const inFlight = new Set<Promise<void>>();
  let maxLagMs = 0;
  const loadBefore = loadavg()[0];
  const start = performance.now();
  const startedAt = Date.now();
  for (let index = 0; index < total && !interrupted; index++) {
    const due = start + index * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    // A late tick fires at once: the offered count stays right and the lag shows the generator fell behind.
    maxLagMs = Math.max(maxLagMs, performance.now() - due);
    const requestId = cast.requestIds[index % cast.requestIds.length];
    const to = assignee.get(requestId) === cast.workerA.userId ? cast.workerB.userId : cast.workerA.userId;
    assignee.set(requestId, to);
    const change: Change = { requestId, assigneeUserId: to, t0: Date.now() };
    changes.push(change);
    const sent = call<RequestDetail>(
      stack.base,
      'POST',
      `/api/requests/${requestId}/actions/reassign`,
      cast.supervisor,
      {
        assigneeUserId: to,
      },
    )
      .then((answer) => {
        change.answeredAt = Date.now();
        change.status = answer.status;
        if (answer.status === 200) {
          // The answer's timeline ends with this step (changes to one request are a second apart).
          change.eventId = answer.body.events.filter((event) => event.action === 'reassign').at(-1)?.id;
        }
      })
      .catch((error: unknown) => {
        const timedOut = error instanceof Error && error.name === 'TimeoutError';
        change.error = timedOut ? `no answer in ${CALL_TIMEOUT_MS / 1000} s` : String(error);
      })
      .finally(() => inFlight.delete(sent));
    inFlight.add(sent);
    if ((index + 1) % Math.round(RATE * 10) === 0) {
      log(`${index + 1}/${total} changes fired, ${inFlight.size} unanswered`);
    }
  }
  const elapsedSeconds = (performance.now() - start) / 1000;
  await Promise.all(inFlight);
  return { changes, elapsedSeconds, maxLagMs, startedAt, loadBefore, loadAfter: loadavg()[0] };
}

/** What the failed changes got back, e.g. "HTTP 409 ×2, no answer in 10 s ×40". */
function failureKinds(changes: Change[]): string {
  const counts = new Map<string, number>();
  for (const change of changes) {
    if (change.status === 200) continue;
    const kind = change.status ? `HTTP ${change.status}` : (change.error ?? 'no answer');
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].map(([kind, count]) => `${kind} ×${count}`).join(', ');
}

interface PoolInternals {
  config?: { connectionLimit?: number };
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  _connectionQueue?: { length: number };
}

/**
 * Why a run stalled, seen from both ends: transactions the app holds open without running a
 * statement, and its mysql2 pool (private fields, read for this diagnosis only).
 */
async function stallSigns(stack: Stack): Promise<string> {
  const [row] = (await stack.db.query(
    `SELECT COUNT(*) AS n FROM information_schema.innodb_trx t
       JOIN information_schema.processlist p ON p.id = t.trx_mysql_thread_id
      WHERE p.db = DATABASE() AND p.command = 'Sleep' AND TIMESTAMPDIFF(SECOND, t.trx_started, NOW()) >= 5`,
  )) as { n: number | string }[];
  const idle = `${Number(row.n)} transactions open but idle for 5 s or more`;
  const pool = (held.appDataSource?.driver as unknown as { pool?: PoolInternals } | undefined)?.pool;
  if (!pool?._allConnections || !pool._freeConnections || !pool._connectionQueue) return idle;
  const inUse = pool._allConnections.length - pool._freeConnections.length;
  return `${idle}; app pool ${inUse}/${pool.config?.connectionLimit ?? '?'} connections in use, ${pool._connectionQueue.length} callers waiting for one`;
}

interface DeliveryRow {
  id: number;
  status: string;
  topic: string;
  eventId: number;
  createdAt: Date;
}

async function report(stack: Stack, cast: Cast, load: Load, floor: Summary, firstLoadDelivery: number) {
  const settled = await drained(stack, DRAIN_TIMEOUT_MS);
  const rows = (
    (await stack.db.query(
      `SELECT d.id, d.status, d.created_at AS createdAt, n.topic, n.event_id AS eventId
         FROM notification_delivery d JOIN notification n ON n.id = d.notification_id
        WHERE d.id >= ? ORDER BY d.id`,
      [firstLoadDelivery],
    )) as DeliveryRow[]
  ).map((row) => ({ ...row, id: Number(row.id), eventId: Number(row.eventId) }));

  const received = new Map<number, number>();
  let repeats = 0;
  for (const openid of [cast.workerA.oaOpenid, cast.workerB.oaOpenid]) {
    const messages = must(
      await call<SandboxMessage[]>(stack.sandbox.url, 'GET', `/__sandbox/messages?touser=${openid}`),
      200,
      'sandbox messages',
    );
    for (const message of messages) {
      const match = /^linli-(\d+)$/.exec(message.client_msg_id ?? '');
      if (!match || Number(match[1]) < firstLoadDelivery) continue;
      const id = Number(match[1]);
      // A repeat means a lease lapsed and the row went twice; the first arrival is what the worker felt.
      if (received.has(id)) repeats++;
      else received.set(id, Date.parse(message.receivedAt));
    }
  }

  const changeByEvent = new Map(load.changes.filter((c) => c.eventId).map((c) => [c.eventId!, c]));
  const fromCommit: number[] = [];
  // A p99 over the whole run hides whether it got worse as the run went on; windows show it.
  const byWindow: number[][] = [];
  const assignedFromCommit: number[] = [];
  const endToEnd: number[] = [];
  for (const row of rows) {
    const at = received.get(row.id);
    if (at === undefined) continue;
    const latency = at - row.createdAt.getTime();
    fromCommit.push(latency);
    const window = Math.max(0, Math.floor((row.createdAt.getTime() - load.startedAt) / (WINDOW_SECONDS * 1000)));
    (byWindow[window] ??= []).push(latency);
    if (row.topic !== 'task_assigned') continue;
    assignedFromCommit.push(latency);
    const change = changeByEvent.get(row.eventId);
    if (change) endToEnd.push(at - change.t0);
  }
  const ok = load.changes.filter((change) => change.status === 200);
  const answers = summarise(ok.map((change) => change.answeredAt! - change.t0));
  const latency = summarise(fromCommit);
  const assigned = summarise(assignedFromCommit);
  const e2e = summarise(endToEnd);
  const failedDeliveries = rows.filter((row) => row.status === 'failed').length;
  const failed = load.changes.length - ok.length;
  const stalled = !settled || load.changes.some((change) => change.error);
  const met = latency.p99 < GOAL_P99_MS && failed === 0 && settled && received.size === rows.length;

  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const [{ version }] = (await stack.db.query('SELECT VERSION() AS version')) as { version: string }[];
  const line = (label: string, s: Summary) =>
    `${label.padEnd(44)}${ms(s.p50).padStart(8)}${ms(s.p90).padStart(8)}${ms(s.p99).padStart(8)}${ms(s.max).padStart(8)}${String(s.n).padStart(7)}`;
  const out = [
    '',
    `notify-latency: ${RATE} changes/s for ${SECONDS} s over ${REQUESTS} requests, ${WORKERS} outbox worker process(es)`,
    `${availableParallelism()} cores (${cpu}), node ${process.version}, MariaDB ${version}; load average ${load.loadBefore.toFixed(2)} before, ${load.loadAfter.toFixed(2)} after`,
    '',
    `${'latency, ms'.padEnd(44)}${'p50'.padStart(8)}${'p90'.padStart(8)}${'p99'.padStart(8)}${'max'.padStart(8)}${'n'.padStart(7)}`,
    line('floor: bare template_send round trip', floor),
    line('change → sandbox receipt (all messages)', latency),
    line('  of which task_assigned (new assignee)', assigned),
    line('end to end: before the call → receipt', e2e),
    line('reassign answered (200)', answers),
    '',
    `change → receipt by ${WINDOW_SECONDS} s window of the load, p50/p99 ms (n):`,
    `  ${Array.from(byWindow, (values = []) => summarise(values))
      .map((s) => `${ms(s.p50)}/${ms(s.p99)} (${s.n})`)
      .join('  ')}`,
    '',
    `changes sent ${load.changes.length} in ${load.elapsedSeconds.toFixed(1)} s (${(load.changes.length / load.elapsedSeconds).toFixed(1)}/s, generator lag max ${ms(load.maxLagMs)} ms); failed ${failed}${failed ? ` (${failureKinds(load.changes)})` : ''}`,
    `messages: ${rows.length} outbox rows written, ${received.size} received, ${failedDeliveries} failed, ${repeats} repeats${settled ? '' : `, outbox NOT drained after ${DRAIN_TIMEOUT_MS / 1000} s`}`,
    `ratios: p50 ${ratio(latency.p50, floor.p50)} floor p50, p99 ${ratio(latency.p99, floor.p99)} floor p99`,
    ...(stalled ? [`server stalled: ${await stallSigns(stack)}`] : []),
    // Not met also when changes failed or messages never came: a p99 over the survivors would flatter the run.
    `goal p99 < ${GOAL_P99_MS} ms: ${met ? 'met' : 'not met'} (p99 ${ms(latency.p99)} ms; end to end ${ms(e2e.p99)} ms)`,
    '',
  ];
  console.log(out.join('\n'));
}

async function main(): Promise<void> {
  const name = benchDatabaseName();
  held.databaseName = name;
  log(`creating, migrating and seeding ${name}`);
  const stack = await startStack(await createDatabase(name));
  log(`app ${stack.base}, sandbox ${stack.sandbox.url}`);
  const cast = await setUp(stack);
  if (!(await drained(stack, DRAIN_TIMEOUT_MS))) throw new Error('the setup’s notifications were not delivered');
  log(`${cast.requestIds.length} requests dispatched; setup notifications delivered`);
  const floor = await measureFloor(stack);
  log(`floor p50 ${ms(floor.p50)} ms, p99 ${ms(floor.p99)} ms`);
  const [{ next }] = (await stack.db.query('SELECT COALESCE(MAX(id), 0) + 1 AS next FROM notification_delivery')) as {
    next: number | string;
  }[];
  log(`load: ${RATE} reassigns/s for ${SECONDS} s over ${REQUESTS} requests`);
  const load = await runLoad(stack, cast);
  if (interrupted) return;
  await report(stack, cast, load, floor, Number(next));
}

main()
  .then(cleanup)
  .then(() => process.exit(interrupted ? 130 : 0))
  .catch(async (error: unknown) => {
    // After Ctrl-C the app closing under the run makes it fail; that is not the failure to show.
    if (!interrupted) console.error(error);
    await cleanup();
    process.exit(interrupted ? 130 : 1);
  });
