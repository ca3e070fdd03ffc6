import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { demoRegisterLines, errorSampleRows } from '../seed/demo-register';
import { cellText, csvField, decodeCsv, parseCsv, readRegisterRows, registerFileKind } from './register-files';
import ExcelJS from './exceljs';
import { exportCells, EXPORT_HEADINGS, writeRegisterXlsx } from './register-export';

const SAMPLES = join(__dirname, '../../../samples');

async function rowsOf(path: string, kind: 'xlsx' | 'csv'): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const row of readRegisterRows(path, kind)) rows.push(row.cells);
  return rows;
}

describe('CSV (RFC 4180)', () => {
  it('splits fields and rows, with quotes, doubled quotes, commas and line breaks inside quotes', () => {
    expect(parseCsv('a,b\r\n"c,d","e ""f""\ng"\n,h')).toEqual([
      ['a', 'b'],
      ['c,d', 'e "f"\ng'],
      ['', 'h'],
    ]);
  });

  it('drops a UTF-8 BOM and a final line break, keeps empty fields', () => {
    expect(parseCsv('\ufeff楼栋,单元\n1栋,\n')).toEqual([
      ['楼栋', '单元'],
      ['1栋', ''],
    ]);
  });

  it('round-trips what csvField writes', () => {
    const values = ['plain', 'with,comma', 'with "quote"', 'two\nlines'];
    expect(parseCsv(values.map(csvField).join(','))).toEqual([values]);
  });

  it('reads UTF-8 with a BOM and GBK (Excel on a Chinese Windows)', () => {
    expect(decodeCsv(Buffer.from('\ufeff业主姓名', 'utf8'))).toBe('业主姓名');
    // 业主 in GBK.
    expect(decodeCsv(Buffer.from([0xd2, 0xb5, 0xd6, 0xf7]))).toBe('业主');
  });
});

describe('cells and file kinds', () => {
  it('shows cells as the sheet does', () => {
    expect(cellText(13800000001)).toBe('13800000001');
    expect(cellText(89.56000000001)).toBe('89.56');
    expect(cellText({ richText: [{ text: '张' }, { text: '伟' }] })).toBe('张伟');
    expect(cellText({ formula: 'A1', result: 101 })).toBe('101');
    expect(cellText(null)).toBe('');
  });

  it('knows a file by its name and first bytes', () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
    expect(registerFileKind('名册.XLSX', zip)).toBe('xlsx');
    expect(registerFileKind('名册.csv', Buffer.from('楼栋'))).toBe('csv');
    expect(registerFileKind('名册.xlsx', Buffer.from('楼栋'))).toBeNull();
    expect(registerFileKind('名册.xls', zip)).toBeNull();
  });
});

describe('xlsx, streamed both ways', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'register-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads back what the export writes, phones and room numbers as text', async () => {
    const path = join(dir, 'out.xlsx');
    const out = createWriteStream(path);
    await writeRegisterXlsx(out, [['1栋', '1单元', '0101', '王五', '0755-12345678', '业主', 89.5]]);
    await finished(out);
    expect(await rowsOf(path, 'xlsx')).toEqual([
      EXPORT_HEADINGS,
      ['1栋', '1单元', '0101', '王五', '0755-12345678', '业主', '89.5'],
    ]);
  });

  it('keeps Chinese text whole where a character’s bytes straddle two zip chunks (inline and shared strings)', async () => {
    // Names of 1–4 characters, so the 3-byte characters fall across chunk boundaries somewhere.
    const names = Array.from({ length: 6000 }, (_, i) => '王李张刘陈杨黄赵吴周徐孙'.slice(0, 1 + (i % 4)) + String(i));
    const inline = join(dir, 'inline.xlsx');
    const out = createWriteStream(inline);
    await writeRegisterXlsx(
      out,
      names.map((name) => ['1栋', '1单元', '101', name, '13800000000', '业主', '']),
    );
    await finished(out);
    const shared = join(dir, 'shared.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名册');
    for (const name of names) sheet.addRow([name]);
    await workbook.xlsx.writeFile(shared);
    expect((await rowsOf(inline, 'xlsx')).slice(1).map((cells) => cells[3])).toEqual(names);
    expect((await rowsOf(shared, 'xlsx')).map((cells) => cells[0])).toEqual(names);
  });

  it('reads a CSV file the same way', async () => {
    const path = join(dir, 'in.csv');
    await writeFile(path, '\ufeff楼栋,单元\r\n1栋,"1单元"\r\n');
    expect(await rowsOf(path, 'csv')).toEqual([
      ['楼栋', '单元'],
      ['1栋', '1单元'],
    ]);
  });

  it('the shipped samples say what demo-register.ts says (npm run samples:register writes them)', async () => {
    const text = (rows: (string | number)[][]) => rows.map((row) => row.map(String));
    expect(await rowsOf(join(SAMPLES, 'owner-register-demo.xlsx'), 'xlsx')).toEqual(
      text([EXPORT_HEADINGS, ...demoRegisterLines().map(exportCells)]),
    );
    expect(await rowsOf(join(SAMPLES, 'owner-register-errors.xlsx'), 'xlsx')).toEqual(
      text([EXPORT_HEADINGS, ...errorSampleRows()]),
    );
  });
});
