import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createConnection } from 'mysql2/promise';

/**
 * A MariaDB server of the test's own, in a temporary data folder on a free port, so a suite can
 * freeze, stop and restart a database without touching the one every other suite shares.
 */
export interface SecondMariaDb {
  port: number;
  dataDir: string;
  /** `mysql://root@127.0.0.1:<port>/<database>` */
  url(database: string): string;
  /** SIGSTOP: the server keeps its sockets (the kernel still accepts connections) but answers nothing. */
  freeze(): void;
  thaw(): void;
  /** SIGTERM and wait until it has exited: a clean shutdown, as a restart by the operator. */
  stop(): Promise<void>;
  /** Starts it again on the same data folder and port. */
  start(): Promise<void>;
  /** Kills it whatever its state and removes the data folder; safe to call more than once. */
  destroy(): Promise<void>;
}

function findBinary(names: string[], extraDirs: string[] = []): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extraDirs].filter(Boolean);
  for (const name of names) for (const dir of dirs) if (existsSync(join(dir, name))) return join(dir, name);
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const SBIN = ['/usr/sbin', '/usr/local/sbin', '/usr/libexec'];

export async function startSecondMariaDb(): Promise<SecondMariaDb> {
  const installDb = findBinary(['mariadb-install-db', 'mysql_install_db'], SBIN);
  const serverBinary = findBinary(['mariadbd', 'mysqld'], SBIN);
  if (!installDb || !serverBinary) {
    throw new Error('The outage suite needs MariaDB installed (mariadb-install-db and mariadbd on this machine)');
  }
  const root = mkdtempSync(join(tmpdir(), 'linli-outage-'));
  const dataDir = join(root, 'data');
  // mariadbd refuses to run as root unless told to, and CI runs as root.
  const asUser = process.getuid?.() === 0 ? ['--user=root'] : [];
  const install = spawnSync(
    installDb,
    ['--no-defaults', `--datadir=${dataDir}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...asUser],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (install.status !== 0) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`mariadb-install-db failed (${install.status}): ${install.stderr || install.stdout}`);
  }
  const port = await freePort();
  const errorLog = join(root, 'error.log');
  const args = [
    '--no-defaults',
    `--datadir=${dataDir}`,
    `--port=${port}`,
    `--socket=${join(root, 'mysqld.sock')}`,
    `--pid-file=${join(root, 'mysqld.pid')}`,
    `--log-error=${errorLog}`,
    '--bind-address=127.0.0.1',
    '--skip-name-resolve',
    '--skip-log-bin',
    '--innodb-buffer-pool-size=32M',
    ...asUser,
  ];

  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  const errorTail = () =>
    existsSync(errorLog) ? readFileSync(errorLog, 'utf8').split('\n').slice(-15).join('\n') : '';

  const launch = async () => {
    const started = spawn(serverBinary, args, { stdio: 'ignore' });
    child = started;
    let gone = false;
    exited = new Promise((resolve) => started.once('exit', () => resolve()));
    void exited.then(() => {
      gone = true;
      if (child === started) child = null;
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (gone) throw new Error(`mariadbd exited while starting:\n${errorTail()}`);
      try {
        const connection = await createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 1000 });
        await connection.end();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`mariadbd did not accept connections in 30 s: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };

  const signal = (name: NodeJS.Signals) => {
    if (!child?.pid) throw new Error('the second MariaDB is not running');
    process.kill(child.pid, name);
  };

  const waitForExit = async (ms: number): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    try {
      return await Promise.race([exited.then(() => true), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  };

  try {
    await launch();
  } catch (error) {
    const running = child as ChildProcess | null;
    running?.kill('SIGKILL');
    await waitForExit(5000);
    rmSync(root, { recursive: true, force: true });
    throw error;
  }

  return {
    port,
    dataDir,
    url: (database) => `mysql://root@127.0.0.1:${port}/${database}`,
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    stop: async () => {
      signal('SIGTERM');
      if (!(await waitForExit(30_000))) throw new Error(`mariadbd did not stop in 30 s:\n${errorTail()}`);
    },
    start: launch,
    destroy: async () => {
      const running = child as ChildProcess | null;
      if (running?.pid) {
        // SIGKILL ends a frozen (SIGSTOPped) process too.
        running.kill('SIGKILL');
        await waitForExit(10_000);
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}
