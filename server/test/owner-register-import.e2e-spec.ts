import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { RegisterImportReport } from '@linli/shared';
import { readRegisterRows } from '../src/modules/owner-register/register-files';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { expectApiError, type Auth } from './support/api';
import { demoStaff, insertStaff, projectIdOf, type Person } from './support/lifecycle';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Issue 14.3, the owner-register import: a dry run reports every row and writes nothing; the
 * commit writes what it saw in one transaction; a re-import updates by room; the export imports
 * back unchanged. Admins and the project's own managers only.
 */

const SAMPLES = join(__dirname, '../samples');
const HEADING = '楼栋,单元,房号,业主姓名,联系电话,身份,面积';

let ctx: TestContext;
let admin: Person;
let manager: Person;
let otherManager: Person;
let staff: Person;
let project: { id: number; rooms: number };
let demoProjectId: number;
let dir: string;

async function ownProject(): Promise<{ id: number; rooms: number }> {
  const [company] = (await ctx.dataSource.query('SELECT company_id AS id FROM project LIMIT 1')) as { id: number }[];
  const insert = async (sql: string, params: unknown[]) =>
    Number(((await ctx.dataSource.query(sql, params)) as { insertId: number }).insertId);
  const id = await insert("INSERT INTO project (company_id, name, kind, area_sqm) VALUES (?, ?, 'residential', 1)", [
    company.id,
    `名册测试${randomBytes(3).toString('hex')}`,
  ]);
  let rooms = 0;
  for (const building of ['1栋', '2栋']) {
    const buildingId = await insert('INSERT INTO building (project_id, name, sort) VALUES (?, ?, 1)', [id, building]);
    const unitId = await insert('INSERT INTO unit (building_id, name, sort) VALUES (?, ?, 1)', [buildingId, '1单元']);
    for (const room of ['101', '102', '201']) {
      await insert('INSERT INTO room (project_id, building_id, unit_id, floor, name) VALUES (?, ?, ?, ?, ?)', [
        id,
        buildingId,
        unitId,
        Number(room[0]),
        room,
      ]);
      rooms++;
    }
  }
  return { id, rooms };
}

const csv = (...rows: string[]) => Buffer.from(`\ufeff${[HEADING, ...rows].join('\r\n')}\r\n`, 'utf8');

const upload = (who: { auth: Auth }, projectId: number, file: Buffer, filename = '名册.csv') =>
  ctx
    .http()
    .post(`/api/admin/projects/${projectId}/register/import?dryRun=1`)
    .set(who.auth)
    .attach('file', file, { filename });

async function dryRun(who: { auth: Auth }, projectId: number, file: Buffer, filename?: string) {
  const res = await upload(who, projectId, file, filename);
  expect({ status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ status: 200, body: 'ok' });
  return res.body as RegisterImportReport;
}

async function commit(who: { auth: Auth }, projectId: number, token: string) {
  return ctx.http().post(`/api/admin/projects/${projectId}/register/import/${token}/commit`).set(who.auth);
}

type Line = { building: string; room: string; name: string; phone: string; relation: string; area: string | null };
async function registerOf(projectId: number): Promise<Line[]> {
  const rows = (await ctx.dataSource.query(
    `SELECT b.name AS building, r.name AS room, o.name, o.phone, o.relation, o.area_sqm AS area
       FROM owner_register o JOIN room r ON r.id = o.room_id JOIN building b ON b.id = r.building_id
      WHERE r.project_id = ? ORDER BY b.name, r.name, o.name`,
    [projectId],
  )) as Line[];
  return rows;
}

const importCount = async (projectId: number) =>
  Number(
    (
      (await ctx.dataSource.query('SELECT COUNT(*) AS n FROM owner_register_import WHERE project_id = ?', [
        projectId,
      ])) as {
        n: number;
      }[]
    )[0].n,
  );

