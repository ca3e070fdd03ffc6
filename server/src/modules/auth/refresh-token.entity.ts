import { Column, Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, RefColumn, TimeColumn } from '../../database/columns';

/** Refresh tokens are stored hashed and rotated on use, so a leaked database row logs nobody in. */
@Entity('refresh_token')
export class RefreshToken {
  @IdColumn() id: number;
  @Index() @RefColumn() userId: number;
  @Column({ type: 'char', length: 64, unique: true }) tokenHash: string;
  @TimeColumn() expiresAt: Date;
  @TimeColumn({ nullable: true }) revokedAt: Date | null;
  @CreatedAtColumn() createdAt: Date;
}
