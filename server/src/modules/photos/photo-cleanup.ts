import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DAY_MS, HOUR_MS } from '@linli/shared';
import type { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { inTransaction } from '../../database/transaction';
import { PhotoStorage } from './photo-storage';

/** A photo still unattached this long after its upload was never used: the form was abandoned. */
export const UNATTACHED_PHOTO_TTL_MS = DAY_MS;
/** A temporary upload file this old belongs to no upload in progress (a process died mid-way). */
const STALE_TEMP_FILE_MS = HOUR_MS;
const BATCH = 500;

/**
 * Removes photos never attached to a request a day after their upload, rows and files, so what
 * is uploaded and dropped cannot fill the disk. Every instance schedules it; a MySQL named lock
 * (`GET_LOCK`, per database: several deployments may share one server) lets one run at a time,
 * the others skip that turn. Rows are taken `FOR UPDATE SKIP LOCKED` and deleted only while still
 * unattached, so a photo being attached at that moment is never lost.
 */
@Injectable()
export class PhotoCleanup implements OnApplicationBootstrap {
  private readonly logger = new Logger(PhotoCleanup.name);
  private readonly lockName: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly storage: PhotoStorage,
    private readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
  ) {
    this.lockName = `linli_photo_cleanup:${config.databaseName}`.slice(0, 64);
  }

  onApplicationBootstrap(): void {
    if (!this.config.photos.cleanup) return;
    const timer = setInterval(
      () => void this.run().catch((error: unknown) => this.logger.error({ err: error }, 'photo cleanup failed')),
      this.config.photos.cleanupIntervalMs,
    );
    this.scheduler.addInterval('photo-cleanup', timer);
  }

  /**
   * One run: how many photos were removed, or null when another run (on any instance) holds the
   * lock. `uploaderUserIds` limits it to some users' photos (the server tests share one database).
   */
  async run(scope: { uploaderUserIds?: number[] } = {}): Promise<number | null> {
    // A named lock belongs to a connection: take and release it on one of our own.
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ got }] = (await runner.query('SELECT GET_LOCK(?, 0) AS got', [this.lockName])) as { got: unknown }[];
      if (Number(got) !== 1) return null;
      try {
        const before = new Date(this.clock.now().getTime() - UNATTACHED_PHOTO_TTL_MS);
        let removed = 0;
        for (;;) {
          const count = await this.removeBatch(before, scope.uploaderUserIds);
          removed += count;
          if (count < BATCH) break;
        }
        await this.removeStaleTempFiles();
        if (removed) this.logger.log({ removed }, 'removed photos never attached');
        return removed;
      } finally {
        await runner.query('SELECT RELEASE_LOCK(?)', [this.lockName]);
      }
    } finally {
      await runner.release();
    }
  }

  private async removeBatch(before: Date, uploaderUserIds?: number[]): Promise<number> {
    const scoped = uploaderUserIds ? 'AND uploader_user_id IN (?)' : '';
    const params: unknown[] = [before, ...(uploaderUserIds ? [[0, ...uploaderUserIds]] : [])];
    const gone = await inTransaction(this.dataSource, async (manager) => {
      const rows = (await manager.query(
        `SELECT id, storage_key AS storageKey, thumbnail_key AS thumbnailKey FROM photo
          WHERE request_id IS NULL AND created_at < ? ${scoped}
          ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
        params,
      )) as { id: number; storageKey: string; thumbnailKey: string }[];
      if (rows.length) {
        await manager.query('DELETE FROM photo WHERE id IN (?) AND request_id IS NULL', [rows.map((row) => row.id)]);
      }
      return rows;
    });
    // Files after the commit: a failed delete leaves an orphan file, never a row without its file.
    const keys = gone.flatMap((row) => [row.storageKey, row.thumbnailKey]);
    const results = await Promise.allSettled(keys.map((key) => this.storage.delete(key)));
    results.forEach((result, index) => {
      if (result.status === 'rejected') {
        this.logger.error({ err: result.reason, key: keys[index] }, 'could not remove an unattached photo file');
      }
    });
    return gone.length;
  }

  /** Temporary files of uploads a crash interrupted (every upload removes its own). */
  private async removeStaleTempFiles(): Promise<void> {
    const dir = join(this.config.storageDir, 'tmp');
    const names = await readdir(dir).catch(() => [] as string[]);
    const cutoff = this.clock.now().getTime() - STALE_TEMP_FILE_MS;
    for (const name of names) {
      const path = join(dir, name);
      const info = await stat(path).catch(() => null);
      if (info?.isFile() && info.mtimeMs < cutoff) await rm(path, { force: true });
    }
  }
}
