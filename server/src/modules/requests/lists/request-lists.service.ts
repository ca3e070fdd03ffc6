import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DAY_MS,
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
import { AccessService } from '../../access/access.service';
import type { StaffProfile } from '../../access/action-rules';
import { cappedTotal, countExpression, pageStart, readPage, type KeysetGroup, type KeysetPlan } from './keyset';
import { readSummaries } from './summary-rows';

/** Resident-facing status groups of 我的 (the tabs of the list). */
export const RESIDENT_STATUS_GROUPS = {
  open: ['received', 'accepted', 'dispatched', 'taken', 'in_progress', 'fee_pending', 'on_hold', 'invalid_pending'],
  resolved: ['resolved'],
  closed: ['closed', 'invalid', 'cancelled'],
} satisfies Record<string, RequestStatus[]>;

export type TaskTab = 'pending' | 'active' | 'done';
const TASK_TABS: Record<Exclude<TaskTab, 'pending'>, RequestStatus[]> = {
  active: ['taken', 'in_progress', 'fee_pending', 'on_hold'],
  done: ['resolved', 'closed'],
};

export interface DeskFilter {
  statuses: RequestStatus[] | null;
  kind: RequestKind | null;
  departmentId: number | null;
}

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
} as const;

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
  ) {}

  listMine(auth: AuthUser, statuses: RequestStatus[] | null, query: ListQuery): Promise<ListPage<RequestSummary>> {
    const group: KeysetGroup = statuses
      ? {
          index: INDEX.residentStatus,
          dims: [
            ['resident_user_id', [auth.userId]],
            ['status', statuses],
          ],
        }
      : { index: INDEX.resident, dims: [['resident_user_id', [auth.userId]]] };
    return this.run({ groups: [group], sort: 'created_at', direction: 'DESC' }, query);
  }

  /** The desk's queue: the projects the caller serves, newest first. */
  async listForDesk(auth: AuthUser, filter: DeskFilter, query: ListQuery): Promise<ListPage<RequestSummary>> {
    const projectIds = await this.projectsOf(await this.access.profile(auth));
    if (projectIds.length === 0) return this.run({ groups: [], sort: 'created_at', direction: 'DESC' }, query);
    const statuses = filter.statuses ?? REQUEST_STATUSES;
    const kinds = filter.kind ? [filter.kind] : REQUEST_KINDS;
    let group: KeysetGroup;
    if (filter.departmentId !== null) {
      group = {
        index: INDEX.projectDepartment,
        dims: [
          ['project_id', projectIds],
          ['department_id', [filter.departmentId]],
          ['kind', kinds],
          ['status', statuses],
        ],
      };
    } else if (filter.kind) {
      group = {
        index: INDEX.projectKind,
        dims: [
          ['project_id', projectIds],
          ['kind', kinds],
          ['status', statuses],
        ],
      };
    } else if (filter.statuses) {
      group = {
        index: INDEX.projectStatus,
        dims: [
          ['project_id', projectIds],
          ['status', filter.statuses],
        ],
      };
    } else {
      group = { index: INDEX.project, dims: [['project_id', projectIds]] };
    }
    return this.run({ groups: [group], sort: 'created_at', direction: 'DESC' }, query);
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

  /** 待回访: resolved complaints and in-home repairs waiting for their callback, most urgent first. */
  async callbacksDue(auth: AuthUser, query: ListQuery): Promise<ListPage<RequestSummary>> {
    const projectIds = await this.projectsOf(await this.access.profile(auth));
    // An in-home repair's window opens on day 3 after completion, i.e. 4 days before it is due.
    const opensBy = new Date(
      this.clock.now().getTime() + (IN_HOME_REPAIR_CALLBACK_DAYS.due - IN_HOME_REPAIR_CALLBACK_DAYS.from) * DAY_MS,
    );
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
              extra: { sql: 'r.callback_due_at IS NOT NULL', params: [] },
            },
            {
              index: INDEX.callbacks,
              dims: [
                ['project_id', projectIds],
                ['status', ['resolved']],
                ['kind', ['repair']],
              ],
              extra: { sql: 'r.callback_due_at IS NOT NULL AND r.callback_due_at <= ?', params: [opensBy] },
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

  private async run(plan: KeysetPlan, query: ListQuery): Promise<ListPage<RequestSummary>> {
    const start = pageStart(query);
    const count = countExpression(plan);
    if (!count)
      return { items: [], next: null, total: 0, totalCapped: false, page: start.page, pageSize: start.pageSize };
    const [page, counted] = await Promise.all([
      readPage((sql, params) => this.dataSource.query(sql, params), plan, start),
      this.dataSource.query(`SELECT ${count.sql} AS total`, count.params) as Promise<{ total: number | string }[]>,
    ]);
    const items = await readSummaries(this.dataSource, page.ids, this.clock.now());
    return {
      items,
      next: page.next,
      ...cappedTotal(Number(counted[0].total)),
      page: start.page,
      pageSize: start.pageSize,
    };
  }
}
