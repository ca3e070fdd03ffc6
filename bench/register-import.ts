import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { RegisterImportReport } from '@linli/shared';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { createApp } from '../server/src/bootstrap';
import { loadConfig } from '../server/src/config/config';
import { DEFAULT_TEMPLATE_CATALOG, sandboxTemplates } from '../server/src/config/wechat-templates';
import { dataSourceOptions, runMigrations } from '../server/src/database/data-source';
import { writeRegisterXlsx } from '../server/src/modules/owner-register/register-export';
import { DEMO_PROJECT, seedDemoData } from '../server/src/modules/seed/demo-seed';
import { SANDBOX_DEFAULTS, startSandbox } from '../server/src/sandbox';

/**
 * Issue 14.3's acceptance: a 20,000-room register, dry run and commit each under 30 s on this
 * machine with memory bounded. A database of its own (migrated, seeded) gets 20,000 more rooms in
 * the demo estate; a generated 20,000-row .xlsx then goes through the real HTTP endpoints as the
 * project manager uploads it — first import (all new), then a re-import with one row in ten
 * changed. Prints wall time per step and the process's peak RSS and heap during each.
 *
 *   npm run bench:register           BENCH_ROOMS=20000
 */

const ROOMS = Number(process.env.BENCH_ROOMS ?? 20_000);
const BUILDINGS = 20;
const UNITS = 4;
const ROOMS_PER_FLOOR = 10;

interface Peak {
  rssMb: number;
  heapMb: number;
}

/** Samples memory every 20 ms while `work` runs: the peak is what bounded means. */
async function measured<T>(label: string, work: () => Promise<T>): Promise<{ value: T; ms: number; peak: Peak }> {
  global.gc?.();
  const peak: Peak = { rssMb: 0, heapMb: 0 };
  const sample = () => {
    const usage = process.memoryUsage();
    peak.rssMb = Math.max(peak.rssMb, usage.rss / 2 ** 20);
    peak.heapMb = Math.max(peak.heapMb, usage.heapUsed / 2 ** 20);
  };
  sample();
  const timer = setInterval(sample, 20);
  const started = performance.now();
  try {
    const value = await work();
    sample();
    const ms = performance.now() - started;
    console.log(
      `${label.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(6)} s   peak RSS ${peak.rssMb.toFixed(0).padStart(4)} MB   peak heap ${peak.heapMb.toFixed(0).padStart(4)} MB`,
    );
    return { value, ms, peak };
  } finally {
    clearInterval(timer);
  }
}

