import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  classifyDeskSearch,
  DAY_MS,
  NEARING_SHARE,
  type DeskSearch,
  type DeskSort,
  type DueFilter,
  type Role,
  IN_HOME_REPAIR_CALLBACK_DAYS,
  REQUEST_KINDS,
  REQUEST_STATUSES,
  type ListPage,
  type ListQuery,
  type RequestKind,
  type RequestStatus,
  type RequestSummary,
  type TaskCounts,
} from '@linli/shared';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../../common/auth/auth-user';
import { Clock } from '../../../common/clock/clock';
import { AppError } from '../../../common/errors/app-error';
import { NO_DEADLINE } from '../../../database/migrations/1765100000000-desk-search';
import { AccessService } from '../../access/access.service';
import { ReferenceDataService } from '../../reference/reference-data.service';
import type { StaffProfile } from '../../access/action-rules';
import {
  cappedTotal,
  countExpression,
  pageStart,
  readPage,
  type KeysetGroup,
  type KeysetPlan,
  type SortColumn,
} from './keyset';
import { readSummaries, type ListReader } from './summary-rows';

type Condition = { sql: string; params: unknown[] };

/** The filters the chosen index does not hold, checked on the rows of its range. */
function residualConditions(filter: DeskFilter, used: Set<keyof DeskFilter>, now: Date): Condition[] {
  const conditions: Condition[] = [];
  if (filter.statuses && !used.has('statuses')) conditions.push({ sql: 'r.status IN (?)', params: [filter.statuses] });
  if (filter.kind && !used.has('kind')) conditions.push({ sql: 'r.kind = ?', params: [filter.kind] });
  if (filter.departmentId !== null && !used.has('departmentId')) {
    conditions.push(
      filter.departmentId === 'none'
        ? { sql: 'r.department_id IS NULL', params: [] }
        : { sql: 'r.department_id = ?', params: [filter.departmentId] },
    );
  }
  if (filter.categoryId !== null && !used.has('categoryId')) {
    conditions.push({ sql: 'r.category_id = ?', params: [filter.categoryId] });
  }
  if (filter.assigneeUserId !== null && !used.has('assigneeUserId')) {
    conditions.push({ sql: 'r.assignee_user_id = ?', params: [filter.assigneeUserId] });
  }
  if (filter.from) conditions.push({ sql: 'r.created_at >= ?', params: [filter.from] });
  if (filter.to) conditions.push({ sql: 'r.created_at < ?', params: [filter.to] });
  if (filter.due === 'overdue') conditions.push({ sql: 'r.next_due_at < ?', params: [now] });
  if (filter.due === 'nearing') {
    // deadlineState: not yet past, and no more left than NEARING_SHARE of the limit's span
    // (a callback runs from the resolution, the other limits from the filing).
    conditions.push({
      sql:
        'r.next_due_at >= ? AND r.next_due_at < ? AND TIMESTAMPDIFF(MICROSECOND, ?, r.next_due_at) <= ' +
        "? * TIMESTAMPDIFF(MICROSECOND, IF(r.status = 'resolved', r.resolved_at, r.created_at), r.next_due_at)",
      params: [now, NO_DEADLINE_AT, now, NEARING_SHARE],
    });
  }
  return conditions;
}

function joinConditions(conditions: Condition[]): Condition | undefined {
  if (conditions.length === 0) return undefined;
  return { sql: conditions.map((c) => c.sql).join(' AND '), params: conditions.flatMap((c) => c.params) };
}

/**
 * What a group counts over (the order not mattering): without its trailing dimensions that hold
 * every value of their column (all statuses, all kinds), which filter nothing. The count then
 * reads one range per project (and department…) instead of one per combination, and a count over
 * thousands of combinations is planned by the optimizer as a whole-index scan. A group whose
 * conditions range over the sort column keeps them all: the range is only usable after them.
 */
