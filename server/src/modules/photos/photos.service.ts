import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { cutGraphemes, DAY_MS, shanghaiDate, startOfShanghaiDay, type FieldError } from '@linli/shared';
import { DataSource, EntityManager, In, IsNull, Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { inTransaction } from '../../database/transaction';
import { Photo } from './photo.entity';
import {
  EXTENSIONS,
  MAX_PHOTOS,
  PhotoRejected,
  processPhoto,
  REJECTIONS,
  THUMBNAIL_MIME,
  type ProcessedPhoto,
} from './photo-image';
import { photoLinkExpiry, signedPhotoPath, verifyPhotoLink } from './photo-links';
import { PhotoStorage } from './photo-storage';
import type { UploadBatch } from './photo-uploads';
import { ImageWorkLimiter } from './image-work-limiter';
import type { PhotoTarget, PhotoView } from './photo.view';
import { MediaCheckService } from '../content-check/media-check.service';

const PHOTO_IDS = 'photoIds';

/**
 * Photos of requests and of their timeline steps. Uploaded unattached (owned by the uploader),
 * then attached by the module that files or progresses a request, inside its transaction.
 * Views (with signed links) are only made for the uploader or through a request the caller may see.
 */
@Injectable()
export class PhotosService {
  private readonly logger = new Logger(PhotosService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Photo) private readonly photos: Repository<Photo>,
    private readonly storage: PhotoStorage,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly imageWork: ImageWorkLimiter,
    private readonly mediaCheck: MediaCheckService,
  ) {}

  /** Where uploads wait while they are checked, beside the photos (so on the same disk). */
  get uploadTmpDir(): string {
    return join(this.config.storageDir, 'tmp');
  }

  /** Refuses before a byte of the body is read when today's quota is already used up. */
  async assertQuotaLeft(auth: AuthUser): Promise<void> {
    await this.checkQuota(this.dataSource.manager, auth.userId, 1, 1);
  }

  /**
   * Checks every file first (type by content, size, decodable) and refuses the whole upload when
   * one is bad, naming each; then the day's quota; then stores originals and thumbnails, and only
   * then the rows. Files already written are removed again when anything after them fails. The
   * batch's temporary files are the caller's to discard.
   */
  async upload(auth: AuthUser, batch: UploadBatch): Promise<PhotoView[]> {
    const files = batch.files;
    if (files.length === 0) throw AppError.validation([{ field: 'files', message: '请至少选择 1 张照片' }]);
    if (files.length > MAX_PHOTOS) {
      throw AppError.validation([{ field: 'files', message: `最多 ${MAX_PHOTOS} 张照片` }]);
    }
    await this.checkQuota(this.dataSource.manager, auth.userId, files.length, 1);
    const processed: ProcessedPhoto[] = [];
    const problems: FieldError[] = [];
    // One after another: decoding nine 10 MB photos at once would only compete for the same cores.
    for (const file of files) {
      try {
        if (file.truncated) throw new PhotoRejected(REJECTIONS.tooLarge);
        processed.push(await this.imageWork.run(() => processPhoto(file, (suffix) => batch.tempPath(suffix))));
      } catch (error) {
        if (!(error instanceof PhotoRejected)) throw error;
        problems.push({ field: file.field, message: `${displayName(file.filename)}${error.message}` });
      }
    }
    if (problems.length) throw AppError.validation(problems, '有照片无法上传，未保存任何照片');
    const bytes = processed.reduce((sum, photo) => sum + photo.size, 0);
    await this.checkQuota(this.dataSource.manager, auth.userId, processed.length, bytes);

    const now = this.clock.now();
    const folder = `photos/${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    const written: string[] = [];
    try {
      const rows: Omit<Photo, 'id' | 'uploader' | 'request' | 'event'>[] = [];
      for (const photo of processed) {
        const name = `${folder}/${randomUUID()}`;
        const storageKey = `${name}.${EXTENSIONS[photo.mime]}`;
        const thumbnailKey = `${name}.thumb.jpg`;
        // Noted before writing: a half-written object is removed as well.
        written.push(storageKey);
        await this.storage.put(storageKey, photo.path, photo.mime);
        written.push(thumbnailKey);
        await this.storage.put(thumbnailKey, photo.thumbnailPath, THUMBNAIL_MIME);
        rows.push({
          uploaderUserId: auth.userId,
          requestId: null,
          eventId: null,
          storageKey,
          thumbnailKey,
          mime: photo.mime,
          size: photo.size,
          width: photo.width,
          height: photo.height,
          sha256: photo.sha256,
          mediaCheck: this.mediaCheck.initialState(),
          mediaTraceId: null,
          createdAt: now,
        });
      }
      const saved = await inTransaction(this.dataSource, async (manager) => {
        // The user's row as a mutex: two uploads of one user at once (on any instance) are
        // counted one after the other, so together they cannot pass the quota either.
        await manager.query('SELECT id FROM user WHERE id = ? FOR UPDATE', [auth.userId]);
        await this.checkQuota(manager, auth.userId, rows.length, bytes);
        const ids: number[] = [];
        for (const row of rows) ids.push((await manager.insert(Photo, row)).identifiers[0].id as number);
        return ids.map((id, index) => ({ ...rows[index], id }) as Photo);
      });
      // After the commit: WeChat fetches the stored file, and its verdict push finds the row.
      await this.mediaCheck.submit(
        auth.userId,
        saved.map((photo) => photo.id),
      );
      return saved.map((photo) => this.toView(photo));
    } catch (error) {
      await this.removeFiles(written);
      throw error;
    }
  }

  /**
   * Photos a user may still upload today (Asia/Shanghai), by count and by stored bytes, summed
   * over the rows in the database so every instance counts the same. Over it: 429 until midnight.
   */
  private async checkQuota(manager: EntityManager, userId: number, addCount: number, addBytes: number): Promise<void> {
    const { dailyCount, dailyBytes } = this.config.photos;
    const now = this.clock.now();
    const start = startOfShanghaiDay(shanghaiDate(now));
    const end = new Date(start.getTime() + DAY_MS);
    const [used] = (await manager.query(
      'SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS bytes FROM photo WHERE uploader_user_id = ? AND created_at >= ? AND created_at < ?',
      [userId, start, end],
    )) as { n: number | string; bytes: number | string }[];
    const count = Number(used.n);
    const retry = { retryAfterSeconds: Math.ceil((end.getTime() - now.getTime()) / 1000) };
    if (count + addCount > dailyCount) {
      const message =
        count >= dailyCount
          ? `今天已上传 ${dailyCount} 张照片，达到每日上限，请明天再试`
          : `今天还能上传 ${dailyCount - count} 张照片（每日上限 ${dailyCount} 张），请减少后重试`;
      throw new AppError('TOO_MANY_REQUESTS', message, [], retry);
    }
    if (Number(used.bytes) + addBytes > dailyBytes) {
      throw new AppError(
        'TOO_MANY_REQUESTS',
        `今天上传的照片已达每日总大小上限（${Math.floor(dailyBytes / (1024 * 1024))} MB），请明天再试`,
        [],
        retry,
      );
    }
  }

  /**
   * Attaches photos the user uploaded to a request (`eventId` null) or to one step of its timeline,
   * in the caller's transaction. At most 9 per call and per target; each photo must exist, be this
   * user's and not be attached yet. The rows stay locked until the transaction ends, so two
   * requests cannot take the same photo.
   */
  async attach(manager: EntityManager, uploaderUserId: number, photoIds: number[], target: PhotoTarget): Promise<void> {
    if (photoIds.length === 0) return;
    const refuse = (message: string) => AppError.validation([{ field: PHOTO_IDS, message }]);
    if (photoIds.length > MAX_PHOTOS) throw refuse(`最多 ${MAX_PHOTOS} 张照片`);
    if (!photoIds.every((id) => Number.isSafeInteger(id) && id > 0)) throw refuse('照片编号无效');
    if (new Set(photoIds).size !== photoIds.length) throw refuse('同一张照片不能重复添加');

    const eventId = target.eventId ?? null;
    if (eventId === null) {
      // Photos on the request itself may be added to over time; a new event starts with none.
      const already = await manager.count(Photo, { where: { requestId: target.requestId, eventId: IsNull() } });
      if (already + photoIds.length > MAX_PHOTOS) throw refuse(`每条记录最多 ${MAX_PHOTOS} 张照片`);
    }
    // One statement on the way that succeeds; the refusal's reason is looked up only when it fails.
    const claimed = (await manager.query(
      'UPDATE photo SET request_id = ?, event_id = ? WHERE id IN (?) AND uploader_user_id = ? AND request_id IS NULL',
      [target.requestId, eventId, photoIds, uploaderUserId],
    )) as { affectedRows: number };
    if (claimed.affectedRows === photoIds.length) return;
    const found = await manager.find(Photo, { where: { id: In(photoIds) } });
    const mine = found.filter((photo) => photo.uploaderUserId === uploaderUserId);
    if (mine.length !== photoIds.length) throw refuse('照片不存在或不是您上传的，请重新上传');
    throw refuse('照片已被使用，请重新上传');
  }

  /**
   * The photos of a request by timeline step (`null` = the request itself), in upload order.
   * For a caller already allowed to see the request; leave out the steps they may not see.
   */
  async viewsFor(
    requestId: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<number | null, PhotoView[]>> {
    const photos = await manager.find(Photo, { where: { requestId }, order: { id: 'ASC' } });
    const byEvent = new Map<number | null, PhotoView[]>();
    for (const photo of photos) {
      const list = byEvent.get(photo.eventId) ?? [];
      list.push(this.toView(photo));
      byEvent.set(photo.eventId, list);
    }
    return byEvent;
  }

  toView(photo: Pick<Photo, 'id' | 'width' | 'height' | 'size' | 'mime'> & { mediaCheck?: string | null }): PhotoView {
    const secret = this.config.tokenSecret;
    const exp = photoLinkExpiry(this.clock.now());
    return {
      ...(photo.mediaCheck === 'risky' ? { risky: true } : {}),
      id: photo.id,
      url: signedPhotoPath(secret, photo.id, 'original', exp),
      thumbnailUrl: signedPhotoPath(secret, photo.id, 'thumbnail', exp),
      width: photo.width,
      height: photo.height,
      size: photo.size,
      mime: photo.mime,
    };
  }

  /** The file a signed link opens: 403 for a link we did not sign or that expired, 404 for a photo that is gone. */
  async openFile(
    id: number,
    query: { variant?: unknown; exp?: unknown; sig?: unknown },
  ): Promise<{ stream: Readable; size: number | null; mime: string }> {
    const variant = verifyPhotoLink(this.config.tokenSecret, id, query, this.clock.now());
    if (!variant) throw new AppError('FORBIDDEN', '图片链接无效或已过期，请刷新后重试');
    const photo = await this.photos.findOneBy({ id });
    if (!photo) throw AppError.notFound('照片');
    const key = variant === 'thumbnail' ? photo.thumbnailKey : photo.storageKey;
    const file = await this.storage.get(key);
    if (!file) {
      this.logger.warn({ photoId: id, key }, 'photo file missing from storage');
      throw AppError.notFound('照片');
    }
    return { ...file, mime: variant === 'thumbnail' ? THUMBNAIL_MIME : photo.mime };
  }

  private async removeFiles(keys: string[]): Promise<void> {
    const results = await Promise.allSettled(keys.map((key) => this.storage.delete(key)));
    results.forEach((result, index) => {
      if (result.status === 'rejected') {
        this.logger.error(
          { err: result.reason, key: keys[index] },
          'could not remove a photo file after a failed upload',
        );
      }
    });
  }
}

/** `「name」` before the reason, cut to 40 graphemes and "…", without control characters. */
function displayName(filename: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = filename.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (!clean) return '';
  return `「${cutGraphemes(clean, 41)}」`;
}