/** The estate's extra rooms: B1栋 … B20栋, 4 units each, 10 rooms a floor, as many floors as it takes. */
async function addRooms(
  db: DataSource,
  projectId: number,
): Promise<{ building: string; unit: string; room: string }[]> {
  const perUnit = Math.ceil(ROOMS / (BUILDINGS * UNITS));
  const rooms: { building: string; unit: string; room: string }[] = [];
  for (let b = 1; b <= BUILDINGS; b++) {
    const building = `B${b}栋`;
    const { insertId: buildingId } = (await db.query('INSERT INTO building (project_id, name, sort) VALUES (?, ?, ?)', [
      projectId,
      building,
      100 + b,
    ])) as { insertId: number };
    for (let u = 1; u <= UNITS; u++) {
      const unit = `${u}单元`;
      const { insertId: unitId } = (await db.query('INSERT INTO unit (building_id, name, sort) VALUES (?, ?, ?)', [
        buildingId,
        unit,
        u,
      ])) as { insertId: number };
      const values: unknown[][] = [];
      for (let i = 0; i < perUnit && rooms.length < ROOMS; i++) {
        const floor = 1 + Math.floor(i / ROOMS_PER_FLOOR);
        const room = `${floor}${String((i % ROOMS_PER_FLOOR) + 1).padStart(2, '0')}`;
        values.push([projectId, buildingId, unitId, floor, room]);
        rooms.push({ building, unit, room });
      }
      if (values.length) {
        await db.query(
          `INSERT INTO room (project_id, building_id, unit_id, floor, name) VALUES ${values.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
          values.flat(),
        );
      }
    }
  }
  return rooms;
}

async function writeSheet(path: string, rooms: { building: string; unit: string; room: string }[], changeEvery = 0) {
  const out = createWriteStream(path);
  await writeRegisterXlsx(
    out,
    rooms.map((room, index) => [
      room.building,
      room.unit,
      room.room,
      `业主${index}`,
      `13${changeEvery && index % changeEvery === 0 ? 9 : 5}${String(index).padStart(8, '0')}`,
      index % 7 === 0 ? '租户' : '业主',
      80 + (index % 50),
    ]),
  );
  await finished(out);
}

async function main(): Promise<void> {
  console.log(
    `cores ${cpus().length}, load average: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}, ${ROOMS} rooms`,
  );
  const server = process.env.BENCH_DATABASE_SERVER ?? 'mysql://root@127.0.0.1:3306';
  const name = `bench_register_${Date.now()}_${randomBytes(2).toString('hex')}`;
  const url = `${server}/${name}`;
  await runMigrations(url);
  const db = new DataSource(dataSourceOptions(url));
  await db.initialize();
  await seedDemoData(db);
  const [{ id: projectId }] = (await db.query('SELECT id FROM project WHERE name = ?', [DEMO_PROJECT])) as {
    id: number;
  }[];
  const rooms = await addRooms(db, projectId);
  const first = join(tmpdir(), `${name}-first.xlsx`);
  const second = join(tmpdir(), `${name}-second.xlsx`);
  await writeSheet(first, rooms);
  await writeSheet(second, rooms, 10);
  console.log(`sheet: ${((await stat(first)).size / 2 ** 20).toFixed(2)} MB for ${rooms.length} rows`);

  const templates = sandboxTemplates(DEFAULT_TEMPLATE_CATALOG);
  const sandbox = await startSandbox({
    port: 0,
    miniProgram: { ...SANDBOX_DEFAULTS.miniProgram, templates: templates.miniProgram },
    officialAccount: { ...SANDBOX_DEFAULTS.officialAccount, templates: templates.officialAccount },
  });
  const app = await createApp(
    loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: url,
      WECHAT_API_BASE: sandbox.url,
      TOKEN_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'silent',
      ESCALATION_SWEEP: 'off',
      PORT: '0',
    }),
  );
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const post = async (path: string, init: RequestInit = {}) => {
      const response = await fetch(`${base}${path}`, { method: 'POST', ...init });
      const body = (await response.json()) as unknown;
      if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
      return body;
    };
    const json = { 'content-type': 'application/json' };
    const { code } = (await post('/api/dev/login-code', {
      headers: json,
      body: JSON.stringify({ openid: 'demo-manager-1' }),
    })) as { code: string };
    const { accessToken } = (await post('/api/auth/wechat', { headers: json, body: JSON.stringify({ code }) })) as {
      accessToken: string;
    };
    const auth = { authorization: `Bearer ${accessToken}` };
    const dryRun = async (path: string) => {
      const form = new FormData();
      form.append('file', new Blob([await readFile(path)]), 'register.xlsx');
      return (await post(`/api/admin/projects/${projectId}/register/import?dryRun=1`, {
        headers: auth,
        body: form,
      })) as RegisterImportReport;
    };
    const commit = (token: string) =>
      post(`/api/admin/projects/${projectId}/register/import/${token}/commit`, { headers: auth });

    const one = await measured('dry run, first import (all new)', () => dryRun(first));
    console.log(`  counts ${JSON.stringify(one.value.counts)}`);
    for (const error of one.value.errors.slice(0, 5))
      console.log(`  row ${error.rowNumber} ${error.field}: ${error.message}`);
    await measured('commit, first import', () => commit(one.value.token!));
    const two = await measured('dry run, re-import (1 in 10 changed)', () => dryRun(second));
    console.log(`  counts ${JSON.stringify(two.value.counts)}`);
    await measured('commit, re-import', () => commit(two.value.token!));
    await measured('export (.xlsx, streamed)', async () => {
      const response = await fetch(`${base}/api/admin/projects/${projectId}/register/export`, { headers: auth });
      const bytes = (await response.arrayBuffer()).byteLength;
      console.log(`  export ${(bytes / 2 ** 20).toFixed(2)} MB`);
    });
  } finally {
    await app.close();
    await sandbox.close();
    await db.destroy();
    await Promise.all([rm(first, { force: true }), rm(second, { force: true })]);
    const connection = await createConnection({ uri: `${server}/` });
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await connection.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
