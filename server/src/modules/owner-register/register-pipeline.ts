import {
  formatZodIssues,
  REGISTER_FIELD_LABELS,
  REGISTER_FIELDS,
  REGISTER_HEADERS,
  REGISTER_OUTCOMES,
  registerRowSchema,
  REQUIRED_REGISTER_FIELDS,
  type OwnerRelation,
  type RegisterField,
  type RegisterLineView,
  type RegisterOutcome,
  type RegisterReportRow,
  type RegisterRow,
  type RegisterRowError,
  type RegisterRowInput,
} from '@linli/shared';

/**
 * The owner-register import as a pipeline of pure stages (STYLE.md "Imports are a pipeline"):
 * cells → normalise (headings, widths, phones) → validate (the shared schema) → resolve rooms →
 * diff against the register → report. The dry run stops at the report; the commit writes what
 * the diff says. Reading files and writing the database live elsewhere, so each stage is tested
 * on plain values.
 */

/** A row as read from the file: its number in the sheet (the heading row is 1) and its cells as text. */
export interface SheetRow {
  rowNumber: number;
  cells: string[];
}

// ---------------------------------------------------------------------------------------------
// Normalise

/**
 * Full-width digits, letters and spaces (１２３, ＡＢ, the ideographic space) as their ASCII
 * selves — NFKC does exactly that — then trimmed, inner runs of spaces as one.
 */
export function normaliseText(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/** Headings compare without spaces, required-marks (*) and a unit in brackets: "面积（㎡）*" is 面积. */
export function normaliseHeading(value: string): string {
  return normaliseText(value)
    .replace(/[(（][^)）]*[)）]/g, '')
    .replace(/[\s*＊:：]/g, '')
    .toLowerCase();
}

const FIELD_BY_HEADING = new Map<string, RegisterField>(
  REGISTER_FIELDS.flatMap((field) => REGISTER_HEADERS[field].map((heading) => [normaliseHeading(heading), field])),
);

export type ColumnMap = Partial<Record<RegisterField, number>>;

export type HeadingResult =
  { ok: true; columns: ColumnMap } | { ok: false; missing: RegisterField[]; duplicated: RegisterField[] };

/** Which column holds which field; a required field without a column, or one with two, stops the import. */
export function mapHeadings(cells: string[]): HeadingResult {
  const columns: ColumnMap = {};
  const duplicated: RegisterField[] = [];
  cells.forEach((cell, index) => {
    const field = FIELD_BY_HEADING.get(normaliseHeading(cell));
    if (!field) return;
    if (columns[field] !== undefined) duplicated.push(field);
    else columns[field] = index;
  });
  const missing = REQUIRED_REGISTER_FIELDS.filter((field) => columns[field] === undefined);
  return missing.length || duplicated.length ? { ok: false, missing, duplicated } : { ok: true, columns };
}

/**
 * A phone as people type it: spaces and dashes inside a mobile number, a +86 in front. Landlines
 * keep one dash between area code and number (0755-12345678), as the desk dials them.
 */
export function normalisePhone(value: string): string {
  let phone = normaliseText(value).replace(/[\s()（）]/g, '');
  phone = phone.replace(/^(\+?86)(?=1\d{10}$|1\d{2}-)/, '');
  const digits = phone.replace(/-/g, '');
  if (/^1\d{10}$/.test(digits)) return digits;
  if (/^0\d{9,11}$/.test(digits) && !phone.includes('-')) {
    // Without a dash the area code's length is read off its first digits: 01x and 02x are 3 long.
    const codeLength = /^0[12]/.test(digits) ? 3 : 4;
    return `${digits.slice(0, codeLength)}-${digits.slice(codeLength)}`;
  }
  return phone;
}

export interface NormalisedRow {
  rowNumber: number;
  input: RegisterRowInput;
}

/** A row with nothing in any of its columns (trailing blank lines of a sheet) is no row. */
export function normaliseRow(row: SheetRow, columns: ColumnMap): NormalisedRow | null {
  const cell = (field: RegisterField) => {
    const index = columns[field];
    return index === undefined ? '' : normaliseText(row.cells[index] ?? '');
  };
  const input = {
    building: cell('building'),
    unit: cell('unit'),
    room: cell('room'),
    name: cell('name'),
    phone: normalisePhone(cell('phone')),
    relation: cell('relation'),
    area: cell('area'),
  };
  if (Object.values(input).every((value) => value === '')) return null;
  return { rowNumber: row.rowNumber, input };
}

