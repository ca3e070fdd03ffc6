import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../../database/columns';

/**
 * `pending`: an attempt holds the key and has written nothing yet. `committed`: its business
 * write committed (marked inside that transaction) but the answer is not stored yet.
 * `done`: the answer is stored and is what every repeat gets.
 */
export type IdempotencyStatus = 'pending' | 'committed' | 'done';

/** One `Idempotency-Key` of one user, for 24 h (docs/api.md). */
@Entity('idempotency_key')
@Index('UQ_idempotency_key_user_key', ['userId', 'key'], { unique: true })
@Index('IDX_idempotency_key_expires', ['expiresAt'])
export class IdempotencyKey {
  @IdColumn() id: number;
  // No foreign key: the row is a cache of an answer and must never block removing a user.
  @RefColumn() userId: number;
  @Column({ type: 'varchar', length: 128 }) key: string;
  /** Method and route pattern, e.g. `POST /api/requests/:id/actions/:action`. */
  @Column({ type: 'varchar', length: 200 }) route: string;
  /** sha256 of the route, its parameters and the canonical JSON body. */
  @Column({ type: 'char', length: 64 }) fingerprint: string;
  @Column({ type: 'varchar', length: 10 }) status: IdempotencyStatus;
  /** Which attempt holds a pending key: a stale attempt taken over can no longer commit. */
  @Column({ type: 'char', length: 32 }) claim: string;
  @Column({ type: 'smallint', unsigned: true, nullable: true }) responseStatus: number | null;
  @Column({ type: 'mediumtext', nullable: true }) responseBody: string | null;
  @TimeColumn() createdAt: Date;
  @TimeColumn() claimedAt: Date;
  @TimeColumn() expiresAt: Date;
}
