import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  formatLimit,
  SLA_STEP_LABELS,
  type CalendarYearInput,
  type CalendarYearView,
  type SlaLimitInput,
  type SlaPolicyInput,
  type SlaPolicyView,
} from '@linli/shared';
import { Between, type DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { AdminAudit } from '../admin-audit/admin-audit.service';
import { ReferenceDataService } from '../reference/reference-data.service';
import { inTransaction } from '../../database/transaction';
import { Category } from '../categories/category.entity';
import { WorkCalendarDay } from './calendar-day.entity';
import { SlaPolicy } from './sla-policy.entity';

/**
 * Admins' side of time limits. Edits apply to deadlines set from then on; a request keeps the
 * deadlines in force when they were set (only an approved extension moves them).
 */
@Injectable()
export class SlaAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reference: ReferenceDataService,
    private readonly audit: AdminAudit,
  ) {}

  /** Every edit here changes the set-up that filing and the steps read from the cache. */
  private edit<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    // inTransaction: a keyed create (Idempotency-Key) records its key in the same transaction.
    return inTransaction(this.dataSource, async (manager) => {
      const result = await work(manager);
      await this.reference.changed(manager);
      return result;
    }).finally(() => this.reference.invalidate());
  }

  async list(): Promise<SlaPolicyView[]> {
    const rows = await this.dataSource.manager.find(SlaPolicy, { order: { step: 'ASC', id: 'ASC' } });
    const categories = await this.categoryNames(rows.map((row) => row.categoryId));
    return rows.map((row) => toView(row, categories));
  }

  async create(auth: AuthUser, input: SlaPolicyInput): Promise<SlaPolicyView> {
    if (input.categoryId !== null && !(await this.dataSource.manager.existsBy(Category, { id: input.categoryId }))) {
      throw AppError.validation([{ field: 'categoryId', message: '分类不存在' }]);
    }
    if (input.categoryId !== null && input.kind !== null) {
      const category = await this.dataSource.manager.findOneByOrFail(Category, { id: input.categoryId });
      if (category.kind !== input.kind) {
        throw AppError.validation([{ field: 'categoryId', message: '分类与诉求类型不符' }]);
      }
    }
    const { unit, amount, ...scope } = input;
    const id = await this.edit(async (manager) => {
      const inserted = await manager.insert(SlaPolicy, { ...scope, unit, amount });
      const created = inserted.identifiers[0].id as number;
      await this.record(manager, auth, created, 'create', null, { ...scope, unit, amount });
      return created;
    });
    return this.view(id);
  }

  async update(auth: AuthUser, id: number, limit: SlaLimitInput): Promise<SlaPolicyView> {
    await this.edit(async (manager) => {
      const before = await this.lockPolicy(manager, id);
      await manager.update(SlaPolicy, { id }, { unit: limit.unit, amount: limit.amount });
      await this.record(manager, auth, id, 'update', before, { ...before, ...limit });
    });
    return this.view(id);
  }

  async remove(auth: AuthUser, id: number): Promise<void> {
    await this.edit(async (manager) => {
      const before = await this.lockPolicy(manager, id);
      await manager.delete(SlaPolicy, { id });
      await this.record(manager, auth, id, 'delete', before, null);
    });
  }

  private async lockPolicy(manager: EntityManager, id: number): Promise<SlaPolicyRule> {
    const row = await manager.findOne(SlaPolicy, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!row) throw AppError.notFound('时限规则');
    const { kind, grade, categoryId, step, unit, amount } = row;
    return { kind, grade, categoryId, step, unit, amount };
  }

  /** The log shows a rule with its limit in words (2 工作日), as the time-limit page does. */
  private record(
    manager: EntityManager,
    auth: AuthUser,
    id: number,
    action: string,
    before: SlaPolicyRule | null,
    after: SlaPolicyRule | null,
  ): Promise<void> {
    const readable = (rule: SlaPolicyRule | null) =>
      rule && {
        kind: rule.kind,
        grade: rule.grade,
        categoryId: rule.categoryId,
        step: rule.step,
        limit: formatLimit({ unit: rule.unit, amount: rule.amount }),
      };
    return this.audit.record(manager, {
      actor: auth.userId,
      entity: 'sla_policy',
      entityId: id,
      action,
      before: readable(before),
      after: readable(after),
    });
  }

  async calendarYear(year: number, manager: EntityManager = this.dataSource.manager): Promise<CalendarYearView> {
    const days = await manager.find(WorkCalendarDay, {
      where: { date: Between(`${year}-01-01`, `${year}-12-31`) },
      order: { date: 'ASC' },
    });
    const [marker] = (await manager.query('SELECT provisional FROM work_calendar_year WHERE year = ?', [
      year,
    ])) as Array<{ provisional: number }>;
    return {
      year,
      provisional: Boolean(Number(marker?.provisional ?? 0)),
      days: days.map(({ date, kind, name }) => ({ date, kind, name })),
    };
  }

  /** The State Council publishes a whole year at once; so is it replaced. */
  async replaceYear(auth: AuthUser, year: number, input: CalendarYearInput): Promise<CalendarYearView> {
    const outside = input.days.findIndex((day) => !day.date.startsWith(`${year}-`));
    if (outside >= 0) {
      throw AppError.validation([{ field: `days[${outside}].date`, message: `日期不在 ${year} 年` }]);
    }
    const dates = input.days.map((day) => day.date);
    const repeated = dates.findIndex((date, index) => dates.indexOf(date) !== index);
    if (repeated >= 0) throw AppError.validation([{ field: `days[${repeated}].date`, message: '日期重复' }]);
    await this.edit(async (manager) => {
      // The year's days locked first: what the log calls before is what this replaces.
      await manager.query('SELECT date FROM work_calendar_day WHERE date BETWEEN ? AND ? FOR UPDATE', [
        `${year}-01-01`,
        `${year}-12-31`,
      ]);
      const before = await this.calendarYear(year, manager);
      await manager.delete(WorkCalendarDay, { date: Between(`${year}-01-01`, `${year}-12-31`) });
      if (input.days.length) await manager.insert(WorkCalendarDay, input.days);
      // Entered by an admin from the notice: no longer the shipped guess.
      await manager.query(
        'INSERT INTO work_calendar_year (year, provisional) VALUES (?, 0) ON DUPLICATE KEY UPDATE provisional = 0',
        [year],
      );
      await this.audit.record(manager, {
        actor: auth.userId,
        entity: 'calendar',
        entityId: null,
        entityKey: String(year),
        action: 'replace',
        before: calendarRecord(before),
        after: calendarRecord({ provisional: false, days: input.days }),
      });
    });
    return this.calendarYear(year);
  }

  private async view(id: number): Promise<SlaPolicyView> {
    const row = await this.dataSource.manager.findOneByOrFail(SlaPolicy, { id });
    return toView(row, await this.categoryNames([row.categoryId]));
  }

  private async categoryNames(ids: (number | null)[]): Promise<Map<number, string>> {
    const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
    if (!wanted.length) return new Map();
    const rows = await this.dataSource.manager.findBy(
      Category,
      wanted.map((id) => ({ id })),
    );
    return new Map(rows.map((row) => [row.id, row.name]));
  }
}

type SlaPolicyRule = Pick<SlaPolicy, 'kind' | 'grade' | 'categoryId' | 'step' | 'unit' | 'amount'>;

/** A year as the log records it: its days off and its working weekend days, each dated and named. */
function calendarRecord(year: Pick<CalendarYearView, 'provisional' | 'days'>) {
  const days = (kind: 'holiday' | 'workday') =>
    [...year.days]
      .filter((day) => day.kind === kind)
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((day) => `${day.date} ${day.name}`);
  return { provisional: year.provisional, holidays: days('holiday'), workdays: days('workday') };
}

function toView(row: SlaPolicy, categories: Map<number, string>): SlaPolicyView {
  const limit = { unit: row.unit, amount: row.amount };
  return {
    id: row.id,
    kind: row.kind,
    grade: row.grade,
    categoryId: row.categoryId,
    categoryName: row.categoryId === null ? null : (categories.get(row.categoryId) ?? null),
    step: row.step,
    stepLabel: SLA_STEP_LABELS[row.step],
    limit,
    limitLabel: formatLimit(limit),
  };
}
