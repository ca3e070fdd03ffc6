import { boardDrillUrl, deskListUrl, filterCount, filtersFromParams, NO_FILTERS, withDates, withDue } from './queue';

describe('the desk list’s filters', () => {
  it('keeps a time-limit filter and a date range apart', () => {
    const dated = withDates(NO_FILTERS, '2026-12-01', '2026-12-02');
    expect(withDue(dated, 'overdue')).toMatchObject({ due: 'overdue', from: '', to: '' });
    expect(withDates(withDue(NO_FILTERS, 'nearing'), '2026-12-01', '')).toMatchObject({
      due: null,
      from: '2026-12-01',
    });
    expect(withDue(dated, null)).toMatchObject({ due: null, from: '2026-12-01', to: '2026-12-02' });
  });

  it('reads back what the board writes into the address', () => {
    const url = deskListUrl('/desk/pages/queue/index', {
      filter: 'all',
      status: 'open',
      departmentId: 'none',
      departmentName: '待分派',
      due: 'overdue',
      assigneeUserId: null,
    });
    expect(url).toBe(
      `/desk/pages/queue/index?filter=all&status=open&departmentId=none&departmentName=${encodeURIComponent('待分派')}&due=overdue`,
    );
    const params = Object.fromEntries(new URLSearchParams(url.split('?')[1]).entries());
    // Taro hands the page its parameters still encoded.
    const encoded = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, encodeURIComponent(v)]));
    const filters = filtersFromParams(encoded);
    expect(filters).toMatchObject({ status: 'open', departmentId: 'none', departmentName: '待分派', due: 'overdue' });
    expect(filterCount(filters, 'all')).toBe(3);
    expect(filterCount(filters, 'received')).toBe(2);
    expect(filtersFromParams({ assigneeUserId: '12', departmentId: 'x', due: 'soon' })).toMatchObject({
      assigneeUserId: 12,
      departmentId: null,
      due: null,
    });
  });
});

describe('the board’s drill-down', () => {
  const read = (url: string) =>
    filtersFromParams(
      Object.fromEntries(
        [...new URLSearchParams(url.split('?')[1]).entries()].map(([k, v]) => [k, encodeURIComponent(v)]),
      ),
    );

  it('opens a department’s, a person’s or 待分派’s open requests with the count’s state', () => {
    const dept = boardDrillUrl('/q', { departmentId: 7, departmentName: '工程部' }, 'overdue');
    expect(dept).toContain('filter=all');
    expect(dept).toContain('sort=deadline');
    expect(read(dept)).toMatchObject({ status: 'open', departmentId: 7, departmentName: '工程部', due: 'overdue' });
    const person = boardDrillUrl(
      '/q',
      { departmentId: 7, departmentName: '工程部', userId: 12, name: '李师傅' },
      'open',
    );
    expect(read(person)).toMatchObject({ departmentId: null, assigneeUserId: 12, assigneeName: '李师傅', due: null });
    expect(decodeURIComponent(person)).toContain('title=李师傅 · 在办');
    expect(read(boardDrillUrl('/q', { departmentId: 'none', departmentName: '待分派' }, 'nearing'))).toMatchObject({
      departmentId: 'none',
      due: 'nearing',
    });
  });
});
