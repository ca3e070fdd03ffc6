import 'reflect-metadata';
import { createSeededDatabase } from './support/own-database';

/**
 * One fresh database per test run, migrated and seeded like a real start; the workers inherit
 * its URL through the environment and global-teardown drops it.
 */
export default async function globalSetup(): Promise<void> {
  const { name, url } = await createSeededDatabase();
  process.env.DATABASE_URL = url;
  process.env.LINLI_TEST_DATABASE = name;
}
