import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';

/** A stored file being read: its bytes as they arrive, and its length when the store says. */
export interface StoredFile {
  stream: Readable;
  size: number | null;
}

/**
 * Where photo files live: this machine's disk (`LocalDiskStorage`, one instance) or an
 * S3-compatible object storage every instance shares (`S3PhotoStorage`: Aliyun OSS, Tencent COS,
 * MinIO, AWS S3), chosen by `PHOTO_STORAGE` in `PhotosModule` (docs/deployment.md). Keys are
 * relative paths such as `photos/2026/11/<uuid>.jpg`; the class itself is the DI token. Bytes go
 * in and come out as streams, so a photo never has to sit in memory whole.
 */
export abstract class PhotoStorage {
  /**
   * Stores the file at `path` (an upload's checked temporary file) under the key, replacing what
   * was there; readers never see half of it.
   */
  abstract put(key: string, path: string, contentType: string): Promise<void>;
  /** The file under the key, to be read to the end or destroyed; null when nothing is stored there. */
  abstract get(key: string): Promise<StoredFile | null>;
  /** Removes the key; removing a missing key is not an error. */
  abstract delete(key: string): Promise<void>;
  /** Lets go of connections at shutdown. */
  close(): void {}
}

export const KEY_PATTERN = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9._-]*)*$/i;

/** Files under one root folder (`STORAGE_DIR`), one file per key. */
export class LocalDiskStorage extends PhotoStorage {
  private readonly root: string;

  constructor(root: string) {
    super();
    this.root = resolve(root);
  }

  async put(key: string, source: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // Written beside and renamed, so a reader never sees half a file.
    const partial = `${path}.${randomBytes(4).toString('hex')}.partial`;
    try {
      await copyFile(source, partial, constants.COPYFILE_EXCL);
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<StoredFile | null> {
    try {
      // Opened first: a file removed after this still reads whole through the open handle.
      const handle = await open(this.pathOf(key), 'r');
      const { size } = await handle.stat().catch(async (error: unknown) => {
        await handle.close();
        throw error;
      });
      return { stream: handle.createReadStream(), size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  /** Keys are ours, but a path never leaves the root whatever a key says. */
  private pathOf(key: string): string {
    if (!KEY_PATTERN.test(key) || key.split('/').includes('..')) throw new Error(`invalid storage key: ${key}`);
    const path = join(this.root, ...key.split('/'));
    if (!path.startsWith(this.root + sep)) throw new Error(`invalid storage key: ${key}`);
    return path;
  }
}
