import { randomBytes } from 'node:crypto';
import type { RequestDetail } from '@linli/shared';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '../src/database/data-source';
import { EscalationSweeper } from '../src/modules/escalations/escalation-sweeper';
import { seedDemoData } from '../src/modules/seed/demo-seed';
import {
  actOk,
  complaintOf,
  demoStaff,
  detailOf,
  fileRequest,
  HOUR_MS,
  insertCategory,
  residentPerson,
  retireCategories,
  ownTeam,
  type Person,
} from './support/lifecycle';
import { inbox } from './support/notifications';
import { createTestContext, type TestContext } from './support/test-app';
import { startWorkerProcess, stopped, waitFor } from './support/worker-process';

/**
 * Issue 6, escalation: with the clock moved, late work climbs assignee → supervisor → manager →
 * general manager, each level once per deadline, on the timeline and told through the outbox.
 */

let ctx: TestContext;
let receptionist: Person;
let manager: Person;
let admin: Person;
let supervisor: Person;
let worker: Person;
let categoryId: number;
let repairCategory: number;
let departmentId: number;
const MINUTE_MS = 60_000;

beforeAll(async () => {
  ctx = await createTestContext();
  ({ receptionist, manager } = await demoStaff(ctx));
  ({
    admin,
    supervisor,
    worker,
    departmentId,
    complaintCategory: categoryId,
    repairCategory,
  } = await ownTeam(ctx, '督办'));
});
afterAll(async () => {
  await retireCategories(ctx, [categoryId, repairCategory]);
  await ctx.close();
});
afterEach(() => ctx.clock.reset());

// Only this suite's department: the database is shared with suites whose clocks are elsewhere.
const sweep = () => ctx.app.get(EscalationSweeper).sweep({ departmentIds: [departmentId] });
const escalations = (detail: RequestDetail) =>
  detail.events
    .filter((event) => event.action === 'escalate')
    .map((event) => [event.data?.reason, event.data?.level, event.actorRoleLabel, event.internal]);

it('a general complaint answered but never dispatched climbs every level once per deadline, step by step on the timeline', async () => {
  const start = Date.parse('2026-11-27T07:00:00Z'); // Friday 15:00 in Shanghai
  const at = (ms: number) => ctx.clock.set(new Date(start + ms));
  at(0);
  const resident = await residentPerson(ctx);
  const filed = await fileRequest(ctx, resident, complaintOf(resident, categoryId));
  // The desk answers at once, so only the dispatch and resolution limits run late (the first reply's own ladder: deadline-escalations).
  await actOk(ctx, receptionist, filed.id, 'reply', { note: '已收到，正在安排' });
  expect(await sweep()).toBe(0);

  at(9 * MINUTE_MS); // the last fifth of its 10 minutes to dispatch
  expect(await sweep()).toBe(1);
  expect(await sweep()).toBe(0);
  at(10 * MINUTE_MS);
  expect(await sweep()).toBe(1);
  at(40 * MINUTE_MS); // half an hour (half the one-hour minimum span) past due
  expect(await sweep()).toBe(1);
  at(70 * MINUTE_MS);
  expect(await sweep()).toBe(1);
  expect(await sweep()).toBe(0);

  // Days later the resolution limit (Wednesday 15:00) is long past too: still one level per run.
  at(10 * 24 * HOUR_MS);
  for (let run = 0; run < 4; run++) expect(await sweep()).toBe(1);
  expect(await sweep()).toBe(0);

  const detail = await detailOf(ctx, supervisor, filed.id);
  expect(escalations(detail)).toEqual([
    ['dispatch', 1, '系统', true],
    ['dispatch', 2, '系统', true],
    ['dispatch', 3, '系统', true],
    ['dispatch', 4, '系统', true],
    ['resolution', 1, '系统', true],
    ['resolution', 2, '系统', true],
    ['resolution', 3, '系统', true],
    ['resolution', 4, '系统', true],
  ]);
  expect(detail.events.find((event) => event.action === 'escalate' && event.data?.level === 2)?.note).toBe(
    '派单时限 2026-11-27 15:10 已超时，升级至部门主管督办',
  );
  // The resident sees the deadlines, not who was chased.
  expect((await detailOf(ctx, resident, filed.id)).events.some((event) => event.action === 'escalate')).toBe(false);

  // Each level told through the outbox's message centre: the supervisor first (nobody is assigned
  // yet), then the project manager, then the company's general management. Nobody here follows
  // the official account, so each notice also climbs on at once to the levels above it (issue
  // 12): a warning no phone rings for is passed up, not lost.
  const topics = async (who: Person) => (await inbox(ctx, who, filed.id)).map((item) => item.topic);
  const ladder = ['deadline_near', 'escalated', 'escalated', 'escalated'];
  expect(await topics(supervisor)).toEqual(['deadline_near', 'escalated', 'deadline_near', 'escalated']);
  expect(await topics(manager)).toEqual([...ladder.slice(0, 3), ...ladder.slice(0, 3)]);
  expect(await topics(admin)).toEqual([...ladder, ...ladder]);
  const [near] = await inbox(ctx, manager, filed.id);
  expect(near.body).toContain('主管未开通微信通知，转由您跟进');
  const [{ n }] = (await ctx.dataSource.query('SELECT COUNT(*) AS n FROM escalation WHERE request_id = ?', [
    filed.id,
  ])) as Array<{ n: number }>;
  expect(Number(n)).toBe(8);
});

