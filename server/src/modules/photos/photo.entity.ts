import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../../database/columns';
import type { MediaCheckState } from '../content-check/content-check-state';
import { RequestEvent } from '../requests/request-event.entity';
import { ServiceRequest } from '../requests/request.entity';
import { User } from '../users/user.entity';

/**
 * An uploaded photo: stored re-encoded (no EXIF) with a thumbnail beside it. Uploaded unattached,
 * owned by its uploader; another module attaches it to a request, or to one step of its timeline.
 */
@Entity('photo')
@Index(['uploaderUserId', 'createdAt'])
export class Photo {
  @IdColumn() id: number;
  @RefColumn() uploaderUserId: number;
  @ManyToOne(() => User) @JoinColumn({ name: 'uploader_user_id' }) uploader?: User;
  /** Null until attached. */
  @Index()
  @RefColumn({ nullable: true })
  requestId: number | null;
  @ManyToOne(() => ServiceRequest, { nullable: true })
  @JoinColumn({ name: 'request_id' })
  request?: ServiceRequest | null;
  /** The timeline step the photo belongs to; null for the request itself. */
  @RefColumn({ nullable: true }) eventId: number | null;
  @ManyToOne(() => RequestEvent, { nullable: true }) @JoinColumn({ name: 'event_id' }) event?: RequestEvent | null;
  /** Keys in the `PhotoStorage`, e.g. `photos/2026/11/<uuid>.jpg` and `…/<uuid>.thumb.jpg`. */
  @Column({ length: 200 }) storageKey: string;
  @Column({ length: 200 }) thumbnailKey: string;
  /** Of the stored original: image/jpeg, image/png or image/webp (thumbnails are always JPEG). */
  @Column({ length: 20 }) mime: string;
  /** Bytes of the stored original. */
  @Column({ type: 'int', unsigned: true }) size: number;
  @Column({ type: 'smallint', unsigned: true }) width: number;
  @Column({ type: 'smallint', unsigned: true }) height: number;
  /** Hex SHA-256 of the stored original. */
  @Column({ type: 'char', length: 64 }) sha256: string;
  /** WeChat's mediaCheckAsync: null while checks are off; `risky` photos only the desk sees. */
  @Column({ type: 'varchar', length: 10, nullable: true }) mediaCheck: MediaCheckState | null;
  /** The trace id WeChat's verdict push names. */
  @Column({ type: 'varchar', length: 64, nullable: true }) mediaTraceId: string | null;
  @TimeColumn() createdAt: Date;
}
