import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { destination, type DestinationStream } from 'pino';
import { pinoHttp, type Options } from 'pino-http';
import { DataSource } from 'typeorm';
import { loggerParams } from '../server/src/common/logging/request-logging';
import { loadConfig } from '../server/src/config/config';
import { DEFAULT_TEMPLATE_CATALOG, sandboxTemplates } from '../server/src/config/wechat-templates';
import { dataSourceOptions, runMigrations } from '../server/src/database/data-source';
import { seedDemoData } from '../server/src/modules/seed/demo-seed';
import { SANDBOX_DEFAULTS, startSandbox } from '../server/src/sandbox';

/**
 * Issue 11, point 5: what request logging costs. The real server (src/cli/start.ts) in a child
 * process, its stdout going to a file as a log collector would take it, under wrk at 16
 * connections on a cheap public GET (`/api/health`, one database ping) and a cheap authenticated
 * one (`/api/auth/me`, the token verified and the account read), once per logging mode. Modes
 * come from BENCH_MODES (JSON: name → extra environment) or the defaults below; a mode whose
 * environment has BENCH_TREE runs the server of that other checkout (an older commit unpacked
 * with `git archive`, its node_modules linked), to compare before and after in one run.
 *
 * First the logging middleware alone (CPU per request, robust on a shared machine), then wrk.
 *
 *   npm run bench:logging            BENCH_SECONDS=10 BENCH_CONNECTIONS=16 BENCH_ROUNDS=3
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
/** Modes take turns this many times; the table shows each one's median, since the machine is shared. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DEFAULT_MODES: Record<string, Record<string, string>> = {
  'every request logged (LOG_REQUESTS=all)': { LOG_LEVEL: 'info', LOG_REQUESTS: 'all' },
  'default (errors and slow requests only)': { LOG_LEVEL: 'info' },
  'no logs at all (LOG_LEVEL=silent)': { LOG_LEVEL: 'silent' },
};
const MODES = process.env.BENCH_MODES
  ? (JSON.parse(process.env.BENCH_MODES) as Record<string, Record<string, string>>)
  : DEFAULT_MODES;

interface Result {
  mode: string;
  route: string;
  rps: number;
  p50: string;
  p99: string;
  /** The server process's own CPU time per answer: what logging costs, whatever else runs here. */
  cpuUsPerRequest: number;
  logBytesPerRequest: number;
}

async function main(): Promise<void> {
  console.log(
    `cores ${cpus().length}, load average: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  middlewareCost();
  if (process.env.BENCH_MICRO_ONLY === 'true') return;
  if (spawnSync('wrk', ['--version']).error) throw new Error('wrk is not installed (apt-get install wrk)');
  const server = process.env.BENCH_DATABASE_SERVER ?? 'mysql://root@127.0.0.1:3306';
  const name = `bench_logging_${Date.now()}_${randomBytes(2).toString('hex')}`;
  const url = `${server}/${name}`;
  await runMigrations(url);
  const seeding = new DataSource(dataSourceOptions(url));
  await seeding.initialize();
  await seedDemoData(seeding);
  await seeding.destroy();
  const templates = sandboxTemplates(DEFAULT_TEMPLATE_CATALOG);
  const sandbox = await startSandbox({
    port: 0,
    miniProgram: { ...SANDBOX_DEFAULTS.miniProgram, templates: templates.miniProgram },
    officialAccount: { ...SANDBOX_DEFAULTS.officialAccount, templates: templates.officialAccount },
  });
  const results: Result[] = [];
  try {
    console.log(
      `cores ${cpus().length}, load average before: ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}`,
    );
    for (let round = 0; round < ROUNDS; round++) {
      for (const [mode, env] of Object.entries(MODES)) {
        results.push(
          ...(await runMode(mode, { DATABASE_URL: url, WECHAT_API_BASE: sandbox.url, ...env }, sandbox.url)),
        );
      }
    }
  } finally {
    await sandbox.close();
    const connection = await createConnection({ uri: `${server}/` });
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await connection.end();
  }
  console.log(
    `\nwrk ${SECONDS} s, ${CONNECTIONS} connections, 2 threads; stdout to a file; ${ROUNDS} rounds: ` +
      'the median run (every run in brackets), the best run, and the median CPU time',
  );
  console.log(
    '| mode | route | req/s median (all runs) | best | p50 | p99 | server CPU µs/request | log bytes/request |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const mode of Object.keys(MODES)) {
    for (const route of ['/api/health', '/api/auth/me']) {
      const runs = results.filter((r) => r.mode === mode && r.route === route);
      const byRps = [...runs].sort((a, b) => a.rps - b.rps);
      const mid = byRps[Math.floor(byRps.length / 2)];
      const cpu = median(runs.map((r) => r.cpuUsPerRequest));
      console.log(
        `| ${mode} | ${route} | ${mid.rps.toFixed(0)} (${byRps.map((r) => r.rps.toFixed(0)).join(', ')}) | ` +
          `${byRps[byRps.length - 1].rps.toFixed(0)} | ${mid.p50} | ${mid.p99} | ${cpu.toFixed(0)} | ${mid.logBytesPerRequest.toFixed(0)} |`,
      );
    }
  }
  console.log(
    `load average after: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
}

