import type { ListPage, RequestSummary, TaskCounts } from '@linli/shared';
import { createConnection, type Connection } from 'mysql2/promise';
import { authOf, type Auth } from './support/api';
import { loadBulkRequests, type BulkResult, type BulkUser } from './support/bulk-requests';
import { createOwnDatabase } from './support/own-database';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Every list a caller can ask for, on a million requests: each statement the app sends about
 * the request tables is run again under `ANALYZE FORMAT=JSON` (MariaDB executes it and reports
 * the rows each table access really read), and none may read more than ROW_BOUND rows, scan a
 * big table or sort one. The statements are the app's own, caught through TypeORM's logger.
 *
 * The database is this suite's own: a million requests in the harsh spread (one project, five
 * residents owning 80%, sixteen workers holding every open task) and a tenth of that in the
 * realistic one (50 projects: a manager and an administrator over many projects).
 */

const REQUESTS = Number(process.env.LIST_PLANS_REQUESTS ?? 1_000_000);
/** Rows one statement may read: a few pages per branch, far from any project's size. */
const ROW_BOUND = 5_000;
/** Tables this small may be read whole (departments, categories of a join). */
const SMALL_TABLE = 1_000;

let database: { url: string; drop(): Promise<void> };
let ctx: TestContext;
let mysql: Connection;
let harsh: BulkResult;
let realistic: BulkResult;
let capturing = false;
const captured: { sql: string; params: unknown[] }[] = [];
const tokens = new Map<string, Auth>();

beforeAll(async () => {
  database = await createOwnDatabase();
  harsh = await loadBulkRequests(database.url, { requests: REQUESTS, spread: 'harsh' });
  realistic = await loadBulkRequests(database.url, { requests: Math.ceil(REQUESTS / 10), spread: 'realistic' });
  ctx = await createTestContext({ env: { DATABASE_URL: database.url } });
  const logger = ctx.dataSource.logger;
  const logQuery = logger.logQuery.bind(logger);
  logger.logQuery = (query, parameters, runner) => {
    if (capturing) captured.push({ sql: query, params: (parameters as unknown[] | undefined) ?? [] });
    logQuery(query, parameters, runner);
  };
  mysql = await createConnection({ uri: database.url, timezone: 'Z' });
}, 30 * 60_000);

afterAll(async () => {
  await mysql?.end();
  await ctx?.close();
  await database?.drop();
});

async function authFor(user: BulkUser): Promise<Auth> {
  let auth = tokens.get(user.openid);
  if (!auth) {
    auth = authOf(await ctx.login(user.openid));
    tokens.set(user.openid, auth);
  }
  return auth;
}

/** The statements one call sends about the request tables, with the answer. */
async function call(user: BulkUser, path: string): Promise<{ body: unknown; statements: typeof captured }> {
  const auth = await authFor(user);
  captured.length = 0;
  capturing = true;
  const res = await ctx.http().get(path).set(auth);
  capturing = false;
  expect({ path, status: res.status }).toEqual({ path, status: 200 });
  const statements = captured.filter(
    ({ sql }) => /\b(request|request_event)\b/i.test(sql) && /^[\s(]*SELECT/i.test(sql),
  );
  return { body: res.body, statements: [...statements] };
}

interface TableRead {
  table: string;
  access: string;
  rows: number;
  read: number;
}
interface PlanFacts {
  tables: TableRead[];
  /** Real tables (not merged branches) under a filesort. */
  sortedTables: string[];
}

/** Walks ANALYZE FORMAT=JSON: every table access with what it read, and what each filesort sorted. */
function factsOf(node: unknown, facts: PlanFacts = { tables: [], sortedTables: [] }, underSort = false): PlanFacts {
  if (Array.isArray(node)) {
    for (const item of node) factsOf(item, facts, underSort);
    return facts;
  }
  if (!node || typeof node !== 'object') return facts;
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (key === 'table' && value && typeof value === 'object') {
      const table = value as Record<string, unknown>;
      const name = String(table.table_name);
      facts.tables.push({
        table: name,
        access: String(table.access_type),
        rows: Number(table.rows ?? 0),
        read: Number(table.r_loops ?? 0) * Number(table.r_rows ?? 0),
      });
      if (underSort && !name.startsWith('<')) facts.sortedTables.push(name);
      // A materialized derived table sorts (or not) on its own.
      factsOf(table.materialized, facts, false);
      continue;
    }
    if (key === 'materialized' || key === 'subqueries' || key === 'union_result') {
      factsOf(value, facts, false);
      continue;
    }
    factsOf(value, facts, underSort || key === 'filesort');
  }
  return facts;
}

async function analyze(statement: { sql: string; params: unknown[] }): Promise<PlanFacts & { ms: number }> {
  const [rows] = await mysql.query(`ANALYZE FORMAT=JSON ${statement.sql}`, statement.params);
  const plan = JSON.parse((rows as { ANALYZE: string }[])[0].ANALYZE) as { query_block: { r_total_time_ms: number } };
  return { ...factsOf(plan), ms: plan.query_block.r_total_time_ms };
}