// ---------------------------------------------------------------------------------------------
// Validate

export type ValidatedRow =
  | { rowNumber: number; ok: true; row: RegisterRow }
  | { rowNumber: number; ok: false; input: RegisterRowInput; errors: RegisterRowError[] };

export function validateRow({ rowNumber, input }: NormalisedRow): ValidatedRow {
  const result = registerRowSchema.safeParse(input);
  if (result.success) return { rowNumber, ok: true, row: result.data };
  const errors = formatZodIssues(result.error).map((issue) => ({
    rowNumber,
    field: issue.field as RegisterField,
    message: issue.message,
  }));
  return { rowNumber, ok: false, input, errors };
}

// ---------------------------------------------------------------------------------------------
// Resolve rooms

export interface RoomRef {
  id: number;
  building: string;
  unit: string;
  room: string;
}

/** The project's rooms by their names, read once per import. */
export class RoomIndex {
  private readonly byKey = new Map<string, RoomRef>();
  private readonly buildings = new Set<string>();
  private readonly units = new Set<string>();
  readonly byId = new Map<number, RoomRef>();

  constructor(rooms: Iterable<RoomRef>) {
    for (const room of rooms) {
      this.byKey.set(roomKey(room.building, room.unit, room.room), room);
      this.buildings.add(room.building);
      this.units.add(`${room.building}\u0000${room.unit}`);
      this.byId.set(room.id, room);
    }
  }

  /**
   * The room a row names. A sheet often says "1" where the estate says 1栋 (or 1号楼, 1单元):
   * a bare number is tried with the estate's usual suffixes too.
   */
  find(building: string, unit: string, room: string): RoomRef | { missing: 'building' | 'unit' | 'room' } {
    const buildingName = candidates(building, ['栋', '号楼', '幢', '座']).find((name) => this.buildings.has(name));
    if (buildingName === undefined) return { missing: 'building' };
    const unitName = candidates(unit, ['单元']).find((name) => this.units.has(`${buildingName}\u0000${name}`));
    if (unitName === undefined) return { missing: 'unit' };
    const found = candidates(room, ['室', '号']).map((name) => this.byKey.get(roomKey(buildingName, unitName, name)));
    return found.find((ref) => ref !== undefined) ?? { missing: 'room' };
  }
}

const roomKey = (building: string, unit: string, room: string) => `${building}\u0000${unit}\u0000${room}`;

function candidates(name: string, suffixes: string[]): string[] {
  if (/^\d+$/.test(name)) return [name, ...suffixes.map((suffix) => `${name}${suffix}`)];
  const bare = suffixes.find((suffix) => name.endsWith(suffix) && /^\d+$/.test(name.slice(0, -suffix.length)));
  return bare ? [name, name.slice(0, -bare.length)] : [name];
}

/** A valid row with its room found: what the diff compares and the commit writes. */
export interface ResolvedRow {
  rowNumber: number;
  roomId: number;
  name: string;
  phone: string;
  relation: OwnerRelation;
  area: number | null;
}

export interface Resolution {
  rows: ResolvedRow[];
  errors: RegisterRowError[];
  /** Rooms with a faulty row: their entries are not removed, the faulty row may have meant one of them. */
  errorRoomIds: number[];
  /** Rows read (after blank ones), for the report. */
  totalRows: number;
}

/**
 * Finds each row's room and catches rows that say the same thing twice: the same person (name)
 * in a room, or the same phone in a room (the register keeps one entry per room and phone).
 */
