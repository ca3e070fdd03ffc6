import {
  changesNothing,
  countOutcomes,
  diffRegister,
  mapHeadings,
  normaliseHeading,
  normalisePhone,
  normaliseRow,
  normaliseText,
  resolveRows,
  RoomIndex,
  sampleOutcomes,
  validateRow,
  type ExistingEntry,
  type ResolvedRow,
} from './register-pipeline';

const HEADINGS = ['楼栋', '单元', '房号', '业主姓名', '联系电话', '身份', '面积'];
const rooms = new RoomIndex([
  { id: 1, building: '1栋', unit: '1单元', room: '101' },
  { id: 2, building: '1栋', unit: '1单元', room: '102' },
  { id: 3, building: '1栋', unit: '2单元', room: '101' },
]);
const columnsOf = (headings: string[]) => {
  const result = mapHeadings(headings);
  if (!result.ok) throw new Error('headings');
  return result.columns;
};
const validated = (rowNumber: number, cells: string[], headings = HEADINGS) =>
  validateRow(normaliseRow({ rowNumber, cells }, columnsOf(headings))!);

describe('normalise', () => {
  it('turns full-width digits and spaces into ASCII, trims and joins inner runs of spaces', () => {
    expect(normaliseText('　１栋　 ')).toBe('1栋');
    expect(normaliseText('王  小　明')).toBe('王 小 明');
  });

  it('reads headings under their aliases, with required marks, spaces and units in brackets', () => {
    expect(normaliseHeading(' 面积（㎡）* ')).toBe('面积');
    expect(mapHeadings(['楼号', '单元', '房间号', '户主', '手机', '面积(㎡)'])).toEqual({
      ok: true,
      columns: { building: 0, unit: 1, room: 2, name: 3, phone: 4, area: 5 },
    });
  });

  it('names missing and doubled columns', () => {
    expect(mapHeadings(['楼栋', '单元', '房号', '姓名', '业主'])).toEqual({
      ok: false,
      missing: ['phone'],
      duplicated: ['name'],
    });
  });

  it('writes phones the way the register keeps them', () => {
    expect(normalisePhone('138 0013 8000')).toBe('13800138000');
    expect(normalisePhone('+86 138-0013-8000')).toBe('13800138000');
    expect(normalisePhone('１３８００１３８０００')).toBe('13800138000');
    expect(normalisePhone('075512345678')).toBe('0755-12345678');
    expect(normalisePhone('02112345678')).toBe('021-12345678');
    expect(normalisePhone('0755-1234567')).toBe('0755-1234567');
    expect(normalisePhone('1380000')).toBe('1380000');
  });

  it('skips rows with nothing in them and reads missing columns as blank', () => {
    const columns = columnsOf(['楼栋', '单元', '房号', '姓名', '电话']);
    expect(normaliseRow({ rowNumber: 5, cells: ['', ' ', ''] }, columns)).toBeNull();
    expect(normaliseRow({ rowNumber: 6, cells: ['1栋', '1单元', '101', '王五', '13800000009'] }, columns)).toEqual({
      rowNumber: 6,
      input: {
        building: '1栋',
        unit: '1单元',
        room: '101',
        name: '王五',
        phone: '13800000009',
        relation: '',
        area: '',
      },
    });
  });
});

describe('validate', () => {
  it('accepts a full row, 身份 in its words and the area as a number', () => {
    expect(validated(2, ['1栋', '1单元', '101', '王五', '13800000009', '家属', '89.5'])).toEqual({
      rowNumber: 2,
      ok: true,
      row: {
        building: '1栋',
        unit: '1单元',
        room: '101',
        name: '王五',
        phone: '13800000009',
        relation: 'family',
        area: 89.5,
      },
    });
    const blank = validated(3, ['1栋', '1单元', '101', '王五', '13800000009', '', '']);
    expect(blank.ok && blank.row).toMatchObject({ relation: 'owner', area: null });
  });

  it('says per field what is wrong', () => {
    const result = validated(4, ['1栋', '1单元', '101', '', '1380000', '房东', '-3']);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => [error.rowNumber, error.field])).toEqual([
      [4, 'name'],
      [4, 'phone'],
      [4, 'relation'],
      [4, 'area'],
    ]);
    expect(result.errors.find((error) => error.field === 'relation')!.message).toBe(
      '身份应为 业主、家属 或 租户（收到的是 房东）',
    );
  });
});

