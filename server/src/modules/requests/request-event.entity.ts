import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { TimelineAction, RequestStatus, Role } from '@linli/shared';
import { IdColumn, RefColumn, TimeColumn } from '../../database/columns';
import type { ContentCheckState } from '../content-check/content-check-state';
import { ServiceRequest } from './request.entity';

/** JSON-serialisable details; kept shallow so TypeORM's deep-partial types stay finite. */
export type EventData = Record<string, string | number | boolean | null | object>;

/** One line of a request's timeline: who, in which role, when, what, from/to state, and why. */
@Entity('request_event')
@Index(['requestId', 'createdAt'])
export class RequestEvent {
  @IdColumn() id: number;
  @RefColumn() requestId: number;
  @ManyToOne(() => ServiceRequest) @JoinColumn({ name: 'request_id' }) request?: ServiceRequest;
  /** Null for the system itself (routing, escalation sweeps). */
  @RefColumn({ nullable: true }) actorUserId: number | null;
  @Column({ type: 'varchar', length: 20 }) actorRole: Role | 'system';
  /** Kept as written then, so the timeline stays true when someone changes their name. */
  @Column({ length: 40 }) actorName: string;
  @Column({ type: 'varchar', length: 20 }) action: TimelineAction;
  @Column({ type: 'varchar', length: 20, nullable: true }) fromStatus: RequestStatus | null;
  @Column({ type: 'varchar', length: 20 }) toStatus: RequestStatus;
  @Column({ type: 'text', nullable: true }) note: string | null;
  /** Structured details of the step (assignee, materials, fee items, scores…), shown with it. */
  @Column({ type: 'json', nullable: true }) data: EventData | null;
  /** How WeChat's msgSecCheck went for the step's text; null when it had none or checks were off. */
  @Column({ type: 'varchar', length: 10, nullable: true }) contentCheck: ContentCheckState | null;
  /** Internal events (staff notes) never reach the resident. */
  @Column({ default: false }) internal: boolean;
  @TimeColumn() createdAt: Date;
}
