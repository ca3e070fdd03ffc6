import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '../../src/database/data-source';
import { seedDemoData } from '../../src/modules/seed/demo-seed';

function newDatabaseName(options: { server?: string; name?: string } = {}): {
  server: string;
  name: string;
  url: string;
} {
  const server = options.server ?? process.env.TEST_DATABASE_SERVER ?? 'mysql://root@127.0.0.1:3306';
  const name = options.name ?? `test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  return { server, name, url: `${server}/${name}` };
}

/**
 * A fresh database, migrated and seeded like a real start: the test run's own, a suite's, or a
 * benchmark's (which passes its own server and name).
 */
export async function createSeededDatabase(
  options: { server?: string; name?: string } = {},
): Promise<{ server: string; name: string; url: string }> {
  const { server, name, url } = newDatabaseName(options);
  await runMigrations(url);
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    await seedDemoData(dataSource);
  } finally {
    await dataSource.destroy();
  }
  return { server, name, url };
}

/**
 * A database of a suite's own, migrated and seeded like the run's: for suites that count every
 * table's rows and so cannot share them with suites running beside them.
 */
export async function createOwnDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const { server, name, url } = await createSeededDatabase();
  return { url, drop: () => dropDatabase(server, name) };
}

/**
 * A database of a suite's own, migrated and not seeded: a new install before its first
 * 公司管理员 (no company, no staff, no categories), as production starts.
 */
export async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const { server, name, url } = newDatabaseName();
  await runMigrations(url);
  return { url, drop: () => dropDatabase(server, name) };
}

/**
 * The name of a database of a suite's own, not created yet: for suites whose servers create,
 * migrate and seed it themselves on start, as a first deployment does.
 */
export function reserveOwnDatabase(): { url: string; drop(): Promise<void> } {
  const { server, name, url } = newDatabaseName();
  return { url, drop: () => dropDatabase(server, name) };
}

async function dropDatabase(server: string, name: string): Promise<void> {
  const connection = await createConnection({ uri: `${server}/` });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await connection.end();
  }
}
