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
import { ReferenceDataService } from '../reference/reference-data.service';
import { AppError } from '../../common/errors/app-error';
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

  async create(input: SlaPolicyInput): Promise<SlaPolicyView> {
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
    const inserted = await this.edit((manager) => manager.insert(SlaPolicy, { ...scope, unit, amount }));
    return this.view(inserted.identifiers[0].id as number);
  }

  async update(id: number, limit: SlaLimitInput): Promise<SlaPolicyView> {
    const changed = await this.edit((manager) =>
      manager.update(SlaPolicy, { id }, { unit: limit.unit, amount: limit.amount }),
    );
    if (!changed.affected) throw AppError.notFound('时限规则');
    return this.view(id);
  }

  async remove(id: number): Promise<void> {
    const removed = await this.edit((manager) => manager.delete(SlaPolicy, { id }));
    if (!removed.affected) throw AppError.notFound('时限规则');
  }

  async calendarYear(year: number): Promise<CalendarYearView> {
    const days = await this.dataSource.manager.find(WorkCalendarDay, {
      where: { date: Between(`${year}-01-01`, `${year}-12-31`) },
      order: { date: 'ASC' },
    });
    const [marker] = (await this.dataSource.query('SELECT provisional FROM work_calendar_year WHERE year = ?', [
      year,
    ])) as Array<{ provisional: number }>;
    return {
      year,
      provisional: Boolean(Number(marker?.provisional ?? 0)),
      days: days.map(({ date, kind, name }) => ({ date, kind, name })),
    };
  }

  /** The State Council publishes a whole year at once; so is it replaced. */
  async replaceYear(year: number, input: CalendarYearInput): Promise<CalendarYearView> {
    const outside = input.days.findIndex((day) => !day.date.startsWith(`${year}-`));
    if (outside >= 0) {
      throw AppError.validation([{ field: `days[${outside}].date`, message: `日期不在 ${year} 年` }]);
    }
    const dates = input.days.map((day) => day.date);
    const repeated = dates.findIndex((date, index) => dates.indexOf(date) !== index);
    if (repeated >= 0) throw AppError.validation([{ field: `days[${repeated}].date`, message: '日期重复' }]);
    await this.edit(async (manager) => {
      await manager.delete(WorkCalendarDay, { date: Between(`${year}-01-01`, `${year}-12-31`) });
      if (input.days.length) await manager.insert(WorkCalendarDay, input.days);
      // Entered by an admin from the notice: no longer the shipped guess.
      await manager.query(
        'INSERT INTO work_calendar_year (year, provisional) VALUES (?, 0) ON DUPLICATE KEY UPDATE provisional = 0',
        [year],
      );
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
