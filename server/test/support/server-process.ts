import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { stopped } from './worker-process';

/**
 * The real server entry (`npm start`'s src/cli/start.ts, run from source) in a process of its
 * own, on a free port: what a load balancer would have behind it.
 */
export interface ServerProcess {
  name: string;
  /** `http://127.0.0.1:<port>` */
  url: string;
  child: ChildProcess;
  /** Everything it printed so far (banner, JSON log lines, errors). */
  output(): string;
  /** Its JSON log lines, parsed (the banner and anything else skipped). */
  logs(): Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

const BANNER_PORT = /监听地址\s+\S+:(\d+)/;

export async function startServerProcess(
  name: string,
  env: Record<string, string>,
  startTimeoutMs = 60_000,
): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['-r', join(__dirname, 'swc-register.js'), join(__dirname, '../../src/cli/start.ts')],
    {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        // The suite's database comes migrated and seeded unless it says otherwise.
        SEED_DEMO_DATA: 'false',
        // No h5 app to serve or build: these are API instances.
        H5_DIST_DIR: join(__dirname, 'no-h5-app'),
        SKIP_H5_BUILD: 'true',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const chunks: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const output = () => chunks.join('');

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server ${name} did not start within ${startTimeoutMs} ms:\n${output()}`));
    }, startTimeoutMs);
    const check = () => {
      const match = BANNER_PORT.exec(output());
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server ${name} exited (${code ?? signal}) before listening:\n${output()}`));
    });
  });

  return {
    name,
    url: `http://127.0.0.1:${port}`,
    child,
    output,
    logs: () =>
      output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
    stop: () => stopped(child, 'SIGTERM'),
  };
}
