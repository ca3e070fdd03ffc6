import { readFile } from 'node:fs/promises';
import type { Row } from 'exceljs';
import ExcelJS from './exceljs';
import { AppError } from '../../common/errors/app-error';
import type { SheetRow } from './register-pipeline';

/**
 * Reading a register file into rows of text cells — the only stage that touches a file.
 * .xlsx goes through exceljs's streaming reader (rows as they are unzipped, no workbook model
 * in memory); .csv is small enough (≤ 10 MB by the upload limit) to decode at once.
 */

export type RegisterFileKind = 'xlsx' | 'csv';

/** The kind by the file's name and its first bytes: an .xlsx is a zip ("PK\x03\x04"). */
export function registerFileKind(fileName: string, head: Buffer): RegisterFileKind | null {
  const zip = head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;
  if (/\.xlsx$/i.test(fileName)) return zip ? 'xlsx' : null;
  if (/\.csv$/i.test(fileName)) return zip ? null : 'csv';
  return null;
}

export async function* readRegisterRows(path: string, kind: RegisterFileKind): AsyncGenerator<SheetRow> {
  if (kind === 'csv') {
    const rows = parseCsv(decodeCsv(await readFile(path)));
    for (const [index, cells] of rows.entries()) yield { rowNumber: index + 1, cells };
    return;
  }
  yield* readXlsxRows(path);
}

async function* readXlsxRows(path: string): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  let sheets = 0;
  try {
    for await (const worksheet of reader) {
      // Only the first sheet is the register; later ones (notes, lists for drop-downs) are read past.
      if (sheets++ > 0) {
        for await (const _row of worksheet) void _row;
        continue;
      }
      for await (const row of worksheet) {
        const values = (row as Row).values as unknown[];
        const cells: string[] = [];
        for (let column = 1; column < values.length; column++) cells.push(cellText(values[column]));
        yield { rowNumber: (row as Row).number, cells };
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw AppError.validation([{ field: 'file', message: '无法读取该 Excel 文件，请另存为 .xlsx 后重试' }]);
  }
}

/** A cell's value as the sheet shows it: numbers without float noise, rich text joined, formulas by result. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(6)));
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const object = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (object.richText) return object.richText.map((part) => part.text).join('');
    if ('result' in object) return cellText(object.result);
    if (object.text !== undefined) return cellText(object.text);
    if (object.error) return '';
  }
  return '';
}

/**
 * UTF-8 (with or without a BOM, as Excel writes "CSV UTF-8"); a file that is not valid UTF-8 is
 * read as GB18030, a superset of the GBK that Excel on a Chinese Windows saves plain CSV in.
 */
export function decodeCsv(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/**
 * RFC 4180: fields split by commas, rows by CRLF or LF; a quoted field may hold commas, line
 * breaks and doubled quotes. A quote inside an unquoted field is kept as text, as Excel does.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endField = () => {
    row.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += char;
      continue;
    }
    if (char === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (char === ',') endField();
    else if (char === '\n') endRow();
    else if (char === '\r') {
      if (text[i + 1] === '\n') i++;
      endRow();
    } else {
      field += char;
      fieldStarted = true;
    }
  }
  if (fieldStarted || field !== '' || row.length > 0) endRow();
  return rows;
}

/** A field for a CSV file: quoted when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