it('dispatching in time stops the dispatch ladder; the assignee is the one told the resolution is near', async () => {
  const start = Date.parse('2026-11-27T07:00:00Z');
  ctx.clock.set(new Date(start));
  const resident = await residentPerson(ctx);
  const filed = await fileRequest(ctx, resident, complaintOf(resident, categoryId));
  await actOk(ctx, receptionist, filed.id, 'accept');
  await actOk(ctx, receptionist, filed.id, 'reply', { note: '已安排工程部处理' });
  await actOk(ctx, supervisor, filed.id, 'dispatch', { assigneeUserId: worker.userId });
  ctx.clock.set(new Date(start + 2 * HOUR_MS));
  expect(await sweep()).toBe(0);
  // Wednesday 15:00 is due: the last fifth of the span starts on Tuesday evening.
  ctx.clock.set('2026-12-01T23:00:00Z');
  expect(await sweep()).toBe(1);
  expect((await inbox(ctx, worker, filed.id)).map((item) => item.topic)).toEqual(['task_assigned', 'deadline_near']);
  await actOk(ctx, worker, filed.id, 'take');
  await actOk(ctx, worker, filed.id, 'start');
  await actOk(ctx, worker, filed.id, 'complete', { note: '已处理' });
  ctx.clock.set('2026-12-10T07:00:00Z');
  // Resolved: the resolution ladder is over, and the callback's own one (3 days from the resolution) begins.
  expect(await sweep()).toBe(1);
  const [last] = (await detailOf(ctx, supervisor, filed.id)).events
    .filter((event) => event.action === 'escalate')
    .reverse();
  expect(last.data).toMatchObject({ reason: 'callback', level: 1 });
  await actOk(ctx, resident, filed.id, 'rate', { satisfaction: 'satisfied', speed: 5, quality: 5, attitude: 5 });
  expect(await sweep()).toBe(0);
});

it('a grade A complaint reaches the project manager at once, before any sweep', async () => {
  const grave = await insertCategory(ctx, 'complaint', null, 'A');
  const resident = await residentPerson(ctx);
  const filed = await fileRequest(ctx, resident, complaintOf(resident, grave.id));
  expect((await inbox(ctx, manager, filed.id)).map((item) => item.topic)).toEqual(['grave_complaint']);
  await retireCategories(ctx, [grave.id]);
});

