import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '../src/database/data-source';
import { seedDemoData } from '../src/modules/seed/demo-seed';

/**
 * One fresh database per test run, migrated and seeded like a real start; the workers inherit
 * its URL through the environment and global-teardown drops it.
 */
export default async function globalSetup(): Promise<void> {
  const server = process.env.TEST_DATABASE_SERVER ?? 'mysql://root@127.0.0.1:3306';
  const name = `test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const url = `${server}/${name}`;
  process.env.DATABASE_URL = url;
  process.env.LINLI_TEST_DATABASE = name;
  await runMigrations(url);
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    await seedDemoData(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