describe('resolve rooms', () => {
  it('finds rooms by name, also when the sheet leaves off 栋 and 单元', () => {
    const result = resolveRows([validated(2, ['1', '2', '101', '王五', '13800000009'])], rooms);
    expect(result.rows).toEqual([
      { rowNumber: 2, roomId: 3, name: '王五', phone: '13800000009', relation: 'owner', area: null },
    ]);
    expect(rooms.find('1号楼', '1单元', '101')).toEqual({ missing: 'building' });
  });

  it('reports unknown buildings, units and rooms on their own field', () => {
    const result = resolveRows(
      [
        validated(2, ['5栋', '1单元', '101', '甲', '13800000001']),
        validated(3, ['1栋', '3单元', '101', '乙', '13800000002']),
        validated(4, ['1栋', '1单元', '1101', '丙', '13800000003']),
      ],
      rooms,
    );
    expect(result.errors.map((error) => [error.rowNumber, error.field, error.message])).toEqual([
      [2, 'building', '本项目没有楼栋「5栋」'],
      [3, 'unit', '1栋没有单元「3单元」'],
      [4, 'room', '本项目没有房间 1栋 1单元 1101'],
    ]);
    expect(result.rows).toEqual([]);
  });

  it('refuses the same person or the same phone twice in a room, naming the first row', () => {
    const result = resolveRows(
      [
        validated(2, ['1栋', '1单元', '101', '甲', '13800000001']),
        validated(3, ['1栋', '1单元', '101', '甲', '13800000001']),
        validated(4, ['1栋', '1单元', '101', '乙', '13800000001']),
        validated(5, ['1栋', '1单元', '102', '甲', '13800000001']),
      ],
      rooms,
    );
    expect(result.errors.map((error) => [error.rowNumber, error.field, error.message])).toEqual([
      [3, 'row', '与第 2 行重复（同一房间、同一姓名）'],
      [4, 'phone', '与第 2 行的联系电话重复（同一房间每个号码只登记一人）'],
    ]);
    expect(result.rows.map((row) => row.rowNumber)).toEqual([2, 5]);
    expect(result.errorRoomIds).toEqual([1]);
    expect(result.totalRows).toBe(4);
  });

  it('remembers the room of a faulty row, so its entries are not removed', () => {
    const result = resolveRows([validated(2, ['1栋', '1单元', '102', '甲', 'bad'])], rooms);
    expect(result.errorRoomIds).toEqual([2]);
    expect(result.errors).toHaveLength(1);
  });
});

