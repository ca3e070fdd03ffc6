import { PassThrough, type Readable, type Writable } from 'node:stream';
import ExcelJS from './exceljs';
import {
  REGISTER_FIELD_LABELS,
  REGISTER_FIELDS,
  REGISTER_RELATION_WORDS,
  type OwnerRelation,
  type RegisterLineView,
} from '@linli/shared';
import type { EntityManager } from 'typeorm';

/** The export's headings are the import's first headings, so an exported file imports unchanged. */
export const EXPORT_HEADINGS = REGISTER_FIELDS.map((field) => REGISTER_FIELD_LABELS[field]);

export const relationWord = (relation: OwnerRelation) => REGISTER_RELATION_WORDS[relation][0];

export function exportCells(line: RegisterLineView): (string | number)[] {
  return [
    line.building,
    line.unit,
    line.room,
    line.name,
    line.phone,
    relationWord(line.relation),
    line.area === null ? '' : line.area,
  ];
}

/**
 * Writes lines to an .xlsx as they come (exceljs's streaming writer: each row is committed and
 * leaves memory). Phones and room numbers are text cells, so Excel shows 0755-… and 0101 as typed.
 * A fixed creation time keeps generated files (the shipped samples) alike in content run after run.
 */
export async function writeRegisterXlsx(
  target: Writable,
  rows: AsyncIterable<(string | number)[]> | Iterable<(string | number)[]>,
  created = new Date('2026-01-01T00:00:00Z'),
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: target,
    useStyles: false,
    useSharedStrings: false,
  });
  workbook.creator = 'Linli';
  workbook.created = created;
  workbook.modified = created;
  const sheet = workbook.addWorksheet('业主名册');
  sheet.addRow(EXPORT_HEADINGS).commit();
  for await (const cells of rows) sheet.addRow(cells).commit();
  sheet.commit();
  await workbook.commit();
}

const PAGE = 2000;

/** A project's register, by building, unit and room, read a page at a time so memory stays flat. */
export async function* registerLines(manager: EntityManager, projectId: number): AsyncGenerator<RegisterLineView> {
  let offset = 0;
  for (;;) {
    const rows = (await manager.query(
      `SELECT COALESCE(b.name, '') AS building, COALESCE(u.name, '') AS unit, r.name AS room,
              o.name, o.phone, o.relation, o.area_sqm AS area
         FROM owner_register o JOIN room r ON r.id = o.room_id
         LEFT JOIN building b ON b.id = r.building_id LEFT JOIN unit u ON u.id = r.unit_id
        WHERE r.project_id = ?
        ORDER BY b.sort, b.name, u.sort, u.name, r.floor, r.name, o.id
        LIMIT ? OFFSET ?`,
      [projectId, PAGE, offset],
    )) as (Omit<RegisterLineView, 'area'> & { area: string | null })[];
    for (const row of rows) yield { ...row, area: row.area === null ? null : Number(row.area) };
    if (rows.length < PAGE) return;
    offset += PAGE;
  }
}

/** The export as a stream the controller hands to Fastify; a failure midway ends it with the error. */
export function exportRegister(manager: EntityManager, projectId: number): Readable {
  const out = new PassThrough();
  writeRegisterXlsx(out, cellsOf(registerLines(manager, projectId))).catch((error: unknown) =>
    out.destroy(error as Error),
  );
  return out;
}

async function* cellsOf(lines: AsyncIterable<RegisterLineView>): AsyncGenerator<(string | number)[]> {
  for await (const line of lines) yield exportCells(line);
}
