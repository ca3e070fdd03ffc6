import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createServer, type Server } from 'node:net';
import { createConnection, createPool } from 'mysql2/promise';
import { DataSource, QueryFailedError } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source';
import {
  DatabaseAcquireTimeoutError,
  databaseUnavailable,
  isDatabaseUnavailable,
} from '../src/database/database-unavailable';
import { describeDatabaseError, OutageNotice } from '../src/database/outage-notice';

/**
 * Which failures mean "the database is away" (503, retry) and which are a wrong statement (500):
 * classified on the errors mysql2 and TypeORM really raise, against the run's MariaDB.
 */

const serverUrl = () => new URL(process.env.DATABASE_URL!);

async function rejectionOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

/** A port with nothing listening. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// The data source with limits logs through Nest's logger; the output is not the point here.
beforeAll(() => Logger.overrideLogger(false));

describe('isDatabaseUnavailable', () => {
  let silent: Server;
  let silentPort: number;

  beforeAll(async () => {
    // Accepts connections and never says a word, like a frozen server.
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => silent.close(resolve));
  });

  it('knows a refused connection (a stopped server)', async () => {
    const error = await rejectionOf(async () => createConnection({ host: '127.0.0.1', port: await closedPort() }));
    expect((error as { code: string }).code).toBe('ECONNREFUSED');
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('knows a server that accepts but never greets (a frozen one)', async () => {
    const error = await rejectionOf(() =>
      createConnection({ host: '127.0.0.1', port: silentPort, user: 'root', connectTimeout: 300 }),
    );
    expect((error as { code: string }).code).toBe('ETIMEDOUT');
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('knows a query timeout, also wrapped in TypeORM’s QueryFailedError', async () => {
    const dataSource = new DataSource({
      ...dataSourceOptions(process.env.DATABASE_URL!, { timeoutMs: 300, poolSize: 1, queueLimit: 10 }),
    });
    await dataSource.initialize();
    try {
      const error = await rejectionOf(() => dataSource.query('SELECT SLEEP(2)'));
      expect(error).toBeInstanceOf(QueryFailedError);
      expect((error as QueryFailedError).driverError).toMatchObject({ code: 'PROTOCOL_SEQUENCE_TIMEOUT' });
      expect(isDatabaseUnavailable(error)).toBe(true);
      // The timed-out connection was dropped, not handed to the next caller: with one connection in
      // the pool, a kept one would make this wait behind the SLEEP for another 1.7 s.
      const started = Date.now();
      await expect(dataSource.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await dataSource.destroy();
    }
  });

  it('knows a closed pool and a full queue', async () => {
    const url = serverUrl();
    const pool = createPool({
      host: url.hostname,
      port: Number(url.port),
      user: 'root',
      connectionLimit: 1,
      queueLimit: 1,
    });
    const held = await pool.getConnection();
    const waiting = pool.getConnection();
    const full = await rejectionOf(() => pool.getConnection());
    expect(full).toMatchObject({ message: expect.stringMatching(/Queue limit reached/) });
    expect(isDatabaseUnavailable(full)).toBe(true);
    held.release();
    (await waiting).release();
    await pool.end();
    const closed = await rejectionOf(() => pool.getConnection());
    expect(isDatabaseUnavailable(closed)).toBe(true);
  });

  it('knows its own acquire timeout and errors given as a cause', () => {
    expect(isDatabaseUnavailable(new DatabaseAcquireTimeoutError(5000))).toBe(true);
    expect(isDatabaseUnavailable(new Error('outer', { cause: Object.assign(new Error('x'), { errno: 1040 }) }))).toBe(
      true,
    );
  });

  it('leaves wrong statements alone: those are bugs, not outages', async () => {
    const dataSource = new DataSource(dataSourceOptions(process.env.DATABASE_URL!));
    await dataSource.initialize();
    try {
      const syntax = await rejectionOf(() => dataSource.query('SELEC 1'));
      expect(isDatabaseUnavailable(syntax)).toBe(false);
      const missing = await rejectionOf(() => dataSource.query('SELECT * FROM no_such_table'));
      expect(isDatabaseUnavailable(missing)).toBe(false);
      expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
      expect(isDatabaseUnavailable(undefined)).toBe(false);
    } finally {
      await dataSource.destroy();
    }
  });

  it('answers with the 503 the clients retry', () => {
    const error = databaseUnavailable();
    expect({ status: error.status, code: error.code, message: error.message, retry: error.options }).toEqual({
      status: 503,
      code: 'DATABASE_UNAVAILABLE',
      message: '数据库暂时不可用，请稍后再试',
      retry: { retryAfterSeconds: 5 },
    });
  });
});

describe('OutageNotice', () => {
  const make = () => {
    const lines: string[] = [];
    let now = 0;
    const notice = new OutageNotice(
      {
        warn: (_detail: unknown, text: string) => lines.push(`warn ${text}`),
        log: (text: string) => lines.push(text),
      } as never,
      'outbox worker',
      { everyMs: 60_000, now: () => now },
    );
    return { lines, notice, advance: (ms: number) => (now += ms) };
  };

  it('tells one outage as one story: start, a count a minute, the end', () => {
    const { lines, notice, advance } = make();
    for (let i = 0; i < 100; i++) {
      notice.failed({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
      advance(1000);
    }
    notice.recovered();
    notice.recovered();
    expect(lines).toEqual([
      'warn outbox worker: database unavailable',
      'warn outbox worker: database unavailable (still)',
      'outbox worker: database reachable again after 100 s',
    ]);
  });

  it('starts a new story after a quiet spell', () => {
    const { lines, notice, advance } = make();
    notice.failed(new Error('x'));
    advance(120_000);
    notice.failed(new Error('y'));
    expect(lines).toEqual(['warn outbox worker: database unavailable', 'warn outbox worker: database unavailable']);
  });

  it('logs the driver’s code and message, never the SQL parameters', () => {
    const wrapped = new QueryFailedError('INSERT INTO user (phone) VALUES (?)', ['13800138000'], {
      code: 'PROTOCOL_SEQUENCE_TIMEOUT',
      message: 'Query inactivity timeout',
    } as unknown as Error);
    const detail = describeDatabaseError(wrapped);
    expect(detail).toEqual({ code: 'PROTOCOL_SEQUENCE_TIMEOUT', message: 'Query inactivity timeout' });
    expect(JSON.stringify(detail)).not.toContain('13800138000');
  });
});
