import { Column, Entity, Index } from 'typeorm';
import type { Role } from '@linli/shared';
import { CreatedAtColumn, IdColumn, TimeColumn, UpdatedAtColumn } from '../../database/columns';

/** Anyone who logs in through the mini-program, identified by their WeChat openid. */
@Entity('user')
export class User {
  @IdColumn() id: number;
  @Column({ length: 64, unique: true }) openid: string;
  @Index() @Column({ type: 'varchar', length: 64, nullable: true }) unionid: string | null;
  /** WeChat's session key decrypts user data; it never leaves the server (WECHAT.md §1). */
  @Column({ type: 'varchar', length: 64, nullable: true, select: false }) sessionKey: string | null;
  @Column({ type: 'varchar', length: 20 }) role: Role;
  @Column({ length: 40, default: '' }) name: string;
  @Column({ type: 'varchar', length: 20, nullable: true }) phone: string | null;
  /** Off: the account can neither log in nor use a token it already holds. */
  @Column({ default: true }) active: boolean;
  /** Bumped to retire every access token issued before (logout, a stolen refresh token). */
  @Column({ type: 'int', unsigned: true, default: 0 }) tokenVersion: number;
  /** When WeChat last confirmed `phone` is this user's (getPhoneNumber); null while it is only typed in. */
  @TimeColumn({ nullable: true }) phoneVerifiedAt: Date | null;
  @CreatedAtColumn() createdAt: Date;
  @UpdatedAtColumn() updatedAt: Date;
}