export function resolveRows(validated: Iterable<ValidatedRow>, rooms: RoomIndex): Resolution {
  const rows: ResolvedRow[] = [];
  const errors: RegisterRowError[] = [];
  const errorRooms = new Set<number>();
  const seenName = new Map<string, number>();
  const seenPhone = new Map<string, number>();
  let totalRows = 0;
  for (const entry of validated) {
    totalRows++;
    const names = entry.ok ? entry.row : entry.input;
    const found = rooms.find(names.building, names.unit, names.room);
    const roomId = 'id' in found ? found.id : null;
    if (!entry.ok) {
      errors.push(...entry.errors);
      if (roomId !== null) errorRooms.add(roomId);
      continue;
    }
    const { row } = entry;
    if (roomId === null) {
      const where = `${row.building} ${row.unit} ${row.room}`;
      const missing = (found as { missing: 'building' | 'unit' | 'room' }).missing;
      const message =
        missing === 'building'
          ? `本项目没有楼栋「${row.building}」`
          : missing === 'unit'
            ? `${row.building}没有单元「${row.unit}」`
            : `本项目没有房间 ${where}`;
      errors.push({ rowNumber: entry.rowNumber, field: missing, message });
      continue;
    }
    const nameKey = `${roomId}\u0000${row.name}`;
    const phoneKey = `${roomId}\u0000${row.phone}`;
    const sameName = seenName.get(nameKey);
    const samePhone = seenPhone.get(phoneKey);
    if (sameName !== undefined) {
      errors.push({
        rowNumber: entry.rowNumber,
        field: 'row',
        message: `与第 ${sameName} 行重复（同一房间、同一姓名）`,
      });
      errorRooms.add(roomId);
      continue;
    }
    if (samePhone !== undefined) {
      errors.push({
        rowNumber: entry.rowNumber,
        field: 'phone',
        message: `与第 ${samePhone} 行的联系电话重复（同一房间每个号码只登记一人）`,
      });
      errorRooms.add(roomId);
      continue;
    }
    seenName.set(nameKey, entry.rowNumber);
    seenPhone.set(phoneKey, entry.rowNumber);
    rows.push({
      rowNumber: entry.rowNumber,
      roomId,
      name: row.name,
      phone: row.phone,
      relation: row.relation,
      area: row.area,
    });
  }
  errors.sort((a, b) => a.rowNumber - b.rowNumber);
  return { rows, errors, errorRoomIds: [...errorRooms], totalRows };
}

// ---------------------------------------------------------------------------------------------
// Diff

export interface ExistingEntry {
  id: number;
  roomId: number;
  name: string;
  phone: string;
  relation: OwnerRelation;
  area: number | null;
}

export type DiffOutcome =
  | { outcome: 'new'; row: ResolvedRow }
  | { outcome: 'unchanged'; row: ResolvedRow; entry: ExistingEntry }
  | { outcome: 'updated'; row: ResolvedRow; entry: ExistingEntry; changes: RegisterChange[] }
  | { outcome: 'removed'; entry: ExistingEntry };

export interface RegisterChange {
  field: 'name' | 'phone' | 'relation' | 'area';
  from: string;
  to: string;
}

/**
 * The rule stated on screen (REGISTER_IMPORT_RULE): a room in the file gets the file's people —
 * the same person found by name, else by phone (a corrected name), is kept and updated; the
 * rest of the file's rows are new; the room's other entries are removed, unless one of the
 * room's rows was faulty. Rooms the file does not name are not touched. A blank 面积 keeps the
 * area on record.
 */
export function diffRegister(
  rows: readonly ResolvedRow[],
  errorRoomIds: readonly number[],
  existing: readonly ExistingEntry[],
): DiffOutcome[] {
  const byRoom = new Map<number, ExistingEntry[]>();
  for (const entry of existing) {
    const list = byRoom.get(entry.roomId);
    if (list) list.push(entry);
    else byRoom.set(entry.roomId, [entry]);
  }
  const rowsByRoom = new Map<number, ResolvedRow[]>();
  for (const row of rows) {
    const list = rowsByRoom.get(row.roomId);
    if (list) list.push(row);
    else rowsByRoom.set(row.roomId, [row]);
  }
  const keepRooms = new Set(errorRoomIds);
  const outcomes: DiffOutcome[] = [];
  for (const [roomId, roomRows] of rowsByRoom) {
    const unmatched = new Set(byRoom.get(roomId) ?? []);
    const matchOf = new Map<ResolvedRow, ExistingEntry>();
    // Names first for every row, then phones: a row matched by phone must not take the entry
    // a later row of the same room names exactly.
    for (const row of roomRows) {
      const entry = [...unmatched].find((candidate) => candidate.name === row.name);
      if (entry) {
        matchOf.set(row, entry);
        unmatched.delete(entry);
      }
    }
    for (const row of roomRows) {
      if (matchOf.has(row)) continue;
      const entry = [...unmatched].find((candidate) => candidate.phone === row.phone);
      if (entry) {
        matchOf.set(row, entry);
        unmatched.delete(entry);
      }
    }
    for (const row of roomRows) {
      const entry = matchOf.get(row);
      if (!entry) {
        outcomes.push({ outcome: 'new', row });
        continue;
      }
      const changes = changesOf(entry, row);
      outcomes.push(
        changes.length ? { outcome: 'updated', row, entry, changes } : { outcome: 'unchanged', row, entry },
      );
    }
    if (!keepRooms.has(roomId)) for (const entry of unmatched) outcomes.push({ outcome: 'removed', entry });
  }
  return outcomes;
}

