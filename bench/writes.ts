import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { CategoryNode, RequestDetail } from '@linli/shared';
import { createPool, type Pool } from 'mysql2/promise';
import { loadConfig } from '../server/src/config/config';
import { benchDatabaseName, createBenchDatabase, dropBenchDatabase } from './support/database';
import { bindResident, call, findCategory, login, must, type BoundResident } from './support/http';
import { removeLogs, startBenchSandbox, startFloor, startProduct, type RunningChild } from './support/processes';
import { copyRequests, outboxDrained, resetDailyNumbers } from './support/requests';
import { machineLine, resultTable, withLoad, type CaseResult, type Measured } from './support/report';
import { isInterrupted, log, onCleanup, positiveNumber, runBench } from './support/run';
import { luaList, luaString, runWrk, type WrkResult } from './support/wrk';

/**
 * Issue 11: a create (a resident files a repair) and a lifecycle step (a receptionist accepts)
 * at 1, 16 and 64 connections, the product beside a floor doing the essential SQL, both
 * measured one after the other in the same run; the ratio is what the issue's goal is about.
 */

const SECONDS = positiveNumber('BENCH_SECONDS', 10);
/** Not counted: the first calls compile the JIT's hot paths and fill the pools. */
const WARMUP_SECONDS = positiveNumber('BENCH_WARMUP_SECONDS', 3);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,16,64').split(',').map(Number);
/** Residents filing in turn, each with a room of their own, as many as the most connections. */
const RESIDENTS = positiveNumber('BENCH_RESIDENTS', 64);
/**
 * `received` requests prepared per second of an accept run, for each server: more than either
 * answers on this machine (the floor ~1,700/s). A run that uses them all up is marked.
 */
const ACCEPTS_PER_SECOND = positiveNumber('BENCH_ACCEPT_CAPACITY', 4000);
/** The product's default pool size, so the floor queues for connections exactly as it does. */
const POOL_SIZE = loadConfig({}).database.poolSize;
const WARMUP_CONNECTIONS = 16;

interface Cast {
  residents: BoundResident[];
  receptionist: string;
  categoryId: number;
  /** A request the product filed: the template of the accept runs' copies. */
  templateId: number;
}

async function setUp(product: RunningChild, sandboxUrl: string, pool: Pool): Promise<Cast> {
  const residents: BoundResident[] = [];
  const tag = randomBytes(3).toString('hex');
  // A few at a time: the product's binding route is the slow part of the setup.
  for (let start = 0; start < RESIDENTS; start += 8) {
    const batch = Array.from({ length: Math.min(8, RESIDENTS - start) }, (_, index) =>
      bindResident(product.base, sandboxUrl, pool, `bench-resident-${tag}-${start + index}`),
    );
    residents.push(...(await Promise.all(batch)));
  }
  const receptionist = await login(product.base, sandboxUrl, 'demo-receptionist-1');
  const tree = must(
    await call<CategoryNode[]>(product.base, 'GET', '/api/categories?kind=repair', residents[0].tokens.accessToken),
    200,
    'categories',
  );
  const category = findCategory(tree, '入户维修', '水电维修');
  const first = residents[0];
  const filed = must(
    await call<RequestDetail>(product.base, 'POST', '/api/requests', first.tokens.accessToken, {
      ...repairForm(first, category.id),
      content: '压测诉求：厨房水龙头一直滴水',
    }),
    201,
    'file a request',
  );
  return { residents, receptionist: receptionist.accessToken, categoryId: category.id, templateId: filed.id };
}

function repairForm(resident: BoundResident, categoryId: number) {
  return {
    kind: 'repair',
    houseBindingId: resident.binding.id,
    categoryId,
    repairScope: 'in_home',
    repairItem: '厨房水龙头',
    repairLocation: '厨房水槽下方',
    contactName: resident.binding.name,
    contactPhone: resident.binding.phone,
  };
}

/**
 * Each request from the next resident in turn, with a content of its own and an
 * Idempotency-Key as the mini-app sends with every create (mini-app/src/services/http.ts).
 */
function createScript(cast: Cast): string {
  const MARK = '@@N@@';
  const bodies = cast.residents.map((resident) =>
    JSON.stringify({ ...repairForm(resident, cast.categoryId), content: `压测诉求 ${MARK}：厨房水龙头一直滴水` }).split(
      MARK,
    ),
  );
  return `
local tokens = ${luaList(cast.residents.map((resident) => `Bearer ${resident.tokens.accessToken}`))}
local before = ${luaList(bodies.map(([head]) => head))}
local after = ${luaList(bodies.map(([, tail]) => tail))}
local run = ${luaString(randomBytes(6).toString('hex'))}
function make_request(n)
  local k = (n - 1) * nthreads + tid
  local r = k % #tokens + 1
  return wrk.format("POST", "/api/requests", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = tokens[r],
    ["Idempotency-Key"] = "bench-" .. run .. "-" .. k,
  }, before[r] .. k .. after[r])
end
`;
}

/** Each request accepted once: the threads share out the prepared ids. */
function acceptScript(token: string, ids: number[]): string {
  return `
local ids = ${luaList(ids)}
local token = ${luaString(`Bearer ${token}`)}
local run = ${luaString(randomBytes(6).toString('hex'))}
function make_request(n)
  local i = (n - 1) * nthreads + tid + 1
  if i > #ids then
    exhausted = exhausted + 1
    i = #ids
  end
  return wrk.format("POST", "/api/requests/" .. ids[i] .. "/actions/accept", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = token,
    ["Idempotency-Key"] = "bench-" .. run .. "-" .. i,
  }, "{}")
end
`;
}

