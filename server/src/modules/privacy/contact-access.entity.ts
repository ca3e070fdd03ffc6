import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../../database/columns';

/** How the unmasked contact was read: the detail page, the answer to a step, a desk registration. */
export type ContactAccessKind = 'detail' | 'action' | 'intake';

/** One read of a resident's unmasked contact details by a staff-side user (seed 004). */
@Entity('contact_access_log')
@Index('IDX_contact_access_at', ['at'])
@Index('IDX_contact_access_user', ['userId', 'at'])
@Index('IDX_contact_access_request', ['requestId', 'at'])
export class ContactAccess {
  @IdColumn() id: number;
  @RefColumn() userId: number;
  @RefColumn() requestId: number;
  /** Copied from the request, so the log filters by project without a join. */
  @RefColumn() projectId: number;
  @Column({ type: 'varchar', length: 20 }) what: ContactAccessKind;
  @TimeColumn() at: Date;
}