function changesOf(entry: ExistingEntry, row: ResolvedRow): RegisterChange[] {
  const changes: RegisterChange[] = [];
  if (entry.name !== row.name) changes.push({ field: 'name', from: entry.name, to: row.name });
  if (entry.phone !== row.phone) changes.push({ field: 'phone', from: entry.phone, to: row.phone });
  if (entry.relation !== row.relation) changes.push({ field: 'relation', from: entry.relation, to: row.relation });
  if (row.area !== null && entry.area !== row.area) {
    changes.push({ field: 'area', from: entry.area === null ? '' : String(entry.area), to: String(row.area) });
  }
  return changes;
}

/** The row a committed outcome leaves in the register (area kept when the file left it blank). */
export function areaToWrite(outcome: Extract<DiffOutcome, { row: ResolvedRow }>): number | null {
  return outcome.row.area ?? ('entry' in outcome ? outcome.entry.area : null);
}

// ---------------------------------------------------------------------------------------------
// Report

export type OutcomeCounts = Record<RegisterOutcome, number>;

export function countOutcomes(outcomes: readonly DiffOutcome[], errors: number): OutcomeCounts {
  const counts = Object.fromEntries(REGISTER_OUTCOMES.map((outcome) => [outcome, 0])) as OutcomeCounts;
  for (const { outcome } of outcomes) counts[outcome]++;
  counts.error = errors;
  return counts;
}

/** True when committing would write nothing. */
export const changesNothing = (counts: OutcomeCounts) => counts.new + counts.updated + counts.removed === 0;

export interface ReportSamples {
  samples: Record<Exclude<RegisterOutcome, 'error'>, RegisterReportRow[]>;
}

/** The first `size` rows of each outcome, in file order (removed entries last, by room). */
export function sampleOutcomes(outcomes: readonly DiffOutcome[], rooms: RoomIndex, size: number): ReportSamples {
  const samples: ReportSamples['samples'] = { new: [], updated: [], unchanged: [], removed: [] };
  const ordered = [...outcomes].sort((a, b) => rowNumberOf(a) - rowNumberOf(b));
  for (const outcome of ordered) {
    const list = samples[outcome.outcome];
    if (list.length >= size) continue;
    list.push(reportRow(outcome, rooms));
  }
  return { samples };
}

const rowNumberOf = (outcome: DiffOutcome) => ('row' in outcome ? outcome.row.rowNumber : Number.MAX_SAFE_INTEGER);

function reportRow(outcome: DiffOutcome, rooms: RoomIndex): RegisterReportRow {
  const person = 'row' in outcome ? outcome.row : outcome.entry;
  const room = rooms.byId.get(person.roomId);
  const line: RegisterLineView = {
    building: room?.building ?? '',
    unit: room?.unit ?? '',
    room: room?.room ?? '',
    name: person.name,
    phone: person.phone,
    relation: person.relation,
    area: 'row' in outcome ? areaToWrite(outcome) : outcome.entry.area,
  };
  const rowNumber = 'row' in outcome ? outcome.row.rowNumber : null;
  return outcome.outcome === 'updated'
    ? { rowNumber, outcome: outcome.outcome, line, changes: outcome.changes }
    : { rowNumber, outcome: outcome.outcome, line };
}

/** Why a heading row cannot be read, as one message per field. */
export function headingErrors(result: Extract<HeadingResult, { ok: false }>): { field: string; message: string }[] {
  return [
    ...result.missing.map((field) => ({
      field: 'file',
      message: `缺少「${REGISTER_FIELD_LABELS[field]}」列（可用的列名：${REGISTER_HEADERS[field].join('、')}）`,
    })),
    ...result.duplicated.map((field) => ({
      field: 'file',
      message: `「${REGISTER_FIELD_LABELS[field]}」列出现了两次，请只保留一列`,
    })),
  ];
}
