import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { exportCells, writeRegisterXlsx } from '../modules/owner-register/register-export';
import { demoRegisterLines, errorSampleRows } from '../modules/seed/demo-register';

/**
 * Writes the shipped sample registers from `demo-register.ts`:
 * `npm run samples:register` (from the repository root).
 * The files are checked in (the seed and the admin page's users open them); a unit test checks
 * they still say what this script would write.
 */
const SAMPLES_DIR = join(__dirname, '../../samples');

async function write(file: string, rows: (string | number)[][]): Promise<void> {
  const out = createWriteStream(join(SAMPLES_DIR, file));
  await writeRegisterXlsx(out, rows);
  await finished(out);
}

async function main(): Promise<void> {
  await write('owner-register-demo.xlsx', demoRegisterLines().map(exportCells));
  await write('owner-register-errors.xlsx', errorSampleRows());
  console.log(`samples written to ${SAMPLES_DIR}`);
}

void main();
