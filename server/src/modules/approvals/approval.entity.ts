import { Column, Entity, Index } from 'typeorm';
import type { ApprovalProposal, ApprovalStatus, ApprovalType, Role } from '@linli/shared';
import { IdColumn, RefColumn, TimeColumn } from '../../database/columns';

/** A request for consent and its decision; the proposal's effect applies with the approval. */
@Entity('approval')
@Index('IDX_approval_todo', ['status', 'approverRole', 'projectId'])
@Index('IDX_approval_request', ['requestId', 'status'])
export class Approval {
  @IdColumn() id: number;
  @RefColumn() requestId: number;
  @RefColumn() projectId: number;
  @Column({ type: 'varchar', length: 30 }) type: ApprovalType;
  @Column({ type: 'varchar', length: 20 }) status: ApprovalStatus;
  @Column({ length: 500 }) reason: string;
  @Column({ type: 'json' }) proposal: ApprovalProposal;
  @Column({ type: 'varchar', length: 20 }) approverRole: Role;
  /** Null when the system proposed it (a group complaint). */
  @RefColumn({ nullable: true }) requestedByUserId: number | null;
  @Column({ length: 40 }) requestedByName: string;
  @TimeColumn() requestedAt: Date;
  @RefColumn({ nullable: true }) decidedByUserId: number | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) decidedByName: string | null;
  @TimeColumn({ nullable: true }) decidedAt: Date | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) comment: string | null;
}