interface Servers {
  product: RunningChild;
  floor: RunningChild;
}

type Side = 'product' | 'floor';

interface Operation {
  name: string;
  /** Made afresh for each run, for the server about to be measured. */
  script(seconds: number, side: Side): Promise<string>;
  /** Before each run (a fresh day of numbers for creates). */
  before?(): Promise<void>;
}

function operations(cast: Cast, pool: Pool, fastest: Map<string, number>): Operation[] {
  const name = '`accept` step';
  return [
    {
      name: 'create',
      script: async () => createScript(cast),
      before: () => resetDailyNumbers(pool),
    },
    {
      name,
      script: async (seconds, side) => {
        // Copying takes a while: four times the fastest rate this server has shown (its warm-up
        // first) is plenty, and a run that still used them all up says so.
        const seen = fastest.get(`${name}/${side}`);
        const perSecond =
          seen === undefined ? ACCEPTS_PER_SECOND : Math.min(ACCEPTS_PER_SECOND, Math.max(100, 4 * seen));
        const started = Date.now();
        const ids = await copyRequests(pool, cast.templateId, Math.ceil(seconds * perSecond));
        log(`  ${ids.length} received requests prepared in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        return acceptScript(cast.receptionist, ids);
      },
    },
  ];
}

async function measure(
  servers: Servers,
  operation: Operation,
  connections: number,
  seconds: number,
  pool: Pool,
  fastest: Map<string, number>,
): Promise<{ product: Measured; floor: Measured }> {
  const run = async (side: Side): Promise<Measured> => {
    await operation.before?.();
    const script = await operation.script(seconds, side);
    const measured = await withLoad(
      () => runWrk({ base: servers[side].base, connections, seconds, script }),
      servers[side].child.pid,
    );
    const key = `${operation.name}/${side}`;
    fastest.set(key, Math.max(fastest.get(key) ?? 0, measured.result.perSecond));
    return measured;
  };
  const product = await run('product');
  // The product's notifications go out after its answers; the floor must not share the CPU with them.
  if (!(await outboxDrained(pool))) log('the product’s outbox did not drain within 60 s; the floor runs beside it');
  const floor = await run('floor');
  return { product, floor };
}

function describe(result: WrkResult): string {
  const problems = result.problems.length ? `; ${result.problems.join(', ')}` : '';
  return `${result.perSecond.toFixed(1)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(1)} ms${problems}`;
}

async function main(): Promise<void> {
  const name = benchDatabaseName();
  onCleanup(`dropping ${name}`, () => dropBenchDatabase(name).then(() => log(`dropped database ${name}`)));
  log(`creating, migrating and seeding ${name}`);
  const database = await createBenchDatabase(name);
  // Dates in UTC both ways, as the product's data source reads and writes them.
  const pool = createPool({ uri: database.url, connectionLimit: 4, timezone: 'Z', supportBigNumbers: true });
  onCleanup('closing the bench pool', () => pool.end());
  const sandbox = await startBenchSandbox();
  const product = await startProduct({
    databaseUrl: database.url,
    sandboxUrl: sandbox.url,
    tokenSecret: randomBytes(32).toString('hex'),
  });
  const cast = await setUp(product, sandbox.url, pool);
  log(`${cast.residents.length} residents bound; request ${cast.templateId} filed as the accept template`);
  const floor = await startFloor(database.url, [join(__dirname, 'floor/writes.ts')], POOL_SIZE);
  const servers = { product, floor };

  const cases: CaseResult[] = [];
  const fastest = new Map<string, number>();
  for (const operation of operations(cast, pool, fastest)) {
    log(`${operation.name}: warming up each server for ${WARMUP_SECONDS} s at ${WARMUP_CONNECTIONS} connections`);
    const warm = await measure(servers, operation, WARMUP_CONNECTIONS, WARMUP_SECONDS, pool, fastest);
    log(`  warm-up Linli ${describe(warm.product.result)}; floor ${describe(warm.floor.result)}`);
    for (const connections of CONNECTIONS) {
      if (isInterrupted()) return;
      const label = `${operation.name}, ${connections} connection${connections === 1 ? '' : 's'}`;
      const measured = await measure(servers, operation, connections, SECONDS, pool, fastest);
      log(`${label}: Linli ${describe(measured.product.result)}; floor ${describe(measured.floor.result)}`);
      cases.push({ name: label, ...measured });
    }
  }

  const warnings = product.logLines();
  console.log(
    [
      '',
      `writes: ${SECONDS} s per run after ${WARMUP_SECONDS} s of warm-up, ${cast.residents.length} residents, pool ${POOL_SIZE} connections each; load is the 1-minute average before→after each run`,
      await machineLine(pool),
      '',
      resultTable(cases),
      `The product logged ${warnings.length} line(s) at warn or above${warnings.length ? ` (${product.logFile}), first: ${warnings[0].slice(0, 300)}` : '.'}`,
      '',
    ].join('\n'),
  );
  if (!warnings.length) removeLogs();
}

runBench(main);
