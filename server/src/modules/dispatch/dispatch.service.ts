import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  BUSY_OPEN_TASKS,
  type DepartmentView,
  type OfficialAccountState,
  type RequestStatus,
  type StaffOption,
  type StaffOptionReason,
} from '@linli/shared';
import { type EntityManager, Repository } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { ReferenceDataService } from '../reference/reference-data.service';
import { dispatchableMembers, type DepartmentRef } from '../reference/reference-snapshot';
import { Department } from '../organization/department.entity';

/** Work a person is carrying now; the auto mode gives new work to whoever carries least. */
export const OPEN_TASK_STATUSES: readonly RequestStatus[] = [
  'dispatched',
  'taken',
  'in_progress',
  'fee_pending',
  'on_hold',
];

interface StaffRow {
  userId: number;
  name: string;
  title: string;
  onDuty: number | boolean;
  openTasks: number | string;
  oaOpenid: string | null;
  oaFollowing: number | null;
}

@Injectable()
export class DispatchService {
  constructor(
    @InjectRepository(Department) private readonly departments: Repository<Department>,
    private readonly reference: ReferenceDataService,
  ) {}

  /** With a project: how many can take its requests in each department (转部门 offers those with any). */
  async listDepartments(projectId?: number): Promise<DepartmentView[]> {
    // A disabled department is offered for no new work (转部门, the dispatch sheet).
    const rows = await this.departments.find({ where: { active: true }, order: { id: 'ASC' } });
    const snapshot = projectId === undefined ? null : await this.reference.snapshot();
    return rows.map(({ id, code, name, dispatchMode }) => ({
      id,
      code,
      name,
      dispatchMode,
      ...(snapshot ? { dispatchable: dispatchableMembers(snapshot, id, projectId!).length } : {}),
    }));
  }

  /** From the cached set-up: a transfer names a department, it reads nothing for it. */
  async requireDepartment(
    _manager: EntityManager,
    departmentId: number,
    field = 'departmentId',
  ): Promise<DepartmentRef> {
    const department = (await this.reference.snapshot()).departments.get(departmentId);
    if (!department) throw AppError.validation([{ field, message: '部门不存在' }]);
    if (!department.active) throw AppError.validation([{ field, message: `${department.name}已停用，请选择其他部门` }]);
    return department;
  }

  /**
   * Who can take a request of this department and project (the dispatch sheet, and the only
   * people a dispatch accepts): its active handlers serving the project, with their load and why
   * the sheet greys any of them (off duty, not reached on WeChat, busy).
   */
  async staffOptions(manager: EntityManager, departmentId: number, projectId: number): Promise<StaffOption[]> {
    const rows = (await manager.query(
      `SELECT u.id AS userId, u.name AS name, m.title AS title, m.on_duty AS onDuty,
              (SELECT COUNT(*) FROM request r WHERE r.assignee_user_id = u.id AND r.status IN (?)) AS openTasks,
              l.openid AS oaOpenid, l.following AS oaFollowing
         FROM staff_member m
         JOIN \`user\` u ON u.id = m.user_id
         LEFT JOIN official_account_link l ON l.user_id = u.id
         JOIN staff_member_project p ON p.staff_member_id = m.id AND p.project_id = ?
        WHERE m.department_id = ? AND u.role IN ('staff', 'supervisor') AND u.active = 1
        ORDER BY openTasks ASC, u.id ASC`,
      [OPEN_TASK_STATUSES, projectId, departmentId],
    )) as StaffRow[];
    return rows.map((row) => {
      const onDuty = Boolean(Number(row.onDuty));
      const openTasks = Number(row.openTasks);
      const officialAccount: OfficialAccountState = !row.oaOpenid
        ? 'unlinked'
        : row.oaFollowing !== null && !Number(row.oaFollowing)
          ? 'not_following'
          : 'following';
      const reasons: StaffOptionReason[] = [];
      if (!onDuty) reasons.push({ code: 'off_duty', label: '休息' });
      if (officialAccount === 'unlinked') reasons.push({ code: 'unlinked', label: '未绑定微信' });
      if (officialAccount === 'not_following') reasons.push({ code: 'not_following', label: '未关注公众号' });
      if (openTasks >= BUSY_OPEN_TASKS) reasons.push({ code: 'busy', label: `忙碌（在办 ${openTasks} 件）` });
      return {
        userId: Number(row.userId),
        name: row.name,
        title: row.title,
        onDuty,
        openTasks,
        officialAccount,
        available: reasons.length === 0,
        reasons,
      };
    });
  }

  /** Auto mode: the on-duty handler with the least open work, or nobody (the queue keeps it). */
  async pickLeastLoaded(
    manager: EntityManager,
    departmentId: number,
    projectId: number,
    excludeUserId: number | null = null,
  ): Promise<StaffOption | null> {
    const options = await this.staffOptions(manager, departmentId, projectId);
    return options.find((option) => option.onDuty && option.userId !== excludeUserId) ?? null;
  }

  async requireAssignable(
    manager: EntityManager,
    userId: number,
    departmentId: number | null,
    projectId: number,
  ): Promise<StaffOption> {
    if (departmentId === null) {
      throw AppError.validation([{ field: 'assigneeUserId', message: '请先为诉求指定处理部门' }]);
    }
    const option = (await this.staffOptions(manager, departmentId, projectId)).find((o) => o.userId === userId);
    if (!option) {
      const department = (await this.reference.snapshot()).departments.get(departmentId)?.name ?? '该部门';
      throw AppError.validation([
        { field: 'assigneeUserId', message: `处理人须是${department}服务本项目的在职人员，请从派单名单中选择` },
      ]);
    }
    return option;
  }
}
