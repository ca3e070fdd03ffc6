import type { OwnerRelation } from '@linli/shared';
import type { EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { readRegisterRows, type RegisterFileKind } from './register-files';
import {
  countOutcomes,
  diffRegister,
  headingErrors,
  mapHeadings,
  normaliseRow,
  resolveRows,
  RoomIndex,
  validateRow,
  areaToWrite,
  type DiffOutcome,
  type ExistingEntry,
  type OutcomeCounts,
  type Resolution,
  type RoomRef,
  type ValidatedRow,
} from './register-pipeline';

/**
 * The pipeline's database ends: the rooms and register a project has, and the one transaction's
 * writes. Plain functions over an EntityManager, so the demo seed runs the very same import as
 * the admin page (issue 14: the demo estate is set up through the same path).
 */

/** Statements stay far below max_allowed_packet and the placeholder limit: 1,000 rows × 6 values. */
const CHUNK = 1000;

export async function loadRooms(manager: EntityManager, projectId: number): Promise<RoomIndex> {
  const rows = (await manager.query(
    `SELECT r.id, COALESCE(b.name, '') AS building, COALESCE(u.name, '') AS unit, r.name AS room
       FROM room r LEFT JOIN building b ON b.id = r.building_id LEFT JOIN unit u ON u.id = r.unit_id
      WHERE r.project_id = ?`,
    [projectId],
  )) as RoomRef[];
  return new RoomIndex(rows.map((row) => ({ ...row, id: Number(row.id) })));
}

/** The project's register; `lock` takes its rows for the commit's transaction. */
export async function loadRegister(manager: EntityManager, projectId: number, lock = false): Promise<ExistingEntry[]> {
  const rows = (await manager.query(
    `SELECT o.id, o.room_id AS roomId, o.name, o.phone, o.relation, o.area_sqm AS area
       FROM owner_register o JOIN room r ON r.id = o.room_id
      WHERE r.project_id = ?${lock ? ' FOR UPDATE' : ''}`,
    [projectId],
  )) as { id: number; roomId: number; name: string; phone: string; relation: OwnerRelation; area: string | null }[];
  return rows.map((row) => ({
    ...row,
    id: Number(row.id),
    roomId: Number(row.roomId),
    area: row.area === null ? null : Number(row.area),
  }));
}

export interface Analysis {
  rooms: RoomIndex;
  resolution: Resolution;
  outcomes: DiffOutcome[];
  counts: OutcomeCounts;
}

/** File → rows → normalised → validated → rooms found → compared with the register: the dry run. */
export async function analyseFile(
  manager: EntityManager,
  projectId: number,
  path: string,
  kind: RegisterFileKind,
): Promise<Analysis> {
  const rooms = await loadRooms(manager, projectId);
  const validated: ValidatedRow[] = [];
  let columns: Parameters<typeof normaliseRow>[1] | null = null;
  for await (const row of readRegisterRows(path, kind)) {
    if (!columns) {
      // The heading is the first row with anything in it; a title line above it is not supported.
      if (row.cells.every((cell) => cell.trim() === '')) continue;
      const headings = mapHeadings(row.cells);
      if (!headings.ok) throw AppError.validation(headingErrors(headings), '文件的表头不正确');
      columns = headings.columns;
      continue;
    }
    const normalised = normaliseRow(row, columns);
    if (normalised) validated.push(validateRow(normalised));
  }
  if (!columns) throw AppError.validation([{ field: 'file', message: '文件是空的：第一行应为表头' }]);
  const resolution = resolveRows(validated, rooms);
  if (resolution.totalRows === 0) {
    throw AppError.validation([{ field: 'file', message: '文件只有表头，没有住户行' }]);
  }
  const existing = await loadRegister(manager, projectId);
  const outcomes = diffRegister(resolution.rows, resolution.errorRoomIds, existing);
  return { rooms, resolution, outcomes, counts: countOutcomes(outcomes, resolution.errors.length) };
}

/**
 * The commit's writes, in the caller's transaction: entries removed or updated go, then the
 * file's new and updated people go in as multi-row inserts. Deleting before inserting keeps the
 * (room, phone) key free when two people of a room swap numbers.
 */
export async function writeOutcomes(manager: EntityManager, outcomes: readonly DiffOutcome[]): Promise<void> {
  const gone: number[] = [];
  const inserts: unknown[][] = [];
  for (const outcome of outcomes) {
    if (outcome.outcome === 'removed' || outcome.outcome === 'updated') gone.push(outcome.entry.id);
    if (outcome.outcome === 'new' || outcome.outcome === 'updated') {
      const { row } = outcome;
      inserts.push([row.roomId, row.name, row.phone, row.relation, areaToWrite(outcome)]);
    }
  }
  for (let i = 0; i < gone.length; i += CHUNK) {
    await manager.query('DELETE FROM owner_register WHERE id IN (?)', [gone.slice(i, i + CHUNK)]);
  }
  for (let i = 0; i < inserts.length; i += CHUNK) {
    const chunk = inserts.slice(i, i + CHUNK);
    await manager.query(
      `INSERT INTO owner_register (room_id, name, phone, relation, area_sqm) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
      chunk.flat(),
    );
  }
}

/** What the dry run keeps for its commit: the valid rows with their rooms, not the file. */
export interface StoredDryRun {
  rows: Resolution['rows'];
  errorRoomIds: number[];
  errors: number;
}

export function storedDryRun(resolution: Resolution): StoredDryRun {
  return { rows: resolution.rows, errorRoomIds: resolution.errorRoomIds, errors: resolution.errors.length };
}

/** The same diff again at commit, against the register as it is now (locked). */
export async function rediff(manager: EntityManager, projectId: number, stored: StoredDryRun) {
  const existing = await loadRegister(manager, projectId, true);
  const outcomes = diffRegister(stored.rows, stored.errorRoomIds, existing);
  return { outcomes, counts: countOutcomes(outcomes, stored.errors) };
}

export const sameCounts = (a: OutcomeCounts, b: OutcomeCounts) =>
  a.new === b.new && a.updated === b.updated && a.unchanged === b.unchanged && a.removed === b.removed;
