import { KIND_NUMBER_PREFIX, parseRequestNumber, shanghaiDateKey, type RequestDetail } from '@linli/shared';
import { boundResident, categoryByPath, complaintForm, type Resident } from './support/api';
import { createTestContext, type TestContext } from './support/test-app';

/** Daily request numbers under load: many residents filing at the same moment never share a number. */

const RESIDENTS = 5;
const REQUESTS_EACH = 10;

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function sequenceValue(dayKey: string): Promise<number | null> {
  const [row] = (await ctx.dataSource.query(
    'SELECT last_value AS value FROM request_number_sequence WHERE day_key = ?',
    [dayKey],
  )) as { value: number }[];
  return row ? Number(row.value) : null;
}

describe('50 complaints filed at once', () => {
  let residents: Resident[];
  let answers: { status: number; body: RequestDetail & { code?: string } }[];
  let days: string[];

  beforeAll(async () => {
    residents = await Promise.all(Array.from({ length: RESIDENTS }, () => boundResident(ctx)));
    const category = await categoryByPath(ctx, residents[0].auth, 'complaint', '安全管理', '车辆停放');
    const before = shanghaiDateKey(ctx.clock.now());
    answers = await Promise.all(
      residents.flatMap((resident, r) =>
        Array.from({ length: REQUESTS_EACH }, (_, i) =>
          ctx
            .http()
            .post('/api/requests')
            .set(resident.auth)
            .send(
              complaintForm(resident.binding.id, category.id, {
                content: `第${r + 1}位业主的第${i + 1}条投诉：车辆乱停`,
              }),
            ),
        ),
      ),
    );
    days = [...new Set([before, shanghaiDateKey(ctx.clock.now())])];
  }, 60_000);

  it('answers every one with 201', () => {
    expect(answers.map((answer) => (answer.status === 201 ? 201 : `${answer.status} ${answer.body.code}`))).toEqual(
      Array.from({ length: RESIDENTS * REQUESTS_EACH }, () => 201),
    );
  });

  it('gives 50 distinct numbers, all TS + today (Asia/Shanghai) + a sequence', () => {
    const numbers = answers.map((answer) => answer.body.number);
    expect(new Set(numbers).size).toBe(RESIDENTS * REQUESTS_EACH);
    for (const number of numbers) {
      expect(number).toMatch(/^TS\d{8}\d{4}$/);
      expect(days).toContain(parseRequestNumber(number)!.date);
    }
  });

  it('never repeats a sequence within a day', () => {
    const byDay = new Map<string, number[]>();
    for (const answer of answers) {
      const { date, sequence } = parseRequestNumber(answer.body.number)!;
      byDay.set(date, [...(byDay.get(date) ?? []), sequence]);
    }
    for (const sequences of byDay.values()) {
      expect(new Set(sequences).size).toBe(sequences.length);
      for (const sequence of sequences) expect(sequence).toBeGreaterThanOrEqual(1);
    }
  });

  it('stores exactly these requests, each with one create event, ten per resident', async () => {
    const ids = residents.map((resident) => resident.tokens.user.id);
    const rows = (await ctx.dataSource.query(
      `SELECT r.id, r.number, (SELECT COUNT(*) FROM request_event e WHERE e.request_id = r.id) AS events
       FROM request r WHERE r.resident_user_id IN (${ids.map(() => '?').join(',')})`,
      ids,
    )) as { id: number; number: string; events: string }[];
    expect(rows).toHaveLength(RESIDENTS * REQUESTS_EACH);
    expect(new Set(rows.map((row) => row.number))).toEqual(new Set(answers.map((answer) => answer.body.number)));
    for (const row of rows) expect(Number(row.events)).toBe(1);

    for (const resident of residents) {
      const mine = await ctx.http().get('/api/requests/mine?pageSize=50').set(resident.auth);
      expect(mine.body.total).toBe(REQUESTS_EACH);
    }
  });

  it('leaves the day’s counter at or above the highest sequence handed out', async () => {
    for (const day of days) {
      const handedOut = answers
        .map((answer) => parseRequestNumber(answer.body.number)!)
        .filter((parsed) => parsed.date === day)
        .map((parsed) => parsed.sequence);
      if (handedOut.length === 0) continue;
      const value = await sequenceValue(`${KIND_NUMBER_PREFIX.complaint}${day}`);
      expect(value).not.toBeNull();
      expect(value!).toBeGreaterThanOrEqual(Math.max(...handedOut));
    }
  });

  it('hands out the day’s sequences without gaps: the counter equals the committed count', async () => {
    for (const day of days) {
      // One statement reads both in one snapshot, so requests other suites are filing cannot skew it.
      const [row] = (await ctx.dataSource.query(
        `SELECT (SELECT last_value FROM request_number_sequence WHERE day_key = ?) AS counter,
                (SELECT COUNT(*) FROM request WHERE number LIKE ?) AS filed,
                (SELECT MAX(CAST(SUBSTRING(number, 11) AS UNSIGNED)) FROM request WHERE number LIKE ?) AS highest`,
        [`TS${day}`, `TS${day}%`, `TS${day}%`],
      )) as { counter: number; filed: string; highest: string }[];
      if (Number(row.filed) === 0) continue;
      expect(Number(row.counter)).toBe(Number(row.filed));
      expect(Number(row.highest)).toBe(Number(row.filed));
    }
  });
});
