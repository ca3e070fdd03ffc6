import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { startS3Server, type TestS3 } from './s3-server';

export type StorageKind = 'local' | 's3';

/**
 * The photo storage a suite runs against, seen from outside the app: local disk under a folder
 * of the suite's own, or a bucket on a local S3 server. The photo suites run once per kind.
 */
export interface PhotoStoreUnderTest {
  kind: StorageKind;
  /** For `createTestContext({ env })`: the storage, and `STORAGE_DIR` for the temporary uploads. */
  env: Record<string, string>;
  storageDir: string;
  /** Keys of the stored photo files (originals and thumbnails), sorted. */
  keys(): Promise<string[]>;
  exists(key: string): Promise<boolean>;
  close(): Promise<void>;
}

export async function startPhotoStore(kind: StorageKind): Promise<PhotoStoreUnderTest> {
  const storageDir = await mkdtemp(join(tmpdir(), 'linli-test-uploads-'));
  const s3: TestS3 | null = kind === 's3' ? await startS3Server() : null;
  const removeDir = () => rm(storageDir, { recursive: true, force: true });
  if (s3) {
    return {
      kind,
      env: { STORAGE_DIR: storageDir, ...s3.env },
      storageDir,
      keys: () => s3.keys('photos/'),
      exists: (key) => s3.exists(key),
      close: async () => {
        await s3.close();
        await removeDir();
      },
    };
  }
  const root = join(storageDir, 'photos');
  return {
    kind,
    env: { STORAGE_DIR: storageDir },
    storageDir,
    keys: async () => (await filesUnder(root)).map((path) => relative(storageDir, path).split(sep).join('/')).sort(),
    exists: (key) =>
      stat(join(storageDir, ...key.split('/'))).then(
        () => true,
        () => false,
      ),
    close: removeDir,
  };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)])),
  );
  return nested.flat();
}