/** Asserts the bounds for every statement of one call. */
async function expectBounded(user: BulkUser, path: string): Promise<unknown> {
  const { body, statements } = await call(user, path);
  // No statement at all only for an answer known empty beforehand (a handler outside the caller's projects).
  const empty = (body as { items?: unknown[] }).items?.length === 0;
  expect({ path, statements: statements.length > 0 || empty }).toEqual({ path, statements: true });
  for (const statement of statements) {
    const facts = await analyze(statement);
    // Real tables only: a merge of branches (<derived…>, <union…>) re-reads what they read.
    const tables = facts.tables.filter((table) => !table.table.startsWith('<'));
    const read = tables.reduce((sum, table) => sum + table.read, 0);
    const scans = tables.filter(
      (table) => (table.access === 'ALL' || table.access === 'index') && Math.max(table.rows, table.read) > SMALL_TABLE,
    );
    const report = { path, sql: statement.sql.slice(0, 300), read, scans, sorted: facts.sortedTables };
    expect(report).toEqual({ ...report, read: expect.any(Number), scans: [], sorted: [] });
    expect({ path, read: read <= ROW_BOUND ? 'bounded' : read }).toEqual({ path, read: 'bounded' });
  }
  return body;
}

const ACTIVE = 'dispatched,taken,in_progress,fee_pending,on_hold';
/** Each case runs dozens of calls and re-runs their statements: far beyond the default 30 s on a busy machine. */
const CASE_TIMEOUT = 10 * 60_000;