async function runMode(mode: string, env: Record<string, string>, sandboxUrl: string): Promise<Result[]> {
  const logFile = join(tmpdir(), `linli-bench-log-${randomBytes(4).toString('hex')}.log`);
  const fd = openSync(logFile, 'w');
  const tree = env.BENCH_TREE ?? join(__dirname, '..');
  const child = spawn(
    process.execPath,
    ['-r', join(tree, 'server/test/support/swc-register.js'), join(tree, 'server/src/cli/start.ts')],
    {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'development',
        PORT: '0',
        SEED_DEMO_DATA: 'false',
        SKIP_H5_BUILD: 'true',
        H5_DIST_DIR: join(tmpdir(), 'no-h5-app'),
        TOKEN_SECRET: randomBytes(32).toString('hex'),
        RATE_LIMIT_FACTOR: '1000000',
        WECHAT_APPID: SANDBOX_DEFAULTS.miniProgram.appid,
        WECHAT_SECRET: SANDBOX_DEFAULTS.miniProgram.secret,
        WECHAT_OA_APPID: SANDBOX_DEFAULTS.officialAccount.appid,
        WECHAT_OA_SECRET: SANDBOX_DEFAULTS.officialAccount.secret,
        ...env,
      },
      stdio: ['ignore', fd, fd],
    },
  );
  try {
    const port = await portOf(logFile, child);
    const base = `http://127.0.0.1:${port}`;
    const code = (await (
      await fetch(`${sandboxUrl}/__sandbox/login-code`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ openid: 'demo-receptionist-1' }),
      })
    ).json()) as { code: string };
    const login = (await (
      await fetch(`${base}/api/auth/wechat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(code),
      })
    ).json()) as { accessToken: string };
    const results: Result[] = [];
    for (const [route, headers] of [
      ['/api/health', []],
      ['/api/auth/me', ['-H', `Authorization: Bearer ${login.accessToken}`]],
    ] as const) {
      // Warm the JIT and the pools first, as a server that has run for a while is.
      spawnSync('wrk', ['-t2', `-c${CONNECTIONS}`, '-d3s', ...headers, `${base}${route}`]);
      const before = statSync(logFile).size;
      const cpuBefore = cpuMicros(child.pid!);
      const run = spawnSync(
        'wrk',
        ['-t2', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--latency', ...headers, `${base}${route}`],
        {
          encoding: 'utf8',
        },
      );
      const cpu = cpuMicros(child.pid!) - cpuBefore;
      const written = statSync(logFile).size - before;
      const out = run.stdout;
      const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
      const total = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
      const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
      if (non2xx) throw new Error(`${mode} ${route}: ${non2xx} answers were not 2xx:\n${out}`);
      results.push({
        mode,
        route,
        rps,
        p50: /^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? '?',
        p99: /^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? '?',
        cpuUsPerRequest: cpu / total,
        logBytesPerRequest: written / total,
      });
      console.log(
        `${mode} ${route}: ${rps.toFixed(0)} req/s, ${(cpu / total).toFixed(0)} µs CPU and ${(written / total).toFixed(0)} log bytes per request`,
      );
    }
    return results;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    closeSync(fd);
    unlinkSync(logFile);
  }
}

/**
 * The logging middleware alone, in this process: CPU time per request through pino-http as the
 * app sets it up, over requests shaped like a phone's (seven request headers, eight response
 * headers), lines written to a file. Robust on a shared machine where wrk's figures are not: the
 * minimum of seven rounds is what the code costs, the rest is other people's load.
 */
function middlewareCost(): void {
  const file = join(tmpdir(), `linli-bench-middleware-${randomBytes(4).toString('hex')}.log`);
  const base = {
    NODE_ENV: 'production',
    TOKEN_SECRET: 'x'.repeat(40),
    WECHAT_API_BASE: 'https://api.weixin.qq.com',
    WECHAT_OA_TOKEN: 'benchToken',
    WECHAT_OA_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    LOG_LEVEL: 'info',
  };
  const ours = (env: Record<string, string>) => {
    const [options, stream] = loggerParams(loadConfig({ ...base, ...env }, { stdoutIsTty: false }), destination(file))
      .pinoHttp as [Options, DestinationStream];
    return pinoHttp(options, stream);
  };
  const modes: Array<[string, (req: IncomingMessage, res: ServerResponse, next: () => void) => void]> = [
    // What the app ran before issue 11: pino-http's own serializers (every header, both ways).
    [
      "pino-http's defaults, every request",
      pinoHttp(
        { level: 'info', redact: ['req.headers.authorization'], customProps: () => ({ service: 'x' }) },
        destination(file),
      ),
    ],
    ['LOG_REQUESTS=all', ours({ LOG_REQUESTS: 'all' })],
    ['default (successes at debug)', ours({})],
    ['LOG_LEVEL=silent', ours({ LOG_LEVEL: 'silent' })],
  ];
  console.log('\nlogging middleware alone, CPU per request (min / median of 7 × 20,000):');
  for (const [name, middleware] of modes) {
    const rounds: number[] = [];
    for (let round = 0; round < 7; round++) {
      const pairs = Array.from({ length: 20_000 }, phoneRequest);
      const before = process.cpuUsage();
      for (const { req, res } of pairs) {
        middleware(req, res, () => undefined);
        res.emit('finish');
      }
      const used = process.cpuUsage(before);
      rounds.push((used.user + used.system) / pairs.length);
    }
    rounds.sort((a, b) => a - b);
    console.log(`  ${name}: ${rounds[0].toFixed(1)} / ${rounds[3].toFixed(1)} µs`);
  }
  unlinkSync(file);
}

function phoneRequest(): { req: IncomingMessage; res: ServerResponse } {
  const req = new IncomingMessage(new Socket());
  req.method = 'GET';
  req.url = '/api/requests/123?tab=pending';
  req.headers = {
    host: 'wy.example.com',
    'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 MicroMessenger/8.0.44',
    accept: '*/*',
    authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjEyMywidmVyIjoxfQ.c2lnbmF0dXJlc2lnbmF0dXJl',
    'accept-encoding': 'gzip, deflate, br',
    referer: 'https://servicewechat.com/wx0123456789abcdef/12/page-frame.html',
    'content-type': 'application/json',
  };
  const res = new ServerResponse(req);
  res.statusCode = 200;
  for (const name of ['content-type', 'content-length', 'vary', 'x-frame-options', 'x-content-type-options']) {
    res.setHeader(name, 'a value as long as the ones helmet sets');
  }
  for (const name of ['referrer-policy', 'cross-origin-opener-policy', 'content-security-policy']) {
    res.setHeader(name, 'a value as long as the ones helmet sets');
  }
  return { req, res };
}

/** User + system CPU time of a process so far (Linux /proc), in microseconds. */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks / CLOCK_TICKS) * 1e6;
}
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function portOf(logFile: string, child: ReturnType<typeof spawn>): Promise<number> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const match = /监听地址\s+\S+:(\d+)/.exec(readFileSync(logFile, 'utf8'));
    if (match) return Number(match[1]);
    if (child.exitCode !== null) throw new Error(`server exited:\n${readFileSync(logFile, 'utf8')}`);
    if (Date.now() > deadline) throw new Error(`server did not start:\n${readFileSync(logFile, 'utf8')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
