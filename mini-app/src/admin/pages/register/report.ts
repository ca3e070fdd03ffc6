import {
  OWNER_RELATION_LABELS,
  REGISTER_FIELD_LABELS,
  REGISTER_OUTCOME_LABELS,
  type RegisterField,
  type RegisterImportReport,
  type RegisterOutcome,
  type RegisterReportRow,
} from '@linli/shared';

/** The report's tabs in the order the page shows them; 移除 only when the file removes someone. */
export function reportTabs(report: RegisterImportReport): { key: RegisterOutcome; label: string; count: number }[] {
  const order: RegisterOutcome[] = ['new', 'updated', 'unchanged', 'removed', 'error'];
  return order
    .filter((key) => key !== 'removed' || report.counts.removed > 0)
    .map((key) => ({ key, label: REGISTER_OUTCOME_LABELS[key], count: report.counts[key] }));
}

/** The tab that needs a look first: errors, else what changes. */
export function firstTab(report: RegisterImportReport): RegisterOutcome {
  if (report.counts.error > 0) return 'error';
  if (report.counts.new > 0) return 'new';
  if (report.counts.updated > 0) return 'updated';
  return 'unchanged';
}

export const fieldLabel = (field: RegisterField | 'row' | string) =>
  field === 'row' ? '整行' : (REGISTER_FIELD_LABELS[field as RegisterField] ?? field);

const CHANGE_LABELS: Record<string, string> = { name: '姓名', phone: '电话', relation: '身份', area: '面积' };

/** "电话 13800000101 → 13900000101" for each change of an updated row. */
export function changeText(row: RegisterReportRow): string {
  return (row.changes ?? [])
    .map((change) => {
      const show = (value: string) =>
        change.field === 'relation'
          ? (OWNER_RELATION_LABELS[value as keyof typeof OWNER_RELATION_LABELS] ?? value)
          : value || '（空）';
      return `${CHANGE_LABELS[change.field] ?? change.field} ${show(change.from)} → ${show(change.to)}`;
    })
    .join('；');
}

/** When a tab lists fewer rows than it counts, say so. */
export function shownNote(report: RegisterImportReport, tab: RegisterOutcome): string | null {
  const count = report.counts[tab];
  const shown = tab === 'error' ? report.errors.length : report.samples[tab].length;
  return shown < count ? `共 ${count} 条，这里列出前 ${shown} 条` : null;
}

/** What the confirmation dialog says before anything is written. */
export function confirmText(report: RegisterImportReport): string {
  const { counts } = report;
  const parts = [`新增 ${counts.new} 人`, `更新 ${counts.updated} 人`];
  if (counts.removed > 0) parts.push(`移除 ${counts.removed} 人`);
  const skipped = counts.error > 0 ? `，${counts.error} 行有错误将跳过` : '';
  return `将${parts.join('、')}${skipped}。确认导入吗？`;
}
