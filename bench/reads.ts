import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createPool } from 'mysql2/promise';
import { loadConfig } from '../server/src/config/config';
import { loadBulkRequests, type BulkResult, type BulkSpread } from '../server/test/support/bulk-requests';
import { benchDatabaseName, createBenchDatabase, dropBenchDatabase } from './support/database';
import { call, login } from './support/http';
import { removeLogs, startBenchSandbox, startFloor, startProduct, type RunningChild } from './support/processes';
import { machineLine, resultTable, withLoad, type CaseResult, type Measured } from './support/report';
import { isInterrupted, log, onCleanup, positiveNumber, runBench } from './support/run';
import { luaList, luaString, runWrk, type WrkResult } from './support/wrk';

/**
 * Issue 11: the four reads people wait on most — the resident's list, the task list, the desk's
 * queue and the detail — with a million requests (~3 events each) loaded by
 * server/test/support/bulk-requests.ts, in the realistic spread and in the harsh one, the product
 * beside a floor running the same statements bare (bench/floor/reads.ts).
 */

const SECONDS = positiveNumber('BENCH_SECONDS', 10);
const WARMUP_SECONDS = positiveNumber('BENCH_WARMUP_SECONDS', 3);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '16').split(',').map(Number);
const REQUESTS = positiveNumber('BENCH_REQUESTS', 1_000_000);
const SPREADS = (process.env.BENCH_SPREADS ?? 'realistic,harsh').split(',') as BulkSpread[];
const POOL_SIZE = loadConfig({}).database.poolSize;
/** The desk's 处理中 tab (mini-app/src/utils/queue.ts) narrowed to repairs, as the queue page's kind filter does. */
const DESK_QUERY = 'status=dispatched,taken,in_progress,fee_pending,on_hold&kind=repair&page=1&pageSize=10';

interface Read {
  name: string;
  /** Who calls, and the paths taken in turn (the detail goes through a sample of requests). */
  token: string;
  paths: string[];
}

async function readsOf(product: RunningChild, sandboxUrl: string, bulk: BulkResult): Promise<Read[]> {
  const token = async (openid: string) => (await login(product.base, sandboxUrl, openid)).accessToken;
  return [
    {
      name: `resident's list (${bulk.heavyResident.requestCount} requests)`,
      token: await token(bulk.heavyResident.openid),
      paths: ['/api/requests/mine?page=1&pageSize=10'],
    },
    {
      name: `task list (${bulk.busyWorker.openTasks} open tasks)`,
      token: await token(bulk.busyWorker.openid),
      paths: ['/api/tasks?tab=pending&page=1&pageSize=10'],
    },
    {
      name: 'desk list (in progress, repairs)',
      token: await token(bulk.deskUser.openid),
      paths: [`/api/requests?${DESK_QUERY}`],
    },
    {
      name: `detail (${bulk.sampleRequestIds.length} requests in turn)`,
      token: await token(bulk.manager.openid),
      paths: bulk.sampleRequestIds.map((id) => `/api/requests/${id}`),
    },
  ];
}

function readScript(read: Read): string {
  return `
local paths = ${luaList(read.paths)}
local headers = { ["Authorization"] = ${luaString(`Bearer ${read.token}`)} }
function make_request(n)
  return wrk.format("GET", paths[((n - 1) * nthreads + tid) % #paths + 1], headers)
end
`;
}

/**
 * Both servers answer one call of each read before the runs, and their totals and first-page
 * ids must agree: a floor that found fewer rows would be fast for the wrong reason.
 */
