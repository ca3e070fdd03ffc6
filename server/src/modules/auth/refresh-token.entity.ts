import { Column, Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, RefColumn, TimeColumn } from '../../database/columns';

/**
 * Refresh tokens are stored hashed and rotated on use, so a leaked database row logs nobody in.
 * Every token rotated from one login shares that login's family: a spent token presented again
 * means someone holds a copy, and the whole family ends.
 */
@Entity('refresh_token')
export class RefreshToken {
  @IdColumn() id: number;
  @Index() @RefColumn() userId: number;
  @Column({ type: 'char', length: 64, unique: true }) tokenHash: string;
  @Index('IDX_refresh_token_family') @Column({ type: 'char', length: 36 }) familyId: string;
  @TimeColumn() expiresAt: Date;
  @TimeColumn({ nullable: true }) revokedAt: Date | null;
  @CreatedAtColumn() createdAt: Date;
}
