import { createConnection } from 'mysql2/promise';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { DatabaseLogger } from './database-logger';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { reusePromiseWrappers } from './mysql2-per-statement';
import { DropTimedOutConnection, guardPool } from './pool-guard';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** How long the app waits on the database at any one step, and how many connections it keeps. */
export interface DatabaseLimits {
  /** Connecting, waiting for a pooled connection, and each statement: each gives up after this. */
  timeoutMs: number;
  poolSize: number;
  /** Waiters for a connection beyond this get an error at once instead of queueing. */
  queueLimit: number;
}

/**
 * Without `limits` (migrations, seeding, tests' own connections) statements may take as long as
 * they need: an ALTER TABLE on a big table must not be cut off at five seconds.
 */
export function dataSourceOptions(databaseUrl: string, limits?: DatabaseLimits): DataSourceOptions {
  const bounded: Partial<DataSourceOptions> = limits
    ? {
        connectTimeout: limits.timeoutMs,
        // mysql2's per-query `timeout` (TypeORM passes it when enableQueryTimeout is on).
        maxQueryExecutionTime: limits.timeoutMs,
        enableQueryTimeout: true,
        subscribers: [DropTimedOutConnection],
        logger: new DatabaseLogger(),
      }
    : {};
  return {
    type: 'mysql',
    url: databaseUrl,
    charset: 'utf8mb4_unicode_ci',
    // Stored in UTC; the clients show Asia/Shanghai.
    timezone: 'Z',
    entities: ENTITIES,
    migrations: MIGRATIONS,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    // bigint/decimal as strings would surprise callers; our ids are unsigned ints.
    supportBigNumbers: true,
    bigNumberStrings: false,
    // trace: no stack captured per statement (mysql2-per-statement.ts).
    extra: limits
      ? { connectionLimit: limits.poolSize, queueLimit: limits.queueLimit, trace: false }
      : { connectionLimit: 20, trace: false },
    ...bounded,
  } as DataSourceOptions;
}

interface PooledConnection {
  query(sql: string): unknown;
}

/** The app's data source: bounded statements (above) and a pool that stops waiting after the timeout. */
export async function openDataSource(options: DataSourceOptions, limits: DatabaseLimits): Promise<DataSource> {
  const dataSource = await new DataSource(options).initialize();
  guardPool(dataSource, limits.timeoutMs);
  // Every connection's session, set once instead of per transaction (a round trip each time):
  // - READ COMMITTED: no gap locks, and a locking step sees what committed before it got the lock
  //   (the auto-dispatch's load counts). Needs row-based binary logging where binlogs are on.
  // - The detail's timeline comes as one JSON aggregate, which MariaDB cuts at group_concat_max_len
  //   (1 MB by default); the reader falls back to plain reads should one be cut anyway.
  const session = [
    'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED',
    `SET SESSION group_concat_max_len = ${16 * 1024 * 1024}`,
  ];
  const pool = (
    dataSource.driver as unknown as { pool: { on(event: 'connection', listener: (c: PooledConnection) => void): void } }
  ).pool;
  pool.on('connection', (connection) => session.forEach((sql) => connection.query(sql)));
  // The connection TypeORM opened to check the server was made before the listener.
  for (const sql of session) await dataSource.query(sql);
  const sample = dataSource.createQueryRunner();
  try {
    reusePromiseWrappers((await sample.connect()) as Parameters<typeof reusePromiseWrappers>[0]);
  } finally {
    await sample.release();
  }
  return dataSource;
}

/** The database is created on first start so `npm start` needs nothing but a running MySQL. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/';
  const connection = await createConnection({ uri: url.toString() });
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
}

/**
 * Applies pending migrations. Several instances starting at once (a rollout) would otherwise run
 * the same migration side by side, and all but one crash on "Table already exists": MySQL's DDL
 * is not transactional. They take turns under a named lock; those after the first find nothing
 * left to do.
 */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  await ensureDatabase(databaseUrl);
  return withStartupLock(databaseUrl, async () => {
    const dataSource = new DataSource(dataSourceOptions(databaseUrl));
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await dataSource.destroy();
    }
  });
}

/** Long enough for a slow migration on a big table; a start waiting longer says why it gave up. */
const STARTUP_LOCK_WAIT_SECONDS = 600;

/**
 * Runs `work` while holding a MySQL named lock for this database (`GET_LOCK`: per server, so
 * the database name is part of it), on a connection of its own that lives as long as the lock:
 * if this process dies, the server frees the lock with the connection. For start-up work that
 * one instance at a time must do: migrations, seeding.
 */
export async function withStartupLock<T>(databaseUrl: string, work: () => Promise<T>): Promise<T> {
  const name = `linli_startup:${new URL(databaseUrl).pathname.slice(1)}`.slice(0, 64);
  const connection = await createConnection({ uri: databaseUrl });
  try {
    const [rows] = await connection.query('SELECT GET_LOCK(?, ?) AS got', [name, STARTUP_LOCK_WAIT_SECONDS]);
    if (Number((rows as Array<{ got: unknown }>)[0]?.got) !== 1) {
      throw new Error(
        `Another process has held the start-up lock ${name} for ${STARTUP_LOCK_WAIT_SECONDS} s (migrating or seeding); ` +
          'wait for it or stop it, then start again',
      );
    }
    try {
      return await work();
    } finally {
      await connection.query('SELECT RELEASE_LOCK(?)', [name]);
    }
  } finally {
    await connection.end();
  }
}
