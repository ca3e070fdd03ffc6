import { Column, Entity, Index, JoinColumn, ManyToOne, VersionColumn } from 'typeorm';
import type { Grade, RepairUrgency, RequestKind, RequestSource, RequestStatus, RootCause } from '@linli/shared';
import { IdColumn, RefColumn, TimeColumn } from '../../database/columns';
import type { ContentCheckState } from '../content-check/content-check-state';
import { NEXT_DUE_EXPRESSION, PHONE_LAST4_EXPRESSION } from '../../database/migrations/1765100000000-desk-search';
import { Category } from '../categories/category.entity';
import { Room } from '../houses/room.entity';
import { Department } from '../organization/department.entity';
import { Project } from '../organization/project.entity';
import { User } from '../users/user.entity';

export type RepairScope = 'in_home' | 'common_area';
export type FeeStatus = 'pending' | 'confirmed' | 'declined' | 'waived';
export interface FeeItem {
  name: string;
  amountFen: number;
}

/** A complaint, repair or suggestion, with every field the seeds' ledgers keep (DOMAIN.md). */
@Entity('request')
@Index(['residentUserId', 'createdAt'])
// The lists' indexes (migration 1764900000000): each list reads one of them in its sort order.
@Index('IDX_request_resident_status_created', ['residentUserId', 'status', 'createdAt'])
@Index('IDX_request_project_created', ['projectId', 'createdAt'])
@Index('IDX_request_project_status_created', ['projectId', 'status', 'createdAt'])
@Index('IDX_request_project_kind_status_created', ['projectId', 'kind', 'status', 'createdAt'])
@Index('IDX_request_project_department_created', ['projectId', 'departmentId', 'kind', 'status', 'createdAt'])
@Index('IDX_request_assignee_status_created', ['assigneeUserId', 'status', 'createdAt'])
@Index('IDX_request_callbacks', ['projectId', 'status', 'kind', 'callbackDueAt'])
// The desk's queues by the nearest limit, and its search (migration 1765100000000).
@Index('IDX_request_project_status_due', ['projectId', 'status', 'nextDueAt'])
@Index('IDX_request_project_kind_status_due', ['projectId', 'kind', 'status', 'nextDueAt'])
@Index('IDX_request_project_department_due', ['projectId', 'departmentId', 'kind', 'status', 'nextDueAt'])
@Index('IDX_request_project_category_status_due', ['projectId', 'categoryId', 'status', 'nextDueAt'])
@Index('IDX_request_assignee_status_due', ['assigneeUserId', 'status', 'nextDueAt'])
@Index('IDX_request_project_category_status_created', ['projectId', 'categoryId', 'status', 'createdAt'])
@Index('IDX_request_project_phone_created', ['projectId', 'contactPhone', 'status', 'createdAt'])
@Index('IDX_request_project_last4_created', ['projectId', 'contactPhoneLast4', 'status', 'createdAt'])
@Index('IDX_request_project_name_created', ['projectId', 'contactName', 'status', 'createdAt'])
@Index('IDX_request_room_status_created', ['roomId', 'status', 'createdAt'])
@Index('IDX_request_resolution_due', ['status', 'resolutionDueAt'])
@Index('IDX_request_group', ['projectId', 'categoryId', 'createdAt'])
@Index('IDX_request_parent', ['parentRequestId'])
export class ServiceRequest {
  @IdColumn() id: number;
  /** TS/BX/JY + yyyyMMdd + sequence: unique, shown everywhere. */
  // NULL only inside the filing's own transaction, until the daily number is taken (last).
  @Column({ type: 'varchar', length: 20, unique: true, nullable: true }) number: string;
  @Column({ type: 'varchar', length: 20 }) kind: RequestKind;
  @Column({ type: 'varchar', length: 20 }) status: RequestStatus;
  @Column({ type: 'char', length: 1 }) grade: Grade;
  /** 有效/无效投诉; null until someone has judged it. */
  @Column({ type: 'boolean', nullable: true }) valid: boolean | null;
  @Column({ type: 'varchar', length: 20 }) source: RequestSource;