async function checkSameAnswers(product: RunningChild, floor: RunningChild, read: Read): Promise<void> {
  const path = read.paths[0];
  type Body = { total?: number; next?: string | null; id?: number; items?: { id: number }[] };
  const [mine, bare] = await Promise.all(
    [product, floor].map((server) => call<Body>(server.base, 'GET', path, read.token, undefined, 120_000)),
  );
  if (mine.status !== 200 || bare.status !== 200) {
    // Nothing to compare; the runs will show the failures (a product timing out under this data is a finding).
    log(`${read.name}: ${path} answered ${mine.status} by the product, ${bare.status} by the floor`);
    return;
  }
  const shape = (body: Body) =>
    JSON.stringify({ total: body.total, next: body.next, id: body.id, items: body.items?.map((i) => i.id) });
  if (shape(mine.body) !== shape(bare.body)) {
    throw new Error(`${read.name}: the product answered ${shape(mine.body)}, the floor ${shape(bare.body)}`);
  }
}

async function measure(servers: { product: RunningChild; floor: RunningChild }, read: Read, connections: number) {
  const script = readScript(read);
  const run = (server: RunningChild, seconds: number) =>
    withLoad(() => runWrk({ base: server.base, connections, seconds, script }), server.child.pid);
  const sides: Measured[] = [];
  for (const server of [servers.product, servers.floor]) {
    // Each server's own warm-up just before its run, so the floor's caches are as warm as the product's.
    await run(server, WARMUP_SECONDS);
    sides.push(await run(server, SECONDS));
  }
  return { product: sides[0], floor: sides[1] };
}

function describe(result: WrkResult): string {
  const problems = result.problems.length ? `; ${result.problems.join(', ')}` : '';
  return `${result.perSecond.toFixed(1)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(1)} ms${problems}`;
}

async function benchSpread(spread: BulkSpread, sandboxUrl: string): Promise<{ cases: CaseResult[]; line: string }> {
  const name = benchDatabaseName();
  onCleanup(`dropping ${name}`, () => dropBenchDatabase(name));
  log(`${spread}: creating, migrating and seeding ${name}`);
  const database = await createBenchDatabase(name);
  const bulk = await loadBulkRequests(database.url, { requests: REQUESTS, spread, log });
  log(`${spread}: ${bulk.requests} requests and ${bulk.events} events loaded in ${(bulk.ms / 1000).toFixed(0)} s`);
  const product = await startProduct({
    databaseUrl: database.url,
    sandboxUrl,
    tokenSecret: randomBytes(32).toString('hex'),
  });
  const floor = await startFloor(database.url, [join(__dirname, 'floor/reads.ts')], POOL_SIZE);
  const servers = { product, floor };
  const cases: CaseResult[] = [];
  for (const read of await readsOf(product, sandboxUrl, bulk)) {
    await checkSameAnswers(product, floor, read);
    for (const connections of CONNECTIONS) {
      if (isInterrupted()) break;
      const measured = await measure(servers, read, connections);
      const label = `${spread}: ${read.name}, ${connections} connections`;
      log(`${label}: Linli ${describe(measured.product.result)}; floor ${describe(measured.floor.result)}`);
      cases.push({ name: label, ...measured });
    }
  }
  const pool = createPool({ uri: database.url, connectionLimit: 1 });
  const line = await machineLine(pool).finally(() => pool.end());
  const warnings = product.logLines();
  if (warnings.length)
    log(`${spread}: the product logged ${warnings.length} line(s) (${product.logFile}): ${warnings[0].slice(0, 300)}`);
  await product.stop();
  await floor.stop();
  await dropBenchDatabase(name);
  log(`dropped database ${name}`);
  return { cases, line };
}

async function main(): Promise<void> {
  const sandbox = await startBenchSandbox();
  const cases: CaseResult[] = [];
  let machine = '';
  for (const spread of SPREADS) {
    if (isInterrupted()) return;
    const result = await benchSpread(spread, sandbox.url);
    cases.push(...result.cases);
    machine = result.line;
  }
  console.log(
    [
      '',
      `reads: ${REQUESTS.toLocaleString('en')} requests per spread, ${SECONDS} s per run after ${WARMUP_SECONDS} s of warm-up, pool ${POOL_SIZE} connections each; load is the 1-minute average before→after each run`,
      machine,
      '',
      resultTable(cases),
      '',
    ].join('\n'),
  );
  removeLogs();
}

runBench(main);