function countGroupOf(group: KeysetGroup, sort: SortColumn): KeysetGroup {
  if (group.extra?.sql.includes(`r.${sort}`)) return group;
  const dims = [...group.dims];
  const everything = ([column, values]: (typeof dims)[number]) =>
    (column === 'status' && values.length === REQUEST_STATUSES.length) ||
    (column === 'kind' && values.length === REQUEST_KINDS.length);
  while (dims.length > 1 && everything(dims[dims.length - 1])) dims.pop();
  return { ...group, dims };
}

/** next_due_at of a request no limit runs for (migration 1765100000000). */
const NO_DEADLINE_AT = new Date(`${NO_DEADLINE.replace(' ', 'T')}Z`);

/** Resident-facing status groups of 我的 (the tabs of the list). */
export const RESIDENT_STATUS_GROUPS = {
  open: ['received', 'accepted', 'dispatched', 'taken', 'in_progress', 'fee_pending', 'on_hold', 'invalid_pending'],
  resolved: ['resolved'],
  closed: ['closed', 'invalid', 'cancelled'],
  /** 待我处理: a fee to accept or refuse, or done work to rate (and, in any state, a question to answer). */
  waiting: ['fee_pending', 'resolved'],
} satisfies Record<string, RequestStatus[]>;

export type TaskTab = 'pending' | 'active' | 'done';
const TASK_TABS: Record<Exclude<TaskTab, 'pending'>, RequestStatus[]> = {
  active: ['taken', 'in_progress', 'fee_pending', 'on_hold'],
  done: ['resolved', 'closed'],
};

/** The desk list's filters (GET /api/requests); null is "any". */
export interface DeskFilter {
  statuses: RequestStatus[] | null;
  kind: RequestKind | null;
  /** 'none': 待分派, no department yet. */
  departmentId: number | 'none' | null;
  categoryId: number | null;
  assigneeUserId: number | null;
  /** Requests about these rooms (out of scope ones are dropped). */
  roomIds: number[] | null;
  /** Filed at or after `from`, before `to`. */
  from: Date | null;
  to: Date | null;
  due: DueFilter | null;
  sort: DeskSort;
  /** Number, phone (whole or last four digits), contact name or door number. */
  q: string | null;
}

export const NO_DESK_FILTER: DeskFilter = {
  statuses: null,
  kind: null,
  departmentId: null,
  categoryId: null,
  assigneeUserId: null,
  roomIds: null,
  from: null,
  to: null,
  due: null,
  sort: 'newest',
  q: null,
};

/** Rooms one search by door number may match: a door number repeats once per unit, and each room is a branch per status. */
const MAX_SEARCH_ROOMS = 100;

/**
 * The indexes the lists read (migration 1764900000000-list-indexes). Named in each statement:
 * the plan is made for one of them, and the optimizer's guess from statistics may differ.
 */
const INDEX = {
  resident: 'IDX_7bb2dcb366439e6a681d98128a',
  residentStatus: 'IDX_request_resident_status_created',
  project: 'IDX_request_project_created',
  projectStatus: 'IDX_request_project_status_created',
  projectKind: 'IDX_request_project_kind_status_created',
  projectDepartment: 'IDX_request_project_department_created',
  assignee: 'IDX_request_assignee_status_created',
  callbacks: 'IDX_request_callbacks',
  // Migration 1765100000000-desk-search: the queues by the nearest limit, and the search.
  projectStatusDue: 'IDX_request_project_status_due',
  projectKindDue: 'IDX_request_project_kind_status_due',
  projectDepartmentDue: 'IDX_request_project_department_due',
  projectCategoryDue: 'IDX_request_project_category_status_due',
  assigneeDue: 'IDX_request_assignee_status_due',
  projectCategory: 'IDX_request_project_category_status_created',
  number: 'IDX_ff9ae4c48ce4e00f58800a2658',
  phone: 'IDX_request_project_phone_created',
  last4: 'IDX_request_project_last4_created',
  name: 'IDX_request_project_name_created',
  room: 'IDX_request_room_status_created',
} as const;