  @RefColumn() projectId: number;
  @ManyToOne(() => Project) @JoinColumn({ name: 'project_id' }) project?: Project;
  /** 区域: the area within the project, when the request is about a common area. */
  @Column({ type: 'varchar', length: 50, nullable: true }) area: string | null;
  @RefColumn({ nullable: true }) roomId: number | null;
  @ManyToOne(() => Room, { nullable: true }) @JoinColumn({ name: 'room_id' }) room?: Room | null;
  @RefColumn({ nullable: true }) houseBindingId: number | null;
  @RefColumn({ nullable: true }) residentUserId: number | null;
  @ManyToOne(() => User, { nullable: true }) @JoinColumn({ name: 'resident_user_id' }) resident?: User | null;
  @Column({ length: 40 }) contactName: string;
  @Column({ length: 20 }) contactPhone: string;

  @RefColumn() categoryId: number;
  @ManyToOne(() => Category) @JoinColumn({ name: 'category_id' }) category?: Category;
  @Column({ type: 'text' }) content: string;
  /** How WeChat's msgSecCheck went for `content`; null while content checks are off. */
  @Column({ type: 'varchar', length: 10, nullable: true }) contentCheck: ContentCheckState | null;
  /** Some text of the request (its content or a step's) was judged `review`: the desk looks at it. */
  @Column({ default: false }) contentFlagged: boolean;
  /** 被投诉人/部门. */
  @Column({ type: 'varchar', length: 100, nullable: true }) subjectOfComplaint: string | null;
  @TimeColumn({ nullable: true }) occurredAt: Date | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) occurredPlace: string | null;
  /** 业主要求. */
  @Column({ type: 'varchar', length: 200, nullable: true }) demand: string | null;

  // Repairs (报修): what, where, which model, and when the resident wants the visit.
  @Column({ type: 'varchar', length: 20, nullable: true }) repairScope: RepairScope | null;
  /** 急修 or not; 'normal' for everything that is not a repair. */
  @Column({ type: 'varchar', length: 10, default: 'normal' }) urgency: RepairUrgency;
  @Column({ type: 'varchar', length: 100, nullable: true }) repairItem: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) repairLocation: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) repairModel: string | null;
  @TimeColumn({ nullable: true }) appointmentAt: Date | null;

  @RefColumn({ nullable: true }) departmentId: number | null;
  @ManyToOne(() => Department, { nullable: true })
  @JoinColumn({ name: 'department_id' })
  department?: Department | null;
  @RefColumn({ nullable: true }) assigneeUserId: number | null;
  @ManyToOne(() => User, { nullable: true }) @JoinColumn({ name: 'assignee_user_id' }) assignee?: User | null;
  /** 首问负责制: whoever first received it stays answerable for it (seed 004). */
  @RefColumn({ nullable: true }) firstContactUserId: number | null;
  @RefColumn({ nullable: true }) createdByUserId: number | null;

  @Column({ type: 'text', nullable: true }) result: string | null;
  @TimeColumn({ nullable: true }) resolvedAt: Date | null;
  @TimeColumn({ nullable: true }) closedAt: Date | null;
  /** Links a request to the one it continues (group cases, later issues). */
  @RefColumn({ nullable: true }) parentRequestId: number | null;
  /** 二次处理: an unsatisfied rating or callback starts the next round of the same request. */
  @Column({ type: 'smallint', unsigned: true, default: 1 }) round: number;

  /** 无效投诉: why it is outside our duty, and who is responsible instead (seed 004). */
  @Column({ type: 'varchar', length: 500, nullable: true }) invalidExplanation: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) responsibleBody: string | null;

  @Column({ type: 'int', unsigned: true, default: 0 }) urgeCount: number;
  @TimeColumn({ nullable: true }) lastUrgedAt: Date | null;

  // 有偿服务: the quote the resident must confirm before work goes on.
  @Column({ type: 'json', nullable: true }) feeItems: FeeItem[] | null;
  @Column({ type: 'int', unsigned: true, nullable: true }) feeTotalFen: number | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) feeStatus: FeeStatus | null;
  @TimeColumn({ nullable: true }) feeQuotedAt: Date | null;
  @TimeColumn({ nullable: true }) feeDecidedAt: Date | null;

  /** End of the callback window (回访), set on resolution for complaints and in-home repairs. */
  @TimeColumn({ nullable: true }) callbackDueAt: Date | null;
  /** Until when the resident's own rating is awaited before the desk may call back (issue 12). */
  @TimeColumn({ nullable: true }) ratingWaitUntil: Date | null;
  /** The resident asked to be called back instead of rating (请电话回访): the desk need not wait. */
  @TimeColumn({ nullable: true }) callbackRequestedAt: Date | null;
  /** 请业主补充: what staff asked the resident to add, until the resident adds information. */
  @Column({ type: 'varchar', length: 500, nullable: true }) infoRequest: string | null;
  @TimeColumn({ nullable: true }) infoRequestedAt: Date | null;

  /** 总结 (issue 15 §12): a ROOT_CAUSES code, 补救措施, 纠正措施; required before the desk closes a complaint. */
  @Column({ type: 'varchar', length: 30, nullable: true }) rootCause: RootCause | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) remedy: string | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) correctiveMeasure: string | null;
  @TimeColumn({ nullable: true }) summarizedAt: Date | null;
  @RefColumn({ nullable: true }) summarizedByUserId: number | null;
  /** 恶意投诉 approved (then `valid` is false): out of the reports' valid counts. */
  @TimeColumn({ nullable: true }) maliciousAt: Date | null;

  /** Optimistic locking: two people acting at once cannot both win. */
  /** Deadlines in force (time limits, issue 6), and the moments that met the first two. */
  @TimeColumn({ nullable: true }) dispatchDueAt: Date | null;
  @TimeColumn({ nullable: true }) replyDueAt: Date | null;
  @TimeColumn({ nullable: true }) resolutionDueAt: Date | null;
  @TimeColumn({ nullable: true }) dispatchedAt: Date | null;
  @TimeColumn({ nullable: true }) firstRepliedAt: Date | null;
  /**
   * Where the dispatch and resolution limits count from (issue 15): the registration, or the
   * reopening that started this round; an approved pause moves the resolution's start with its
   * deadline. The first reply counts from the registration, the callback from the resolution.
   */
  @TimeColumn({ nullable: true }) dispatchStartedAt: Date | null;
  @TimeColumn({ nullable: true }) resolutionStartedAt: Date | null;
  /** An invalid ruling waiting for its approval: when it was made, and when the resident must have its explanation. */
  @TimeColumn({ nullable: true }) invalidRuledAt: Date | null;
  @TimeColumn({ nullable: true }) invalidDueAt: Date | null;

  /**
   * Generated by the database (never written): the limit a list row shows, 9999-12-31 when none
   * runs, and the contact phone's last four digits. Read only by the lists' SQL.
   */
  @Column({
    type: 'datetime',
    precision: 3,
    generatedType: 'STORED',
    asExpression: NEXT_DUE_EXPRESSION,
    insert: false,
    update: false,
    select: false,
  })
  nextDueAt?: Date;
  @Column({
    type: 'char',
    length: 4,
    generatedType: 'STORED',
    asExpression: PHONE_LAST4_EXPRESSION,
    insert: false,
    update: false,
    select: false,
  })
  contactPhoneLast4?: string;

  /** Optimistic locking: two people acting at once cannot both win. */
  @VersionColumn() version: number;
  @TimeColumn() createdAt: Date;
  @TimeColumn() updatedAt: Date;
}
