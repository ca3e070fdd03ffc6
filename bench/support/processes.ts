import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_TEMPLATE_CATALOG, sandboxTemplates } from '../../server/src/config/wechat-templates';
import { SANDBOX_DEFAULTS, startSandbox, type RunningSandbox } from '../../server/src/sandbox';
import { log, onCleanup, sleep } from './run';

const REPO = resolve(__dirname, '../..');
const SWC_REGISTER = join(REPO, 'server/test/support/swc-register.js');
const STOP_TIMEOUT_MS = 10_000;
const START_TIMEOUT_MS = 90_000;

/** Where the bench's child processes write what they print, kept for reading after a failure. */
const LOGS = mkdtempSync(join(tmpdir(), 'linli-bench-'));

export interface RunningChild {
  base: string;
  child: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
  /** Lines the process printed so far (warnings and errors with LOG_LEVEL=warn). */
  logLines(): string[];
}

/** The WeChat sandbox in the bench's own process, on a free port, stopped at the end. */
export async function startBenchSandbox(): Promise<RunningSandbox> {
  const templates = sandboxTemplates(DEFAULT_TEMPLATE_CATALOG);
  const sandbox = await startSandbox({
    port: 0,
    miniProgram: { ...SANDBOX_DEFAULTS.miniProgram, templates: templates.miniProgram },
    officialAccount: { ...SANDBOX_DEFAULTS.officialAccount, templates: templates.officialAccount },
  });
  onCleanup('closing the sandbox', () => sandbox.close());
  return sandbox;
}

/** A port nobody listens on right now; the child binds it a moment later (retried if someone was faster). */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface ProductOptions {
  databaseUrl: string;
  sandboxUrl: string;
  tokenSecret: string;
  /** Extra or overriding variables, e.g. GROUP_DETECTION=off for a variant. */
  env?: Record<string, string>;
}

/**
 * The product as `npm start` runs it (server/src/cli/start.ts: migrations, then the API with its
 * outbox worker), in a process of its own so it has a core to itself as it would in production.
 * NODE_ENV=production refuses the demo data and the sandbox, so it runs as development with
 * what would slow a benchmark for nothing turned off: request logs (LOG_LEVEL=warn), the API
 * document, the escalation sweep, and rate limits a load generator would hit at once.
 */
export async function startProduct(options: ProductOptions): Promise<RunningChild> {
  const env = {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATABASE_URL: options.databaseUrl,
    WECHAT_API_BASE: options.sandboxUrl,
    TOKEN_SECRET: options.tokenSecret,
    HOST: '127.0.0.1',
    // Migrated and seeded already; and no h5 app to serve or build.
    SEED_DEMO_DATA: 'false',
    H5_DIST_DIR: '',
    SKIP_H5_BUILD: 'true',
    API_DOCS: 'off',
    ESCALATION_SWEEP: 'off',
    RATE_LIMIT_FACTOR: '100000',
    ...options.env,
  };
  return startChild('product', [join(REPO, 'server/src/cli/start.ts')], env, '/api/health');
}

/** The floor: bare node:http and a mysql2 pool running the essential SQL (bench/support/floor-server.ts). */
export async function startFloor(databaseUrl: string, routeModules: string[], poolSize: number): Promise<RunningChild> {
  return startChild(
    'floor',
    [join(__dirname, 'floor-server.ts'), ...routeModules],
    { DATABASE_URL: databaseUrl, FLOOR_POOL_SIZE: String(poolSize) },
    '/health',
  );
}

async function startChild(
  name: string,
  script: string[],
  env: Record<string, string>,
  healthPath: string,
): Promise<RunningChild> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const logFile = join(LOGS, `${name}-${randomBytes(3).toString('hex')}.log`);
    const fd = openSync(logFile, 'a');
    // BENCH_CPU_PROFILE=<folder>: each child writes a V8 CPU profile there when it exits.
    const profile = process.env.BENCH_CPU_PROFILE
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
      : [];
    const child = spawn(process.execPath, [...profile, '-r', SWC_REGISTER, ...script], {
      env: { PATH: process.env.PATH, ...env, PORT: String(port) },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    let exited: number | string | null = null;
    child.once('exit', (code, signal) => (exited = code ?? signal ?? 'exit'));
    const running: RunningChild = {
      base: `http://127.0.0.1:${port}`,
      child,
      logFile,
      // start.ts's banner is the one thing printed that is neither a log record nor a stack trace.
      logLines: () => {
        const text = readFileSync(logFile, 'utf8');
        const banner = /^\[linli\] 邻里 Linli 已启动\n(?: {2}.*\n)*/m;
        return text
          .replace(banner, '')
          .split('\n')
          .filter((line) => line.trim() && !line.startsWith('[linli]'));
      },
      stop: () => stopChild(child),
    };
    onCleanup(`stopping the ${name}`, running.stop);
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (exited === null && Date.now() < deadline) {
      const healthy = await fetch(`${running.base}${healthPath}`, { signal: AbortSignal.timeout(2000) })
        .then((response) => response.ok)
        .catch(() => false);
      if (healthy) {
        log(`${name} pid ${child.pid} at ${running.base} (log ${logFile})`);
        return running;
      }
      await sleep(200);
    }
    const printed = readFileSync(logFile, 'utf8');
    await running.stop();
    if (exited !== null && /EADDRINUSE/.test(printed) && attempt < 3) continue;
    throw new Error(
      `the ${name} did not start (${exited === null ? 'no answer' : `exit ${exited}`}):\n${printed.slice(-4000)}`,
    );
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(kill);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

/** After a run that went through; a failed one keeps them where its messages said. */
export function removeLogs(): void {
  rmSync(LOGS, { recursive: true, force: true });
}