describe('diff against the register', () => {
  const row = (rowNumber: number, roomId: number, name: string, phone: string, extra: Partial<ResolvedRow> = {}) => ({
    rowNumber,
    roomId,
    name,
    phone,
    relation: 'owner' as const,
    area: null,
    ...extra,
  });
  const entry = (id: number, roomId: number, name: string, phone: string, extra: Partial<ExistingEntry> = {}) => ({
    id,
    roomId,
    name,
    phone,
    relation: 'owner' as const,
    area: null,
    ...extra,
  });

  it('tells new, unchanged, updated and removed apart by room, then name, then phone', () => {
    const existing = [
      entry(10, 1, '甲', '13800000001', { area: 90 }),
      entry(11, 1, '乙', '13800000002'),
      entry(12, 1, '丙', '13800000003'),
      entry(13, 2, '丁', '13800000004'),
      entry(14, 3, '戊', '13800000005'),
    ];
    const outcomes = diffRegister(
      [
        row(2, 1, '甲', '13800000001'), // blank area keeps 90: unchanged
        row(3, 1, '乙', '13900000002', { relation: 'tenant' }), // same name, new phone and 身份
        row(4, 1, '丙丙', '13800000003'), // corrected name, same phone
        row(5, 1, '己', '13800000006'), // new
        row(6, 2, '丁', '13800000004', { area: 120 }), // area given
      ],
      [],
      existing,
    );
    expect(
      outcomes.map((outcome) => [outcome.outcome, 'row' in outcome ? outcome.row.rowNumber : outcome.entry.id]),
    ).toEqual([
      ['unchanged', 2],
      ['updated', 3],
      ['updated', 4],
      ['new', 5],
      ['updated', 6],
    ]);
    expect(outcomes[1]).toMatchObject({
      changes: [
        { field: 'phone', from: '13800000002', to: '13900000002' },
        { field: 'relation', from: 'owner', to: 'tenant' },
      ],
    });
    expect(outcomes[2]).toMatchObject({ changes: [{ field: 'name', from: '丙', to: '丙丙' }] });
    // Room 3 is not in the file: 戊 stays. Room 1 lists everyone it has: nothing removed.
    expect(countOutcomes(outcomes, 0)).toEqual({ new: 1, updated: 3, unchanged: 1, removed: 0, error: 0 });
  });

  it('removes the people a room in the file no longer lists, unless a row of that room was faulty', () => {
    const existing = [entry(10, 1, '甲', '13800000001'), entry(11, 1, '乙', '13800000002'), entry(12, 2, '丙', '1')];
    const rows = [row(2, 1, '甲', '13800000001'), row(3, 2, '丁', '13800000009')];
    const removed = diffRegister(rows, [], existing).filter((outcome) => outcome.outcome === 'removed');
    expect(removed.map((outcome) => outcome.outcome === 'removed' && outcome.entry.id)).toEqual([11, 12]);
    const kept = diffRegister(rows, [2], existing).filter((outcome) => outcome.outcome === 'removed');
    expect(kept.map((outcome) => outcome.outcome === 'removed' && outcome.entry.id)).toEqual([11]);
  });

  it('matches by name before phone, so two people swapping numbers are two updates', () => {
    const outcomes = diffRegister(
      [row(2, 1, '甲', '13800000002'), row(3, 1, '乙', '13800000001')],
      [],
      [entry(10, 1, '甲', '13800000001'), entry(11, 1, '乙', '13800000002')],
    );
    expect(outcomes.map((outcome) => outcome.outcome)).toEqual(['updated', 'updated']);
    expect(outcomes.map((outcome) => outcome.outcome !== 'new' && outcome.entry.id)).toEqual([10, 11]);
  });
});

describe('report', () => {
  it('counts, says when nothing would change, and keeps the first rows of each outcome in file order', () => {
    const outcomes = diffRegister(
      [
        { rowNumber: 3, roomId: 1, name: '乙', phone: '13800000002', relation: 'owner', area: null },
        { rowNumber: 2, roomId: 1, name: '甲', phone: '13800000001', relation: 'owner', area: 88 },
        { rowNumber: 4, roomId: 2, name: '丙', phone: '13800000003', relation: 'family', area: null },
      ],
      [],
      [{ id: 9, roomId: 3, name: '丁', phone: '13800000004', relation: 'owner', area: null }],
    );
    const counts = countOutcomes(outcomes, 2);
    expect(counts).toEqual({ new: 3, updated: 0, unchanged: 0, removed: 0, error: 2 });
    expect(changesNothing(counts)).toBe(false);
    expect(changesNothing({ new: 0, updated: 0, unchanged: 5, removed: 0, error: 1 })).toBe(true);
    const { samples } = sampleOutcomes(outcomes, rooms, 2);
    expect(samples.new).toEqual([
      {
        rowNumber: 2,
        outcome: 'new',
        line: {
          building: '1栋',
          unit: '1单元',
          room: '101',
          name: '甲',
          phone: '13800000001',
          relation: 'owner',
          area: 88,
        },
      },
      expect.objectContaining({ rowNumber: 3 }),
    ]);
  });
});
