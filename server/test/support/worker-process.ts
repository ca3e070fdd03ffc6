import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { TestContext } from './test-app';

/**
 * A real outbox worker in a process of its own (src/cli/worker.ts run from source), against the
 * suite's database and sandbox: what the crash and multi-process tests kill and start.
 */
export function startWorkerProcess(ctx: TestContext, env: Record<string, string> = {}): ChildProcess {
  const { wechat } = ctx.config;
  const child = spawn(
    process.execPath,
    ['-r', join(__dirname, 'swc-register.js'), join(__dirname, '../../src/cli/worker.ts')],
    {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: ctx.config.databaseUrl,
        WECHAT_API_BASE: wechat.apiBase,
        WECHAT_APPID: wechat.appid,
        WECHAT_SECRET: wechat.secret,
        WECHAT_OA_APPID: wechat.officialAccount.appid,
        WECHAT_OA_SECRET: wechat.officialAccount.secret,
        TOKEN_SECRET: ctx.config.tokenSecret,
        OUTBOX_POLL_MS: '100',
        ESCALATION_SWEEP: 'off',
        PHOTO_CLEANUP: 'off',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // Kept for the failure message: a worker that cannot start says why on stderr.
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  (child as ChildProcess & { output: string[] }).output = output;
  return child;
}

export function outputOf(child: ChildProcess): string {
  return ((child as ChildProcess & { output?: string[] }).output ?? []).join('');
}

export async function stopped(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await exited;
}

/** Polls `check` every 50 ms until it returns true; fails with `describe()` after the timeout. */
export async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  describe: () => string | Promise<string>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${await describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
