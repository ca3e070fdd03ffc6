import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { photoLinkExpiry, signedPhotoPath } from '../photos/photo-links';
import { WechatClient } from '../wechat/wechat.client';
import type { MediaCheckState } from './content-check-state';
import { ContentCheckService } from './content-check.service';

/**
 * mediaCheckAsync on every uploaded photo: WeChat fetches it from PUBLIC_BASE_URL through a signed
 * link, and pushes the verdict later to /api/wechat/mini-program (wxa_media_check), named by the
 * trace id stored here. A photo shows as usual until then; a risky one is hidden from all but the desk.
 */
@Injectable()
export class MediaCheckService {
  private readonly logger = new Logger(MediaCheckService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly wechat: WechatClient,
    private readonly texts: ContentCheckService,
    private readonly clock: Clock,
  ) {}

  get enabled(): boolean {
    return this.config.contentCheck.enabled;
  }

  /** The state new photo rows start with: `unsent` until WeChat has taken them. */
  initialState(): MediaCheckState | null {
    return this.enabled ? 'unsent' : null;
  }

  /** Sends the uploader's new photos to WeChat; never fails the upload (unsent ones are sent again later). */
  async submit(uploaderUserId: number, photoIds: number[]): Promise<void> {
    if (!this.enabled || photoIds.length === 0) return;
    try {
      const openid = await this.texts.openidOf(uploaderUserId);
      await Promise.all(photoIds.map((id) => this.submitOne(id, openid)));
    } catch (error) {
      this.logger.error({ err: error, photoIds }, 'media_check_async could not be sent; the recheck job tries again');
    }
  }

  private async submitOne(photoId: number, openid: string | null): Promise<void> {
    if (!openid) return this.setState(photoId, 'unchecked');
    const exp = photoLinkExpiry(this.clock.now());
    const mediaUrl = `${this.config.contentCheck.publicBaseUrl}${signedPhotoPath(this.config.tokenSecret, photoId, 'original', exp)}`;
    const answer = await this.wechat.mediaCheckAsync(openid, mediaUrl, 3);
    if (answer.kind === 'accepted') {
      await this.dataSource.query("UPDATE photo SET media_check = 'pending', media_trace_id = ? WHERE id = ?", [
        answer.traceId,
        photoId,
      ]);
    } else if (answer.kind === 'refused') {
      await this.setState(photoId, 'unchecked');
    } else {
      this.logger.warn({ photoId, reason: answer.reason }, 'media_check_async unreachable: sent again later');
    }
  }

  /** WeChat's verdict push; false when no photo waits for this trace id. */
  async verdict(traceId: string, suggest: 'pass' | 'review' | 'risky'): Promise<boolean> {
    const result = (await this.dataSource.query('UPDATE photo SET media_check = ? WHERE media_trace_id = ?', [
      suggest,
      traceId,
    ])) as { affectedRows: number };
    if (suggest === 'risky') this.logger.warn({ traceId }, 'a photo was judged risky: hidden from all but the desk');
    return result.affectedRows > 0;
  }

  /** Photos WeChat could not be reached for, sent again (the recheck job). */
  async resend(limit: number): Promise<number> {
    const rows = (await this.dataSource.query(
      "SELECT id, uploader_user_id AS uploaderUserId FROM photo WHERE media_check = 'unsent' ORDER BY id LIMIT ?",
      [limit],
    )) as { id: number; uploaderUserId: number }[];
    for (const row of rows) {
      await this.submitOne(Number(row.id), await this.texts.openidOf(Number(row.uploaderUserId)));
    }
    return rows.length;
  }

  private async setState(photoId: number, state: MediaCheckState): Promise<void> {
    await this.dataSource.query('UPDATE photo SET media_check = ? WHERE id = ?', [state, photoId]);
  }
}
