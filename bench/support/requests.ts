import { randomBytes } from 'node:crypto';
import type { Pool, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { isInterrupted, sleep } from './run';

const CHUNK = 1000;

/**
 * `count` copies of a request the product filed, each with its creation event, in multi-row
 * inserts: a step bench needs a fresh `received` request for every call, far more than the
 * product could file in the time. Numbers get a prefix no day of the product's uses.
 */
export async function copyRequests(pool: Pool, templateId: number, count: number): Promise<number[]> {
  const [[template]] = await pool.query<RowDataPacket[]>('SELECT * FROM request WHERE id = ?', [templateId]);
  const [[event]] = await pool.query<RowDataPacket[]>(
    "SELECT * FROM request_event WHERE request_id = ? AND action = 'create' ORDER BY id LIMIT 1",
    [templateId],
  );
  if (!template || !event) throw new Error(`request ${templateId} or its creation event is missing`);
  // Stored generated columns (next_due_at, contact_phone_last4) are computed by the database.
  const [generated] = await pool.query<RowDataPacket[]>(
    "SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'request' AND EXTRA LIKE '%GENERATED%'",
  );
  const computed = new Set(generated.map((row) => String(row.name)));
  const requestColumns = Object.keys(template).filter((column) => column !== 'id' && !computed.has(column));
  const eventColumns = Object.keys(event).filter((column) => column !== 'id');
  const tag = `ZA${randomBytes(3).toString('hex')}`;
  const ids: number[] = [];
  for (let start = 0; start < count; start += CHUNK) {
    const now = new Date();
    const numbers = Array.from(
      { length: Math.min(CHUNK, count - start) },
      (_, index) => `${tag}${String(start + index).padStart(8, '0')}`,
    );
    const rows = numbers.map((number) =>
      requestColumns.map((column) =>
        column === 'number' ? number : column === 'created_at' || column === 'updated_at' ? now : template[column],
      ),
    );
    await pool.query(`INSERT INTO request (${requestColumns.join(', ')}) VALUES ?`, [rows]);
    const [inserted] = await pool.query<RowDataPacket[]>(
      'SELECT id FROM request WHERE number BETWEEN ? AND ? ORDER BY id',
      [numbers[0], numbers.at(-1)],
    );
    const chunkIds = inserted.map((row) => Number(row.id));
    const events = chunkIds.map((id) =>
      eventColumns.map((column) => (column === 'request_id' ? id : column === 'created_at' ? now : event[column])),
    );
    await pool.query(`INSERT INTO request_event (${eventColumns.join(', ')}) VALUES ?`, [events]);
    ids.push(...chunkIds);
  }
  return ids;
}

/**
 * A fresh day for the daily numbers: the product allows 9,999 a day per kind (shared
 * MAX_DAILY_SEQUENCE), which a fast create run would reach, so each run starts from 1 with the
 * numbers already given moved out of the way.
 */
export async function resetDailyNumbers(pool: Pool): Promise<void> {
  await pool.query<ResultSetHeader>(
    "UPDATE request SET number = CONCAT('ZB', id) WHERE number LIKE 'BX%' OR number LIKE 'TS%' OR number LIKE 'JY%'",
  );
  await pool.query('DELETE FROM request_number_sequence');
}

/**
 * Until the product's outbox holds nothing pending or in flight, so its sends do not run beside
 * the floor's measurement; false when it did not drain in time.
 */
export async function outboxDrained(pool: Pool, timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [[row]] = await pool.query<RowDataPacket[]>(
      "SELECT COUNT(*) AS n FROM notification_delivery WHERE status IN ('pending', 'sending')",
    );
    if (Number(row.n) === 0) return true;
    if (Date.now() > deadline || isInterrupted()) return false;
    await sleep(200);
  }
}
