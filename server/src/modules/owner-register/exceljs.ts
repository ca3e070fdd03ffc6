import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';

/**
 * exceljs 4.4.0's streaming reader decodes each zip chunk on its own (`TextDecoder.decode(chunk)`
 * in lib/utils/parse-sax.js), so a Chinese character whose three UTF-8 bytes straddle two chunks
 * comes out as "��" — measured here: 3 of 20,000 register rows read back as 业�� or B17���.
 * Its parser passes text through untouched, so the reader's two entry points (each worksheet,
 * the shared strings) are handed text decoded by one streaming decoder per part. Import exceljs
 * from this module so the fix is always in place.
 */
async function* utf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

interface ReaderInternals {
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: number): unknown;
  _parseSharedStrings(entry: NodeJS.ReadableStream): unknown;
  __utf8Safe?: boolean;
}

const reader = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals;
if (!reader.__utf8Safe) {
  const parseWorksheet = reader._parseWorksheet;
  const parseSharedStrings = reader._parseSharedStrings;
  reader._parseWorksheet = function (this: ReaderInternals, iterator, sheetNo) {
    return parseWorksheet.call(this, utf8(iterator), sheetNo);
  };
  // The shared strings are read through exceljs's own stream iterator, so they get a stream of text.
  reader._parseSharedStrings = function (this: ReaderInternals, entry) {
    return parseSharedStrings.call(this, Readable.from(utf8(entry as unknown as AsyncIterable<Buffer>)));
  };
  reader.__utf8Safe = true;
}

export default ExcelJS;
