import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { createSeededDatabase } from '../../server/test/support/own-database';

export const DATABASE_SERVER =
  process.env.BENCH_DATABASE_SERVER ?? process.env.TEST_DATABASE_SERVER ?? 'mysql://root@127.0.0.1:3306';
const BENCH_DATABASE = /^linli_bench_[0-9a-f]+$/;

export interface BenchDatabase {
  name: string;
  /** mysql://…/linli_bench_<hex>, as DATABASE_URL takes it. */
  url: string;
}

/** A name of the bench's own, so other people's runs on the same server never meet it. */
export const benchDatabaseName = () => `linli_bench_${randomBytes(4).toString('hex')}`;

/** Migrated and seeded exactly as the server tests' databases are (server/test/support/own-database.ts). */
export async function createBenchDatabase(name = benchDatabaseName()): Promise<BenchDatabase> {
  const { url } = await createSeededDatabase({ server: DATABASE_SERVER, name });
  return { name, url };
}

/**
 * Drops a bench database (never anything else). Connections a stalled server could not close
 * would hold their locks, and DROP DATABASE would wait on them: they are killed first.
 */
export async function dropBenchDatabase(name: string): Promise<void> {
  if (!BENCH_DATABASE.test(name)) throw new Error(`refusing to drop ${name}: not a bench database`);
  const connection = await createConnection({ uri: `${DATABASE_SERVER}/` });
  try {
    const [left] = await connection.query('SELECT id FROM information_schema.processlist WHERE db = ?', [name]);
    for (const { id } of left as { id: number }[]) await connection.query(`KILL ${Number(id)}`).catch(() => undefined);
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await connection.end();
  }
}