it('urging three times brings in the supervisor, five times the manager', async () => {
  const start = Date.parse('2026-11-27T01:00:00Z');
  ctx.clock.set(new Date(start));
  const resident = await residentPerson(ctx);
  const filed = await fileRequest(ctx, resident, complaintOf(resident, categoryId));
  await actOk(ctx, receptionist, filed.id, 'accept');
  await actOk(ctx, supervisor, filed.id, 'dispatch', { assigneeUserId: worker.userId });
  const urge = async (times: number) => {
    for (let n = 0; n < times; n++) {
      ctx.clock.advance(2 * HOUR_MS + MINUTE_MS);
      await actOk(ctx, resident, filed.id, 'urge', { note: '还没处理' });
    }
  };
  await urge(2);
  const escalatedFor = async () =>
    (
      (await ctx.dataSource.query(
        "SELECT level FROM escalation WHERE request_id = ? AND reason = 'urge' ORDER BY level",
        [filed.id],
      )) as Array<{ level: number }>
    ).map((row) => Number(row.level));
  await sweep();
  expect(await escalatedFor()).toEqual([]);
  await urge(1);
  await sweep();
  expect(await escalatedFor()).toEqual([2]);
  await urge(2);
  await sweep();
  expect(await escalatedFor()).toEqual([2, 3]);
  const notes = (await detailOf(ctx, supervisor, filed.id)).events
    .filter((event) => event.action === 'escalate' && event.data?.reason === 'urge')
    .map((event) => event.note);
  expect(notes).toEqual(['业主已催办 3 次，升级至部门主管督办', '业主已催办 5 次，升级至项目经理督办']);
});

describe('two server processes sweeping one database', () => {
  const name = `${process.env.LINLI_TEST_DATABASE}_sweep_${randomBytes(2).toString('hex')}`;
  const url = `${process.env.DATABASE_URL!.replace(/\/[^/]+$/, '')}/${name}`;
  let db: DataSource;

  // A database of its own: the processes sweep everything they find, other suites' requests included.
  beforeAll(async () => {
    await runMigrations(url);
    db = new DataSource(dataSourceOptions(url));
    await db.initialize();
    await seedDemoData(db);
  }, 120_000);
  afterAll(async () => {
    await db.query(`DROP DATABASE \`${name}\``);
    await db.destroy();
  });

  it('take each level exactly once', async () => {
    const [{ projectId, categoryId: category, userId }] = (await db.query(
      `SELECT p.id AS projectId, c.id AS categoryId, u.id AS userId FROM project p, category c, \`user\` u
        WHERE c.kind = 'complaint' AND c.parent_id IS NOT NULL AND u.openid = 'demo-resident-1' LIMIT 1`,
    )) as Array<{ projectId: number; categoryId: number; userId: number }>;
    // Twenty complaints whose dispatch limit ran out hours ago: each is owed all four levels.
    const now = Date.now();
    for (let index = 0; index < 20; index++) {
      await db.query(
        `INSERT INTO request (number, kind, status, grade, source, project_id, resident_user_id, contact_name,
           contact_phone, category_id, content, round, urge_count, version, created_at, updated_at, dispatch_due_at)
         VALUES (?, 'complaint', 'received', 'C', 'mini_program', ?, ?, '张伟', '13800000001', ?, '楼道灯坏了很久', 1, 0, 1, ?, ?, ?)`,
        [
          `TS20261127${String(9000 + index)}`,
          projectId,
          userId,
          category,
          new Date(now - 10 * HOUR_MS),
          new Date(now - 10 * HOUR_MS),
          new Date(now - 9 * HOUR_MS),
        ],
      );
    }
    const env = { DATABASE_URL: url, ESCALATION_SWEEP: 'on', ESCALATION_SWEEP_MS: '150' };
    const processes = [startWorkerProcess(ctx, env), startWorkerProcess(ctx, env)];
    const count = async (sql: string) => Number(((await db.query(sql)) as Array<{ n: number }>)[0].n);
    try {
      await waitFor(
        async () => (await count("SELECT COUNT(*) AS n FROM escalation WHERE reason = 'dispatch'")) === 80,
        60_000,
        async () => `escalations: ${await count('SELECT COUNT(*) AS n FROM escalation')}`,
      );
      // A few more rounds from both, to show they find nothing left to do.
      await new Promise((resolve) => setTimeout(resolve, 600));
    } finally {
      await Promise.all(processes.map((child) => stopped(child, 'SIGTERM')));
    }
    expect(await count('SELECT COUNT(*) AS n FROM escalation')).toBe(80);
    expect(await count("SELECT COUNT(*) AS n FROM request_event WHERE action = 'escalate'")).toBe(80);
    expect(
      await count(
        'SELECT COUNT(*) AS n FROM (SELECT request_id, level FROM escalation GROUP BY request_id, level HAVING COUNT(*) > 1) d',
      ),
    ).toBe(0);
  }, 120_000);
});