describe('every list on a million requests reads a bounded number of rows', () => {
  it(
    "the resident's list, with and without status groups, and on by cursor",
    async () => {
      const resident = harsh.heavyResident;
      expect(resident.requestCount).toBeGreaterThan(100_000 * (REQUESTS / 1_000_000));
      for (const status of ['', 'open', 'resolved', 'closed', 'in_progress', 'cancelled']) {
        const path = status ? `/api/requests/mine?status=${status}` : '/api/requests/mine';
        const page = (await expectBounded(resident, path)) as ListPage<RequestSummary>;
        expect(page.items.length).toBeLessThanOrEqual(10);
      }
      const first = (await expectBounded(resident, '/api/requests/mine?pageSize=50')) as ListPage<RequestSummary>;
      expect(first).toMatchObject({ total: 1000, totalCapped: true, next: expect.any(String) });
      const second = (await expectBounded(
        resident,
        `/api/requests/mine?pageSize=50&cursor=${first.next}`,
      )) as ListPage<RequestSummary>;
      const both = [...first.items, ...second.items];
      expect(new Set(both.map((item) => item.id)).size).toBe(100);
      const times = both.map((item) => Date.parse(item.createdAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      // Page numbers still work, as deep as the offset limit.
      await expectBounded(resident, '/api/requests/mine?page=20&pageSize=50');
    },
    CASE_TIMEOUT,
  );

  it(
    '我的任务 and its counts, for the busiest worker, a claim worker and a supervisor',
    async () => {
      for (const user of [harsh.busyWorker, harsh.claimWorker, harsh.supervisor]) {
        for (const tab of ['pending', 'active', 'done']) {
          const page = (await expectBounded(user, `/api/tasks?tab=${tab}`)) as ListPage<RequestSummary>;
          if (page.next) await expectBounded(user, `/api/tasks?tab=${tab}&cursor=${page.next}`);
        }
        const counts = (await expectBounded(user, '/api/tasks/counts')) as TaskCounts;
        expect(Object.keys(counts.capped).sort()).toEqual(['active', 'done', 'pending']);
      }
      expect(harsh.busyWorker.openTasks).toBeGreaterThan(1000 * (REQUESTS / 1_000_000));
    },
    CASE_TIMEOUT,
  );

  it(
    'the desk queue with no filter and with typical filters, and 待回访, for every staff-side role',
    async () => {
      const engineering = harsh.supervisor.departmentId;
      const desk = [
        '',
        '?status=received',
        '?status=accepted',
        `?status=${ACTIVE}`,
        '?status=invalid_pending',
        '?kind=repair',
        '?kind=suggestion&status=received',
        `?departmentId=${engineering}`,
        `?departmentId=${engineering}&status=accepted`,
        `?departmentId=${engineering}&kind=complaint&status=${ACTIVE}`,
        '?pageSize=50',
      ];
      for (const user of [harsh.deskUser, harsh.supervisor, harsh.manager, realistic.manager, realistic.admin]) {
        for (const query of desk) {
          const page = (await expectBounded(user, `/api/requests${query}`)) as ListPage<RequestSummary>;
          if (query === '' && page.next) await expectBounded(user, `/api/requests?cursor=${page.next}`);
        }
        const callbacks = (await expectBounded(user, '/api/callbacks/due')) as ListPage<RequestSummary>;
        if (callbacks.next) await expectBounded(user, `/api/callbacks/due?cursor=${callbacks.next}`);
      }
    },
    CASE_TIMEOUT,
  );

  it(
    'the desk by the nearest limit, the new filters and the search, for every staff-side role',
    async () => {
      const engineering = harsh.supervisor.departmentId;
      // The heavy resident's phone, name and room, a category, a number: what a caller gives the desk.
      const [[heavy], [sample]] = (
        await Promise.all([
          mysql.query(
            'SELECT r.contact_phone AS phone, r.contact_name AS name, rm.name AS door FROM request r ' +
              'JOIN room rm ON rm.id = r.room_id WHERE r.resident_user_id = ? LIMIT 1',
            [harsh.heavyResident.userId],
          ),
          mysql.query('SELECT number, category_id AS categoryId FROM request WHERE id = ?', [
            harsh.sampleRequestIds[7],
          ]),
        ])
      ).map(([rows]) => rows as Record<string, string>[]);
      const day = (offset: number) =>
        new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
      const open = `received,accepted,${ACTIVE},invalid_pending`;
      const lists = [
        '?sort=deadline',
        `?status=${ACTIVE}&sort=deadline`,
        '?kind=repair&status=received&sort=deadline',
        `?departmentId=${engineering}&sort=deadline`,
        `?departmentId=${engineering}&status=${open}&due=overdue`,
        `?departmentId=${engineering}&status=${open}&due=nearing`,
        '?departmentId=none&sort=deadline',
        `?categoryId=${sample.categoryId}`,
        `?categoryId=${sample.categoryId}&status=closed`,
        `?categoryId=${sample.categoryId}&status=${ACTIVE}&sort=deadline`,
        '?due=overdue',
        '?due=nearing',
        `?assigneeUserId=${harsh.busyWorker.userId}&status=${ACTIVE}&sort=deadline`,
        `?assigneeUserId=${harsh.busyWorker.userId}&status=${open}&due=overdue`,
        `?from=${day(-30)}&to=${day(0)}`,
        `?status=closed&from=${day(-365)}&to=${day(-30)}`,
      ];
      const searches = [heavy.phone, heavy.phone.slice(-4), heavy.name, heavy.door, sample.number].map(
        (q) => `?q=${encodeURIComponent(q)}`,
      );
      searches.push(`?q=${heavy.phone}&status=closed`, `?q=${heavy.phone.slice(-4)}&kind=repair&status=${ACTIVE}`);
      for (const user of [harsh.deskUser, harsh.supervisor, harsh.manager, realistic.manager, realistic.admin]) {
        for (const query of [...lists, ...searches]) {
          const page = (await expectBounded(user, `/api/requests${query}`)) as ListPage<RequestSummary>;
          if (page.next) await expectBounded(user, `/api/requests${query}&cursor=${page.next}`);
        }
        await expectBounded(user, `/api/desk/callers?q=${heavy.phone}`);
        await expectBounded(user, `/api/desk/callers?q=${encodeURIComponent(heavy.door)}`);
      }
      // Most urgent first, across pages.
      const first = (await expectBounded(
        harsh.deskUser,
        `/api/requests?status=${ACTIVE}&sort=deadline&pageSize=50`,
      )) as ListPage<RequestSummary>;
      const second = (await expectBounded(
        harsh.deskUser,
        `/api/requests?status=${ACTIVE}&sort=deadline&pageSize=50&cursor=${first.next}`,
      )) as ListPage<RequestSummary>;
      const dues = [...first.items, ...second.items].map((item) => Date.parse(item.deadline?.dueAt ?? '9999-12-31'));
      expect(dues).toEqual([...dues].sort((a, b) => a - b));
      // The whole phone finds the heavy resident's requests, capped.
      const found = (await expectBounded(harsh.deskUser, `/api/requests?q=${heavy.phone}`)) as ListPage<RequestSummary>;
      expect(found).toMatchObject({ total: 1000, totalCapped: true });
    },
    CASE_TIMEOUT,
  );

  it(
    'pages over many branches give the same rows as one plain sorted query',
    async () => {
      // 50 projects × 5 statuses at 50 a page: past the row budget, so the heads are read first.
      const manager = realistic.manager;
      const statuses = ACTIVE.split(',');
      const [expected] = await mysql.query(
        'SELECT id FROM request WHERE project_id IN (?) AND status IN (?) ORDER BY created_at DESC, id DESC LIMIT 100',
        [manager.projectIds, statuses],
      );
      const first = (await expectBounded(
        manager,
        `/api/requests?status=${ACTIVE}&pageSize=50`,
      )) as ListPage<RequestSummary>;
      const second = (await expectBounded(
        manager,
        `/api/requests?status=${ACTIVE}&pageSize=50&cursor=${first.next}`,
      )) as ListPage<RequestSummary>;
      expect([...first.items, ...second.items].map((item) => item.id)).toEqual(
        (expected as { id: number }[]).map((row) => row.id),
      );
    },
    CASE_TIMEOUT,
  );
});
