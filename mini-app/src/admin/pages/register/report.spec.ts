import type { RegisterImportReport } from '@linli/shared';
import { changeText, confirmText, fieldLabel, firstTab, reportTabs, shownNote } from './report';

const report = (counts: Partial<RegisterImportReport['counts']>, extra: Partial<RegisterImportReport> = {}) =>
  ({
    token: 'x',
    expiresAt: null,
    fileName: 'a.xlsx',
    rule: '',
    totalRows: 0,
    counts: { new: 0, updated: 0, unchanged: 0, removed: 0, error: 0, ...counts },
    samples: { new: [], updated: [], unchanged: [], removed: [] },
    sampleSize: 50,
    errors: [],
    errorCap: 500,
    ...extra,
  }) as RegisterImportReport;

describe('the dry-run report on screen', () => {
  it('shows 移除 only when someone would be removed, and opens on errors first', () => {
    expect(reportTabs(report({ new: 2 })).map((tab) => tab.label)).toEqual(['新增', '更新', '不变', '错误']);
    expect(reportTabs(report({ removed: 1 })).map((tab) => tab.key)).toContain('removed');
    expect(firstTab(report({ new: 2, error: 1 }))).toBe('error');
    expect(firstTab(report({ updated: 2 }))).toBe('updated');
    expect(firstTab(report({ unchanged: 2 }))).toBe('unchanged');
  });

  it('names fields and changes in Chinese', () => {
    expect(fieldLabel('phone')).toBe('联系电话');
    expect(fieldLabel('row')).toBe('整行');
    expect(
      changeText({
        rowNumber: 2,
        outcome: 'updated',
        line: { building: '', unit: '', room: '', name: '', phone: '', relation: 'owner', area: null },
        changes: [
          { field: 'phone', from: '13800000101', to: '13900000101' },
          { field: 'relation', from: 'owner', to: 'tenant' },
          { field: 'area', from: '', to: '90' },
        ],
      }),
    ).toBe('电话 13800000101 → 13900000101；身份 业主 → 租户；面积 （空） → 90');
  });

  it('says when a tab lists only the first rows, and what the commit will do', () => {
    expect(shownNote(report({ new: 120 }), 'new')).toBe('共 120 条，这里列出前 0 条');
    expect(shownNote(report({}), 'error')).toBeNull();
    expect(confirmText(report({ new: 3, updated: 1, error: 5 }))).toBe(
      '将新增 3 人、更新 1 人，5 行有错误将跳过。确认导入吗？',
    );
    expect(confirmText(report({ new: 1, removed: 2 }))).toBe('将新增 1 人、更新 0 人、移除 2 人。确认导入吗？');
  });
});
