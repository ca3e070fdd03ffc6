import 'reflect-metadata';
import { createSeededDatabase } from './support/own-database';

/**
 * One fresh database per test run, migrated and seeded like a real start; the workers inherit
 * its URL through the environment and global-teardown drops it.
 */
export default async function globalSetup(): Promise<void> {
  // The pinned AWS SDK is the last line for Node 20 and says so once per process; the suites know.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { name, url } = await createSeededDatabase();
  process.env.DATABASE_URL = url;
  process.env.LINLI_TEST_DATABASE = name;
}
