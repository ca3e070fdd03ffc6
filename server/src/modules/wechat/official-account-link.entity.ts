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
  @Column({ type: 'varchar', length: 12, nullable: true, unique: true }) bindCode: string | null;
  @TimeColumn({ nullable: true }) bindCodeExpiresAt: Date | null;
  @TimeColumn() updatedAt: Date;
}