/** Who may find requests by a contact's phone or name: those who see the contacts unmasked (relation-rules). */
const CONTACT_SEARCHERS: readonly Role[] = ['receptionist', 'supervisor', 'manager', 'admin'];

/**
 * The request lists: 我的, the desk's queue, 我的任务 and 待回访. Each is a keyset plan (see
 * keyset.ts): a page reads at most a page of index entries per branch, then its rows with their
 * names in one statement; the total is counted up to LIST_TOTAL_CAP. No list reads a whole
 * project, resident or worker, whatever the filters.
 */
@Injectable()
export class RequestListsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly reference: ReferenceDataService,
  ) {}

  /** 我的; `withQuestions` adds the requests where staff asked the resident to add something (请业主补充). */
  listMine(
    auth: AuthUser,
    statuses: RequestStatus[] | null,
    query: ListQuery,
    withQuestions = false,
  ): Promise<ListPage<RequestSummary>> {
    const group: KeysetGroup = statuses
      ? {
          index: INDEX.residentStatus,
          dims: [
            ['resident_user_id', [auth.userId]],
            ['status', statuses],
          ],
        }
      : { index: INDEX.resident, dims: [['resident_user_id', [auth.userId]]] };
    const groups = [group];
    if (withQuestions && statuses) {
      groups.push({
        index: INDEX.resident,
        dims: [['resident_user_id', [auth.userId]]],
        // Those already in the first group are not listed twice.
        extra: {
          sql: `r.info_requested_at IS NOT NULL AND r.status NOT IN (${statuses.map(() => '?').join(', ')})`,
          params: statuses,
        },
      });
    }
    // The content-check flag is the desk's business, not the resident's.
    return this.run({ groups, sort: 'created_at', direction: 'DESC' }, query, 'resident');
  }

  /**
   * The desk's list: the projects the caller serves, by the nearest running limit (sort
   * deadline) or newest first. One filter picks the index (handler, department, category, kind,
   * status, in that order); the others are checked on the rows that index range yields. A
   * search reads the matching phone, name, room or number ranges, newest first.
   */
  async listForDesk(auth: AuthUser, filter: DeskFilter, query: ListQuery): Promise<ListPage<RequestSummary>> {
    const profile = await this.access.profile(auth);
    return this.run(await this.deskPlan(profile, filter), query);
  }

  private async deskPlan(profile: StaffProfile, filter: DeskFilter): Promise<KeysetPlan> {
    const projectIds = await this.projectsOf(profile);
    const nothing: KeysetPlan = { groups: [], sort: 'created_at', direction: 'DESC' };
    if (projectIds.length === 0) return nothing;
    if (filter.assigneeUserId !== null) {
      // The handler's index does not lead with the project: for a person who serves none of the
      // caller's projects it would be read whole only to find nothing the caller may see
      // (list-plans: 5,655 rows for another project's busy worker).
      const member = (await this.reference.snapshot()).staff.get(filter.assigneeUserId);
      if (!member || !projectIds.some((projectId) => member.projectIds.has(projectId))) return nothing;
    }
    if (filter.categoryId !== null) {
      const rows = (await this.dataSource.query('SELECT kind FROM category WHERE id = ?', [filter.categoryId])) as {
        kind: RequestKind;
      }[];
      // A category belongs to one kind: another kind (or no such category) matches nothing.
      if (rows.length === 0 || (filter.kind !== null && rows[0].kind !== filter.kind)) return nothing;
    }
    const now = this.clock.now();
    const search = filter.q ? classifyDeskSearch(filter.q) : null;
    if (search || filter.roomIds !== null) return this.searchPlan(profile, projectIds, filter, search, now);

    const statuses = filter.statuses ?? REQUEST_STATUSES;
    const kinds = filter.kind ? [filter.kind] : REQUEST_KINDS;
    const department = filter.departmentId === 'none' ? null : filter.departmentId;
    const byDeadline = filter.due !== null || (filter.sort === 'deadline' && !filter.from && !filter.to);
    const used = new Set<keyof DeskFilter>();
    let group: KeysetGroup;
    if (filter.assigneeUserId !== null) {
      used.add('assigneeUserId').add('statuses');
      group = {
        index: byDeadline ? INDEX.assigneeDue : INDEX.assignee,
        dims: [
          ['assignee_user_id', [filter.assigneeUserId]],
          ['status', statuses],
        ],
      };
    } else if (filter.departmentId !== null) {
      used.add('departmentId').add('kind').add('statuses');
      group = {
        index: byDeadline ? INDEX.projectDepartmentDue : INDEX.projectDepartment,
        dims: [
          ['project_id', projectIds],
          ['department_id', [department]],
          ['kind', kinds],
          ['status', statuses],
        ],
      };
    } else if (filter.categoryId !== null) {
      used.add('categoryId').add('kind').add('statuses');
      group = {
        index: byDeadline ? INDEX.projectCategoryDue : INDEX.projectCategory,
        dims: [
          ['project_id', projectIds],
          ['category_id', [filter.categoryId]],
          ['status', statuses],
        ],
      };
    } else if (filter.kind) {
      used.add('kind').add('statuses');
      group = {
        index: byDeadline ? INDEX.projectKindDue : INDEX.projectKind,
        dims: [
          ['project_id', projectIds],
          ['kind', kinds],
          ['status', statuses],
        ],
      };
    } else if (filter.statuses || byDeadline) {
      used.add('statuses');
      group = {
        index: byDeadline ? INDEX.projectStatusDue : INDEX.projectStatus,
        dims: [
          ['project_id', projectIds],
          ['status', statuses],
        ],
      };
    } else {
      group = { index: INDEX.project, dims: [['project_id', projectIds]] };
    }
    const residual = residualConditions(filter, used, now);
    // The handler's index does not lead with the project: the scope is checked on its rows.
    if (filter.assigneeUserId !== null) residual.push({ sql: 'r.project_id IN (?)', params: [projectIds] });
    const extra = joinConditions(residual);
    return {
      groups: [{ ...group, extra }],
      sort: byDeadline ? 'next_due_at' : 'created_at',
      direction: byDeadline ? 'ASC' : 'DESC',
    };
  }

  /**
   * A search, newest first: a number reads its one row; a phone its own range per project and
   * status; four digits both the phones ending in them and the rooms with that door number; any
   * other text the contacts of that name and the rooms of that door number. Contacts are
   * searched only by those who see them (CONTACT_SEARCHERS); a supervisor, in their department.
   */
  private async searchPlan(
    profile: StaffProfile,
    projectIds: number[],
    filter: DeskFilter,
    search: DeskSearch | null,
    now: Date,
  ): Promise<KeysetPlan> {
    const statuses = filter.statuses ?? REQUEST_STATUSES;
    const plan: KeysetPlan = { groups: [], sort: 'created_at', direction: 'DESC', overlapping: true };
    if (search?.by === 'number') {
      // The number is unique: the filters do not hide the one request asked for.
      plan.groups.push({
        index: INDEX.number,
        dims: [['number', [search.number]]],
        extra: { sql: 'r.project_id IN (?)', params: [projectIds] },
      });
      return plan;
    }
    const residual = residualConditions(filter, new Set(['statuses']), now);
    // Others may still find a room's or a number's requests; a whole phone number is a contact only.
    const mayMatchContacts = CONTACT_SEARCHERS.includes(profile.role);
    if (search?.by === 'phone' && !mayMatchContacts) {
      throw new AppError('FORBIDDEN', '按电话查找诉求仅限客服接待、部门主管和项目经理');
    }
    const contactResidual =
      profile.role === 'supervisor'
        ? [...residual, { sql: 'r.department_id = ?', params: [profile.departmentId ?? 0] }]
        : residual;
    const contactGroup = (index: string, column: string, value: string): KeysetGroup => ({
      index,
      dims: [
        ['project_id', projectIds],
        [column, [value]],
        ['status', statuses],
      ],
      extra: joinConditions(contactResidual),
    });
    if (search && mayMatchContacts) {
      if (search.by === 'phone') plan.groups.push(contactGroup(INDEX.phone, 'contact_phone', search.phone));
      if (search.by === 'last4') plan.groups.push(contactGroup(INDEX.last4, 'contact_phone_last4', search.digits));
      if (search.by === 'text') plan.groups.push(contactGroup(INDEX.name, 'contact_name', search.text));
    }
    const roomIds = await this.searchRooms(projectIds, filter.roomIds, search);
    if (roomIds.length > 0) {
      plan.groups.push({
        index: INDEX.room,
        dims: [
          ['room_id', roomIds],
          ['status', statuses],
        ],
        extra: joinConditions(residual),
      });
    }
    return plan;
  }

  /** The rooms a search names: those asked for, or those with the door number typed, in the caller's projects. */
  private async searchRooms(
    projectIds: number[],
    roomIds: number[] | null,
    search: DeskSearch | null,
  ): Promise<number[]> {
    const door = search?.by === 'last4' ? search.digits : search?.by === 'text' ? search.text : null;
    if (roomIds !== null) {
      if (roomIds.length === 0) return [];
      const rows = (await this.dataSource.query(
        `SELECT id FROM room WHERE id IN (?) AND project_id IN (?) ORDER BY id LIMIT ${MAX_SEARCH_ROOMS}`,
        [roomIds, projectIds],
      )) as { id: number }[];
      return rows.map((row) => Number(row.id));
    }
    if (door === null) return [];
    const rows = (await this.dataSource.query(
      `SELECT id FROM room WHERE project_id IN (?) AND name = ? ORDER BY id LIMIT ${MAX_SEARCH_ROOMS}`,
      [projectIds, door],
    )) as { id: number }[];
    return rows.map((row) => Number(row.id));
  }

  /** 我的任务: what is dispatched to me or claimable in my department, what I work on, what I finished. */
  async tasks(auth: AuthUser, tab: TaskTab, query: ListQuery): Promise<ListPage<RequestSummary>> {
    const profile = await this.access.profile(auth);
    return this.run(await this.taskPlan(profile, tab), query);
  }

  async taskCounts(auth: AuthUser): Promise<TaskCounts> {
    const profile = await this.access.profile(auth);
    const tabs = ['pending', 'active', 'done'] as const;
    const counts = await Promise.all(tabs.map(async (tab) => countExpression(await this.taskPlan(profile, tab))));
    const [row] = (await this.dataSource.query(
      `SELECT ${counts.map((count, i) => `${count?.sql ?? '0'} AS ${tabs[i]}`).join(', ')}`,
      counts.flatMap((count) => count?.params ?? []),
    )) as Record<TaskTab, number | string>[];
    const [pending, active, done] = tabs.map((tab) => cappedTotal(Number(row[tab])));
    return {
      pending: pending.total,
      active: active.total,
      done: done.total,
      capped: { pending: pending.totalCapped, active: active.totalCapped, done: done.totalCapped },
    };
  }

  /**
   * 待回访: resolved complaints and in-home repairs waiting for their callback, most urgent first;
   * not those whose resident may still rate them (unless they asked to be called).
   */
  async callbacksDue(auth: AuthUser, query: ListQuery): Promise<ListPage<RequestSummary>> {
    const projectIds = await this.projectsOf(await this.access.profile(auth));
    const now = this.clock.now();
    // An in-home repair's window opens on day 3 after completion, i.e. 4 days before it is due.
    const opensBy = new Date(
      now.getTime() + (IN_HOME_REPAIR_CALLBACK_DAYS.due - IN_HOME_REPAIR_CALLBACK_DAYS.from) * DAY_MS,
    );
    const callable = '(r.rating_wait_until IS NULL OR r.rating_wait_until <= ? OR r.callback_requested_at IS NOT NULL)';
    const groups: KeysetGroup[] =
      projectIds.length === 0
        ? []
        : [
            {
              index: INDEX.callbacks,
              dims: [
                ['project_id', projectIds],
                ['status', ['resolved']],
                ['kind', REQUEST_KINDS.filter((kind) => kind !== 'repair')],
              ],
              extra: { sql: `r.callback_due_at IS NOT NULL AND ${callable}`, params: [now] },
            },
            {
              index: INDEX.callbacks,
              dims: [
                ['project_id', projectIds],
                ['status', ['resolved']],
                ['kind', ['repair']],
              ],
              extra: {
                sql: `r.callback_due_at IS NOT NULL AND r.callback_due_at <= ? AND ${callable}`,
                params: [opensBy, now],
              },
            },
          ];
    return this.run({ groups, sort: 'callback_due_at', direction: 'ASC' }, query);
  }

  private async taskPlan(profile: StaffProfile, tab: TaskTab): Promise<KeysetPlan> {
    if (tab !== 'pending') {
      return {
        groups: [
          {
            index: INDEX.assignee,
            dims: [
              ['assignee_user_id', [profile.userId]],
              ['status', TASK_TABS[tab]],
            ],
          },
        ],
        sort: 'created_at',
        direction: tab === 'done' ? 'DESC' : 'ASC',
      };
    }
    const groups: KeysetGroup[] = [
      {
        index: INDEX.assignee,
        dims: [
          ['assignee_user_id', [profile.userId]],
          ['status', ['dispatched']],
        ],
      },
    ];
    // 抢单: the department's queue is open to all its members.
    if (profile.departmentId !== null && (await this.claimMode(profile.departmentId))) {
      const projectIds = await this.projectsOf(profile);
      if (projectIds.length > 0) {
        groups.push({
          index: INDEX.projectDepartment,
          dims: [
            ['project_id', projectIds],
            ['department_id', [profile.departmentId]],
            ['kind', REQUEST_KINDS],
            ['status', ['accepted']],
          ],
        });
      }
    }
    return { groups, sort: 'created_at', direction: 'ASC' };
  }

  private async claimMode(departmentId: number): Promise<boolean> {
    const rows = (await this.dataSource.query('SELECT dispatch_mode AS mode FROM department WHERE id = ?', [
      departmentId,
    ])) as { mode: string }[];
    return rows[0]?.mode === 'claim';
  }

  /** The projects a list may show: those served, or every project for an administrator. */
  private async projectsOf(profile: StaffProfile): Promise<number[]> {
    if (profile.projectIds !== 'all') return profile.projectIds;
    const rows = (await this.dataSource.query('SELECT id FROM project ORDER BY id')) as { id: number }[];
    return rows.map((row) => Number(row.id));
  }

  private async run(
    plan: KeysetPlan,
    query: ListQuery,
    reader: ListReader = 'staff',
  ): Promise<ListPage<RequestSummary>> {
    const start = pageStart(query);
    const count = countExpression({
      ...plan,
      countGroups: plan.countGroups ?? plan.groups.map((group) => countGroupOf(group, plan.sort)),
    });
    if (!count)
      return { items: [], next: null, total: 0, totalCapped: false, page: start.page, pageSize: start.pageSize };
    const [page, counted] = await Promise.all([
      readPage((sql, params) => this.dataSource.query(sql, params), plan, start),
      this.dataSource.query(`SELECT ${count.sql} AS total`, count.params) as Promise<{ total: number | string }[]>,
    ]);
    const items = await readSummaries(this.dataSource, page.ids, this.clock.now(), reader);
    return {
      items,
      next: page.next,
      ...cappedTotal(Number(counted[0].total)),
      page: start.page,
      pageSize: start.pageSize,
    };
  }
}
