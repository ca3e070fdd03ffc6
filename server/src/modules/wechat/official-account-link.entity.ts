import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimeColumn } from '../../database/columns';

/**
 * A staff member's identity on the company's official account, which differs from their
 * mini-program openid (WECHAT.md §4): found by unionid or by a binding code they send.
 */
@Entity('official_account_link')
export class OfficialAccountLink {
  @PrimaryColumn({ type: 'int', unsigned: true }) userId: number;
  @Column({ type: 'varchar', length: 64, nullable: true, unique: true }) openid: string | null;
  /** false after WeChat answered 43004 or an unsubscribe event; null while unknown. */
  @Column({ type: 'boolean', nullable: true }) following: boolean | null;
  /** The code's 4-digit handle: how a sent code is found (unique among live codes). */
  @Column({ type: 'varchar', length: 12, nullable: true, unique: true }) bindCode: string | null;
  /** The code's 6 secret digits, compared in constant time. */
  @Column({ type: 'varchar', length: 6, nullable: true }) bindSecret: string | null;
  /** Wrong secrets sent for this handle; the code dies at 3. */
  @Column({ type: 'tinyint', unsigned: true, default: 0 }) bindCodeFailures: number;
  @TimeColumn({ nullable: true }) bindCodeExpiresAt: Date | null;
  @TimeColumn() updatedAt: Date;
}
