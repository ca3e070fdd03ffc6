import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { RefColumn, TimeColumn } from '../../database/columns';

export type PcLoginStep = 'pending' | 'scanned' | 'confirmed' | 'delivered' | 'cancelled';

/**
 * One QR login of a PC, in the database so that any instance can answer the PC's poll and the
 * phone's confirmation. Keyed by the ticket's hash: a leaked row cannot be polled for tokens.
 * Once delivered it names the login (refresh-token family) it started, which is how
 * 已登录的电脑 tells a PC from a phone.
 */
@Entity('pc_login')
export class PcLogin {
  @PrimaryColumn({ type: 'char', length: 64 }) ticketHash: string;
  @Column({ type: 'varchar', length: 12 }) step: PcLoginStep;
  /** The member of staff who scanned it; only they may confirm or cancel. */
  @RefColumn({ nullable: true }) userId: number | null;
  @Index('IDX_pc_login_family') @Column({ type: 'char', length: 36, nullable: true }) familyId: string | null;
  @Column({ type: 'varchar', length: 255 }) userAgent: string;
  @Column({ type: 'varchar', length: 64 }) ip: string;
  @Index('IDX_pc_login_expires') @TimeColumn() expiresAt: Date;
  @TimeColumn() createdAt: Date;
}
