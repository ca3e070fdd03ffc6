import { Column, Entity } from 'typeorm';
import type { Role } from '@linli/shared';
import { CreatedAtColumn, IdColumn, RefColumn, TimeColumn } from '../../database/columns';

/**
 * An invitation to join as staff. Only the code's SHA-256 is stored: the code itself is shown
 * once to whoever created it, so a read of this table cannot be turned into accepted invitations.
 */
@Entity('staff_invitation')
export class StaffInvitation {
  @IdColumn() id: number;
  @Column({ type: 'char', length: 64, unique: true, select: false }) codeHash: string;
  @Column({ type: 'varchar', length: 20 }) role: Role;
  @RefColumn({ nullable: true }) departmentId: number | null;
  @Column({ type: 'json' }) projectIds: number[];
  @Column({ type: 'varchar', length: 40, nullable: true }) name: string | null;
  @Column({ type: 'varchar', length: 50, nullable: true }) title: string | null;
  /** Null for the system's: the first admin's invitation, made on the server (`npm run invite-admin`). */
  @RefColumn({ nullable: true }) invitedByUserId: number | null;
  @TimeColumn() expiresAt: Date;
  @TimeColumn({ nullable: true }) usedAt: Date | null;
  @RefColumn({ nullable: true }) usedByUserId: number | null;
  @CreatedAtColumn() createdAt: Date;
}