beforeAll(async () => {
  ctx = await createTestContext();
  ({ manager, worker: staff } = await demoStaff(ctx));
  demoProjectId = await projectIdOf(ctx);
  project = await ownProject();
  admin = await insertStaff(ctx, { role: 'admin', departmentId: null, projectIds: [] });
  otherManager = await insertStaff(ctx, { role: 'manager', departmentId: null, projectIds: [project.id] });
  dir = await mkdtemp(join(tmpdir(), 'register-e2e-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await ctx.close();
});

describe('import into a project of its own', () => {
  const first = csv(
    '1栋,1单元,101,王一,13800000101,业主,89.5',
    '1栋,1单元,101,王小一,13800000102,家属,89.5',
    '1,1,102,李二,138 0000 0103,,',
    '2栋,1单元,201,赵三,0755-12345678,租户,120',
  );

  it('the dry run shows every row and writes nothing but its own record; the commit writes them all', async () => {
    const before = await registerOf(project.id);
    expect(before).toEqual([]);
    const report = await dryRun(admin, project.id, first);
    expect(report).toMatchObject({
      fileName: '名册.csv',
      totalRows: 4,
      counts: { new: 4, updated: 0, unchanged: 0, removed: 0, error: 0 },
      errors: [],
    });
    expect(report.rule).toMatch(/文件中没有的房间保持不变/);
    expect(report.token).toMatch(/^[0-9a-f]{32}$/);
    expect(report.samples.new.map((row) => [row.rowNumber, row.line.building, row.line.room, row.line.phone])).toEqual([
      [2, '1栋', '101', '13800000101'],
      [3, '1栋', '101', '13800000102'],
      [4, '1栋', '102', '13800000103'],
      [5, '2栋', '201', '0755-12345678'],
    ]);
    expect(await registerOf(project.id)).toEqual([]);

    const res = await commit(admin, project.id, report.token!);
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual(report.counts);
    expect(await registerOf(project.id)).toEqual([
      { building: '1栋', room: '101', name: '王一', phone: '13800000101', relation: 'owner', area: '89.50' },
      { building: '1栋', room: '101', name: '王小一', phone: '13800000102', relation: 'family', area: '89.50' },
      { building: '1栋', room: '102', name: '李二', phone: '13800000103', relation: 'owner', area: null },
      { building: '2栋', room: '201', name: '赵三', phone: '0755-12345678', relation: 'tenant', area: '120.00' },
    ]);
    const [log] = (await ctx.dataSource.query(
      'SELECT user_id AS userId, status, counts, payload FROM owner_register_import WHERE token = ?',
      [report.token],
    )) as { userId: number; status: string; counts: unknown; payload: string | null }[];
    expect({ ...log, userId: Number(log.userId) }).toMatchObject({
      userId: admin.userId,
      status: 'committed',
      payload: null,
    });

    // The same dry run again is spent.
    expectApiError(await commit(admin, project.id, report.token!), 409, 'CONFLICT');
  });

  it('a re-import updates by room: changed people updated, the rest unchanged, rooms not in the file left alone', async () => {
    const again = csv(
      '1栋,1单元,101,王一,13900000101,业主,89.5', // new phone
      '1栋,1单元,102,李二,13800000103,,', // unchanged
      '1栋,1单元,102,李二妻,13800000104,家属,', // new
    );
    // 王小一 of 101 is no longer listed: removed. 2栋 201 is not in the file: kept.
    const report = await dryRun(otherManager, project.id, again);
    expect(report.counts).toEqual({ new: 1, updated: 1, unchanged: 1, removed: 1, error: 0 });
    expect(report.samples.updated[0]).toMatchObject({
      rowNumber: 2,
      changes: [{ field: 'phone', from: '13800000101', to: '13900000101' }],
    });
    expect(report.samples.removed[0]).toMatchObject({ rowNumber: null, line: { name: '王小一', room: '101' } });
    const res = await commit(otherManager, project.id, report.token!);
    expect(res.status).toBe(200);
    expect((await registerOf(project.id)).map((line) => [line.room, line.name, line.phone])).toEqual([
      ['101', '王一', '13900000101'],
      ['102', '李二', '13800000103'],
      ['102', '李二妻', '13800000104'],
      ['201', '赵三', '0755-12345678'],
    ]);
  });

  it('a dry run whose register changed before the commit is refused, and so is one past 30 minutes', async () => {
    const file = csv('2栋,1单元,101,钱四,13800000105,业主,');
    const stale = await dryRun(admin, project.id, file);
    const expired = await dryRun(admin, project.id, file);
    await ctx.dataSource.query(
      "INSERT INTO owner_register (room_id, name, phone, relation) SELECT r.id, '孙五', '13800000106', 'owner' FROM room r JOIN building b ON b.id = r.building_id WHERE r.project_id = ? AND b.name = '2栋' AND r.name = '101'",
      [project.id],
    );
    const changed = await commit(admin, project.id, stale.token!);
    expectApiError(changed, 409, 'CONFLICT', '预览之后业主名册有了变动，请重新上传文件预览');
    ctx.clock.advance(31 * 60 * 1000);
    try {
      expectApiError(await commit(admin, project.id, expired.token!), 409, 'CONFLICT', /已过期/);
      // The next dry run lets the expired ones go: their rows are dropped, their counts kept.
      await dryRun(admin, project.id, file);
      const [gone] = (await ctx.dataSource.query(
        'SELECT status, payload, counts FROM owner_register_import WHERE token = ?',
        [expired.token],
      )) as { status: string; payload: string | null; counts: unknown }[];
      expect(gone).toMatchObject({ status: 'expired', payload: null });
    } finally {
      ctx.clock.reset();
    }
    expect((await registerOf(project.id)).filter((line) => line.name === '钱四')).toEqual([]);
  });

  it('the export imports back unchanged', async () => {
    const res = await ctx
      .http()
      .get(`/api/admin/projects/${project.id}/register/export`)
      .set(admin.auth)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const file = res.body as Buffer;
    const path = join(dir, 'export.xlsx');
    await writeFile(path, file);
    const rows: string[][] = [];
    for await (const row of readRegisterRows(path, 'xlsx')) rows.push(row.cells);
    expect(rows[0]).toEqual(['楼栋', '单元', '房号', '业主姓名', '联系电话', '身份', '面积']);
    expect(rows).toContainEqual(['2栋', '1单元', '201', '赵三', '0755-12345678', '租户', '120']);
    const back = await dryRun(admin, project.id, file, '导出.xlsx');
    expect(back.counts).toMatchObject({ new: 0, updated: 0, removed: 0, error: 0, unchanged: rows.length - 1 });
    expect(back.token).toBeNull();
  });
});

describe('the shipped samples on the demo estate', () => {
  it('the error sample reports exactly its five mistakes, each with its row and field; nothing is written', async () => {
    const before = await registerOf(demoProjectId);
    const logs = await importCount(demoProjectId);
    const report = await dryRun(
      manager,
      demoProjectId,
      await readFile(join(SAMPLES, 'owner-register-errors.xlsx')),
      'owner-register-errors.xlsx',
    );
    expect(report.counts.error).toBe(5);
    expect(report.errors.map((error) => [error.rowNumber, error.field])).toEqual([
      [3, 'phone'],
      [4, 'room'],
      [6, 'row'],
      [7, 'name'],
      [8, 'relation'],
    ]);
    expect(report.errors.map((error) => error.message)).toEqual([
      '联系电话格式不正确，请填写 11 位手机号或带区号的座机',
      '本项目没有房间 1栋 1单元 1101',
      '与第 5 行重复（同一房间、同一姓名）',
      '请填写业主姓名',
      '身份应为 业主、家属 或 租户（收到的是 房东）',
    ]);
    expect(report.totalRows).toBe(8);
    expect(await registerOf(demoProjectId)).toEqual(before);
    expect(await importCount(demoProjectId)).toBe(logs + 1);
  });

  it('the demo register was imported by the seed through the same pipeline, with its areas', async () => {
    const [log] = (await ctx.dataSource.query(
      "SELECT user_id AS userId, total_rows AS totalRows FROM owner_register_import WHERE project_id = ? AND file_name = 'owner-register-demo.xlsx' AND status = 'committed' ORDER BY id LIMIT 1",
      [demoProjectId],
    )) as { userId: number | null; totalRows: number }[];
    expect(log).toEqual({ userId: null, totalRows: 120 });
    const areas = (await registerOf(demoProjectId)).filter((line) => ['101', '102'].includes(line.room));
    expect(new Set(areas.map((line) => `${line.room} ${line.area}`))).toEqual(new Set(['101 89.56', '102 126.30']));
    const report = await dryRun(
      admin,
      demoProjectId,
      await readFile(join(SAMPLES, 'owner-register-demo.xlsx')),
      'demo.xlsx',
    );
    expect(report.totalRows).toBe(120);
    expect(report.counts.error).toBe(0);
  });
});

describe('who may import', () => {
  const file = csv('1栋,1单元,201,周六,13800000107,业主,');

  it('a manager of another project is told it does not exist (404), before the file is read', async () => {
    const res = await upload(otherManager, demoProjectId, file);
    expectApiError(res, 404, 'NOT_FOUND');
    expectApiError(
      await ctx.http().get(`/api/admin/projects/${demoProjectId}/register/export`).set(otherManager.auth),
      404,
      'NOT_FOUND',
    );
    const mine = await dryRun(manager, demoProjectId, file);
    expectApiError(await commit(otherManager, demoProjectId, mine.token!), 404, 'NOT_FOUND');
  });

  it('staff are refused (403); an unknown project is 404', async () => {
    expectApiError(await upload(staff, project.id, file), 403, 'FORBIDDEN');
    expectApiError(
      await ctx.http().get(`/api/admin/projects/${project.id}/register/export`).set(staff.auth),
      403,
      'FORBIDDEN',
    );
    expectApiError(await upload(admin, 99_999_999, file), 404, 'NOT_FOUND');
  });
});

describe('files the import cannot take', () => {
  it('names a missing column, a wrong kind of file, a missing file and a missing dryRun', async () => {
    const res = await upload(admin, project.id, Buffer.from('楼栋,单元,房号,姓名\n1栋,1单元,101,王一\n'));
    const body = expectApiError(res, 400, 'VALIDATION_FAILED', '文件的表头不正确');
    expect(body.details).toEqual([{ field: 'file', message: expect.stringMatching(/^缺少「联系电话」列/) }]);
    expectApiError(await upload(admin, project.id, Buffer.from('x'), '名册.xls'), 400, 'VALIDATION_FAILED');
    expectApiError(
      await upload(admin, project.id, csv('1栋,1单元,101,王一,13800000101,,'), '名册.txt'),
      400,
      'VALIDATION_FAILED',
    );
    const empty = await ctx
      .http()
      .post(`/api/admin/projects/${project.id}/register/import?dryRun=1`)
      .set(admin.auth)
      .field('note', 'x');
    expectApiError(empty, 400, 'VALIDATION_FAILED');
    const noDryRun = await ctx
      .http()
      .post(`/api/admin/projects/${project.id}/register/import`)
      .set(admin.auth)
      .attach('file', csv(), { filename: 'a.csv' });
    expectApiError(noDryRun, 400, 'VALIDATION_FAILED');
    const json = await ctx
      .http()
      .post(`/api/admin/projects/${project.id}/register/import?dryRun=1`)
      .set(admin.auth)
      .send({});
    expectApiError(json, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a file over 10 MB with 413', async () => {
    const big = Readable.from([Buffer.alloc(10 * 1024 * 1024 + 10, 0x41)]);
    const chunks: Buffer[] = [];
    for await (const chunk of big) chunks.push(chunk as Buffer);
    const res = await upload(admin, project.id, Buffer.concat(chunks), 'big.csv');
    expectApiError(res, 413, 'PAYLOAD_TOO_LARGE', '文件过大：业主名册不能超过 10 MB');
  });
});
