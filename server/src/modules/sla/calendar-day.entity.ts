import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CalendarDayKind } from '@linli/shared';

/** mysql2 hands DATE columns over as midnight UTC (the connection's timezone is Z). */
function dateText(value: Date | string): string {
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

/** A day that differs from the plain week: a holiday on a weekday, or a worked weekend day (调休). */
@Entity('work_calendar_day')
export class WorkCalendarDay {
  /** YYYY-MM-DD in Asia/Shanghai. */
  @PrimaryColumn({ type: 'date', transformer: { to: (value: string) => value, from: dateText } })
  date: string;
  @Column({ type: 'varchar', length: 10 }) kind: CalendarDayKind;
  @Column({ length: 30 }) name: string;
}
