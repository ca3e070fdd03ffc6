import {
  KIND_NUMBER_PREFIX,
  MAX_DAILY_SEQUENCE,
  shanghaiDateKey,
  type RequestKind,
  type RequestStatus,
} from '@linli/shared';
import { format } from 'mysql2';
import { createConnection, type Connection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';

/**
 * Loads a migrated, seeded database with a million requests (or any number) and ~3 timeline
 * events each, for the list-plan test and the benchmarks. Everything goes in by multi-row
 * INSERTs with explicit ids on a connection of its own, so nothing is read back row by row.
 *
 * Two spreads:
 * - `realistic`: 50 projects of 2,000 households each (100,000), each household's resident with
 *   at most 40 requests, 16 workers per project (a few hundred open tasks at most), most
 *   requests long closed, the open ones recent.
 * - `harsh`: one project, 2,000 households, five residents owning 80% of the requests, the
 *   same 16 workers holding every open task.
 *
 * Loading drops the two big tables' secondary indexes and builds them again at the end: with
 * the small default buffer pool, keeping a dozen indexes up to date row by row is random I/O,
 * while a rebuild sorts once. The tables keep their exact definitions afterwards.
 */

export type BulkSpread = 'realistic' | 'harsh';

export interface BulkOptions {
  /** How many requests (default 1,000,000). */
  requests?: number;
  spread?: BulkSpread;
  /** The newest request is a day before this moment (so today's daily numbers stay free). */
  now?: Date;
  /** Requests spread over this many days before `now` (default 730). */
  days?: number;
  /** A name prefix for the projects, users and openids, to tell several loads apart. */
  tag?: string;
  /** A fixed seed gives the same data every time. */
  seed?: number;
  /** Progress lines (phase and milliseconds so far), e.g. `console.log` in a bench. */
  log?: (line: string) => void;
}

export interface BulkUser {
  userId: number;
  openid: string;
  role: string;
}

export interface BulkResult {
  spread: BulkSpread;
  requests: number;
  events: number;
  /** Milliseconds for the whole load, index rebuild and statistics included. */
  ms: number;
  projectIds: number[];
  /** The resident with the most requests, and how many. */
  heavyResident: BulkUser & { requestCount: number; projectId: number };
  /** The worker with the most open tasks (assigned, not yet resolved), and how many. */
  busyWorker: BulkUser & { openTasks: number; departmentId: number; projectId: number };
  /** A worker of a claim-mode department (保洁部), whose pending tab includes the claimable queue. */
  claimWorker: BulkUser & { departmentId: number; projectId: number };
  /** The busy worker's department supervisor. */
  supervisor: BulkUser & { departmentId: number; projectId: number };
  /** A receptionist serving the heavy resident's project. */
  deskUser: BulkUser & { projectIds: number[] };
  /** A manager serving every loaded project. */
  manager: BulkUser & { projectIds: number[] };
  /** An administrator: sees every project of the company. */
  admin: BulkUser;
  /** A spread-out sample of loaded request ids (about 1,000). */
  sampleRequestIds: number[];
}

const HOUSEHOLDS_PER_PROJECT = 2_000;
const BUILDINGS = 10;
const UNITS = 2;
const ROOMS_PER_FLOOR = 4;
const FLOORS = HOUSEHOLDS_PER_PROJECT / (BUILDINGS * UNITS * ROOMS_PER_FLOOR);
/** Workers per department code in every project; engineering takes most repairs. */
const WORKERS: Record<string, number> = {
  service_center: 1,
  engineering: 5,
  electromechanical: 2,
  security: 2,
  cleaning: 2,
  greening: 1,
  pest_control: 1,
  fee_collection: 1,
};
const ROW_BATCH = 2_000;
const EVENT_BATCH = 5_000;
const MAX_PER_RESIDENT = 40;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘';
const GIVEN = [
  '秀兰',
  '建华',
  '海燕',
  '志强',
  '丽娟',
  '国庆',
  '晓明',
  '桂英',
  '文博',
  '雨涵',
  '子轩',
  '思远',
  '俊杰',
  '欣怡',
];
const CONTENT: Record<RequestKind, string[]> = {
  complaint: ['楼道灯坏了很久没人修', '小区门口车辆乱停', '夜间装修噪音扰民', '垃圾没有及时清运', '保安服务态度差'],
  repair: ['卫生间水管漏水', '入户门锁打不开', '厨房插座没电', '阳台地漏堵塞', '窗户关不严漏风'],
  suggestion: ['建议增加儿童游乐设施', '咨询物业费缴纳方式', '建议延长游泳池开放时间', '咨询装修申请流程'],
};

/** mulberry32: small, fast and reproducible. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const TWO = Array.from({ length: 100 }, (_, i) => pad(i));
const THREE = Array.from({ length: 1000 }, (_, i) => pad(i, 3));
const dayLiterals = new Map<number, string>();
/**
 * datetime(3) literal in UTC, as the app stores times. Four million of them make up most of
 * the generating work, so each day's date is formatted once and the time from lookup tables.
 */
function sqlTime(ms: number): string {
  const day = Math.floor(ms / DAY);
  let date = dayLiterals.get(day);
  if (date === undefined) {
    const d = new Date(day * DAY);
    date = `'${d.getUTCFullYear()}-${TWO[d.getUTCMonth() + 1]}-${TWO[d.getUTCDate()]} `;
    dayLiterals.set(day, date);
  }
  let rest = ms - day * DAY;
  const hours = Math.floor(rest / HOUR);
  rest -= hours * HOUR;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `${date}${TWO[hours]}:${TWO[minutes]}:${TWO[seconds]}.${THREE[rest - seconds * 1000]}'`;
}
const dayKeys = new Map<number, string>();
/** The request number's day (Asia/Shanghai), cached per day like the times. */
function dayKeyOf(ms: number): string {
  const day = Math.floor((ms + 8 * HOUR) / DAY);
  let key = dayKeys.get(day);
  if (key === undefined) {
    key = shanghaiDateKey(new Date(ms));
    dayKeys.set(day, key);
  }
  return key;
}
/** Only for text this file makes up: no quotes or backslashes ever occur in it. */
const q = (text: string) => `'${text}'`;
const orNull = (value: string | number | null) => (value === null ? 'NULL' : String(value));

interface Household {
  roomId: number;
  userId: number;
  bindingId: number;
  projectIndex: number;
  name: string;
  phone: string;
}
interface Worker {
  userId: number;
  name: string;
  departmentId: number;
}
interface ProjectStaff {
  projectId: number;
  /** Workers by department id. */
  workers: Map<number, Worker[]>;
  supervisor: Worker;
  receptionist: Worker;
}

/**
 * Status by age: requests of the last month are often still open, older ones almost all ended
 * (a few stale on hold or waiting, as in any real ledger).
 */
const RECENT: [RequestStatus, number][] = [
  ['received', 0.06],
  ['accepted', 0.08],
  ['dispatched', 0.1],
  ['taken', 0.06],
  ['in_progress', 0.14],
  ['fee_pending', 0.02],
  ['on_hold', 0.04],
  ['invalid_pending', 0.02],
  ['resolved', 0.18],
  ['closed', 0.26],
  ['invalid', 0.02],
  ['cancelled', 0.02],
];
const OLD: [RequestStatus, number][] = [
  ['on_hold', 0.004],
  ['in_progress', 0.003],
  ['fee_pending', 0.001],
  ['resolved', 0.01],
  ['closed', 0.94],
  ['invalid', 0.02],
  ['cancelled', 0.022],
];
function pick<T>(table: [T, number][], u: number): T {
  let acc = 0;
  for (const [value, weight] of table) {
    acc += weight;
    if (u < acc) return value;
  }
  return table[table.length - 1][0];
}

/** The timeline that leads to a status: [action, from, to, who] with who = resident/desk/supervisor/worker. */
type Who = 'resident' | 'desk' | 'supervisor' | 'worker';
const PATHS: Record<RequestStatus, [string, RequestStatus | null, RequestStatus, Who][]> = {
  received: [['create', null, 'received', 'resident']],
  accepted: [
    ['create', null, 'received', 'resident'],
    ['accept', 'received', 'accepted', 'desk'],
  ],
  dispatched: [
    ['create', null, 'received', 'resident'],
    ['accept', 'received', 'accepted', 'desk'],
    ['dispatch', 'accepted', 'dispatched', 'supervisor'],
  ],
  taken: [
    ['create', null, 'received', 'resident'],
    ['dispatch', 'received', 'dispatched', 'supervisor'],
    ['take', 'dispatched', 'taken', 'worker'],
  ],
  in_progress: [
    ['create', null, 'received', 'resident'],
    ['dispatch', 'received', 'dispatched', 'supervisor'],
    ['start', 'dispatched', 'in_progress', 'worker'],
  ],
  fee_pending: [
    ['create', null, 'received', 'resident'],
    ['dispatch', 'received', 'dispatched', 'supervisor'],
    ['quote_fee', 'dispatched', 'fee_pending', 'worker'],
  ],
  on_hold: [
    ['create', null, 'received', 'resident'],
    ['dispatch', 'received', 'dispatched', 'supervisor'],
    ['pause', 'dispatched', 'on_hold', 'worker'],
  ],
  resolved: [
    ['create', null, 'received', 'resident'],
    ['dispatch', 'received', 'dispatched', 'supervisor'],
    ['complete', 'dispatched', 'resolved', 'worker'],
  ],
  closed: [
    ['create', null, 'received', 'resident'],
    ['complete', 'received', 'resolved', 'worker'],
    ['rate', 'resolved', 'closed', 'resident'],
  ],
  invalid_pending: [
    ['create', null, 'received', 'resident'],
    ['rule_invalid', 'received', 'invalid_pending', 'desk'],
  ],
  invalid: [
    ['create', null, 'received', 'resident'],
    ['rule_invalid', 'received', 'invalid_pending', 'desk'],
    ['approve_invalid', 'invalid_pending', 'invalid', 'supervisor'],
  ],
  cancelled: [
    ['create', null, 'received', 'resident'],
    ['cancel', 'received', 'cancelled', 'resident'],
  ],
};
const ASSIGNED: ReadonlySet<RequestStatus> = new Set([
  'dispatched',
  'taken',
  'in_progress',
  'fee_pending',
  'on_hold',
  'resolved',
  'closed',
]);
const OPEN_ASSIGNED: ReadonlySet<RequestStatus> = new Set([
  'dispatched',
  'taken',
  'in_progress',
  'fee_pending',
  'on_hold',
]);
const ROLE_OF: Record<Who, string> = {
  resident: 'resident',
  desk: 'receptionist',
  supervisor: 'supervisor',
  worker: 'staff',
};

async function nextId(db: Connection, table: string): Promise<number> {
  const [rows] = await db.query(`SELECT COALESCE(MAX(id), 0) + 1 AS next FROM \`${table}\``);
  return Number((rows as { next: number | string }[])[0].next);
}

/** Sends rows in multi-row INSERTs of `batch` rows. */
class BatchInserter {
  private rows: string[] = [];
  private pending: Promise<unknown> = Promise.resolve();
  constructor(
    private readonly db: Connection,
    private readonly head: string,
    private readonly batch: number,
  ) {}
  async add(row: string): Promise<void> {
    this.rows.push(row);
    if (this.rows.length >= this.batch) await this.flush();
  }
  /** One statement in flight while the next batch is built: the database and Node work at once. */
  async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    const sql = `${this.head} VALUES ${this.rows.join(',')}`;
    this.rows = [];
    await this.pending;
    this.pending = this.db.query(sql);
  }
  async done(): Promise<void> {
    await this.flush();
    await this.pending;
  }
}

interface IndexDef {
  name: string;
  unique: boolean;
  columns: string[];
}
/** Secondary indexes of a table, in the order of their columns. */
async function secondaryIndexes(db: Connection, table: string): Promise<IndexDef[]> {
  const [rows] = await db.query(
    `SELECT INDEX_NAME AS name, NON_UNIQUE AS nonUnique, COLUMN_NAME AS col, SUB_PART AS sub
       FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME <> 'PRIMARY'
      ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
    [table],
  );
  const byName = new Map<string, IndexDef>();
  for (const row of rows as { name: string; nonUnique: number | string; col: string; sub: number | null }[]) {
    const def = byName.get(row.name) ?? { name: row.name, unique: Number(row.nonUnique) === 0, columns: [] };
    def.columns.push(row.sub ? `\`${row.col}\`(${row.sub})` : `\`${row.col}\``);
    byName.set(row.name, def);
  }
  return [...byName.values()];
}

function urlOf(target: DataSource | string): string {
  if (typeof target === 'string') return target;
  const url = (target.options as { url?: string }).url;
  if (!url) throw new Error('bulk loader: the data source has no url');
  return url;
}

export async function loadBulkRequests(target: DataSource | string, options: BulkOptions = {}): Promise<BulkResult> {
  const started = Date.now();
  const total = options.requests ?? 1_000_000;
  const spread = options.spread ?? 'realistic';
  const tag = options.tag ?? spread;
  const rnd = random(options.seed ?? 20261203);
  const now = (options.now ?? new Date()).getTime();
  const days = options.days ?? 730;
  const newest = now - DAY;
  const oldest = newest - days * DAY;
  const projectCount = spread === 'realistic' ? 50 : 1;
  const households = projectCount * HOUSEHOLDS_PER_PROJECT;

  const log = (phase: string) => options.log?.(`bulk ${spread}: ${phase} at ${Date.now() - started} ms`);
  const db = await createConnection({
    uri: urlOf(target),
    dateStrings: true,
    // mysql2 scans every statement for placeholders even without values: 350 MB of them here.
    queryFormat: (sql: string, values?: Parameters<typeof format>[1]) =>
      Array.isArray(values) && values.length > 0 ? format(sql, values) : sql,
  });
  try {
    // This session only: the loader writes valid keys, so checking each row is wasted work.
    await db.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
    const [companies] = await db.query('SELECT MIN(id) AS id FROM company');
    const companyId = Number((companies as { id: number }[])[0].id);
    const [departmentRows] = await db.query('SELECT id, code, dispatch_mode AS mode FROM department');
    const departments = departmentRows as { id: number; code: string; mode: string }[];
    const [categoryRows] = await db.query(
      'SELECT id, parent_id AS parentId, kind, name, default_department_id AS dept, default_grade AS grade FROM category WHERE active = 1',
    );
    const categories = categoryRows as {
      id: number;
      parentId: number | null;
      kind: RequestKind;
      name: string;
      dept: number | null;
      grade: string;
    }[];
    const categoryById = new Map(categories.map((c) => [c.id, c]));
    const departmentOf = (categoryId: number): number => {
      for (let c = categoryById.get(categoryId); c; c = c.parentId ? categoryById.get(c.parentId) : undefined) {
        if (c.dept) return c.dept;
      }
      return departments.find((d) => d.code === 'service_center')?.id ?? departments[0].id;
    };
    // 回访 is due for complaints and in-home repairs only.
    const inHomeRepairs = categories.find(
      (c) => c.kind === 'repair' && c.parentId === null && c.name === '入户维修',
    )?.id;
    const leaves = (kind: RequestKind) =>
      categories.filter((c) => c.kind === kind && !categories.some((child) => child.parentId === c.id));
    const leafByKind: Record<RequestKind, typeof categories> = {
      complaint: leaves('complaint'),
      repair: leaves('repair'),
      suggestion: leaves('suggestion'),
    };

    // Projects, buildings, units, rooms.
    let projectId = await nextId(db, 'project');
    let buildingId = await nextId(db, 'building');
    let unitId = await nextId(db, 'unit');
    let roomId = await nextId(db, 'room');
    let userId = await nextId(db, 'user');
    let bindingId = await nextId(db, 'house_binding');
    let staffId = await nextId(db, 'staff_member');
    const projectIds: number[] = [];
    const projectRows: string[] = [];
    const buildings = new BatchInserter(db, 'INSERT INTO building (id, project_id, name, sort)', ROW_BATCH);
    const units = new BatchInserter(db, 'INSERT INTO unit (id, building_id, name, sort)', ROW_BATCH);
    const rooms = new BatchInserter(
      db,
      'INSERT INTO room (id, project_id, building_id, unit_id, floor, name)',
      ROW_BATCH,
    );
    const householdList: Household[] = [];
    for (let p = 0; p < projectCount; p++) {
      const pid = projectId++;
      projectIds.push(pid);
      projectRows.push(`(${pid}, ${companyId}, ${q(`${tag}项目${pad(p + 1)}`)}, 'residential', 80000)`);
      for (let b = 1; b <= BUILDINGS; b++) {
        const bid = buildingId++;
        await buildings.add(`(${bid}, ${pid}, '${b}栋', ${b})`);
        for (let u = 1; u <= UNITS; u++) {
          const uid = unitId++;
          await units.add(`(${uid}, ${bid}, '${u}单元', ${u})`);
          for (let f = 1; f <= FLOORS; f++) {
            for (let r = 1; r <= ROOMS_PER_FLOOR; r++) {
              const rid = roomId++;
              await rooms.add(`(${rid}, ${pid}, ${bid}, ${uid}, ${f}, '${f}${pad(r)}')`);
              const serial = householdList.length;
              householdList.push({
                roomId: rid,
                userId: 0,
                bindingId: 0,
                projectIndex: p,
                name: `${SURNAMES[serial % SURNAMES.length]}${GIVEN[(serial >> 3) % GIVEN.length]}`,
                phone: `15${pad(serial, 9)}`,
              });
            }
          }
        }
      }
    }
    await db.query(`INSERT INTO project (id, company_id, name, kind, area_sqm) VALUES ${projectRows.join(',')}`);
    await Promise.all([buildings.done(), units.done(), rooms.done()]);

    log('rooms');
    // Residents, their owner-register lines and bindings.
    const users = new BatchInserter(
      db,
      'INSERT INTO `user` (id, openid, role, name, phone, phone_verified_at)',
      ROW_BATCH,
    );
    const owners = new BatchInserter(db, 'INSERT INTO owner_register (room_id, name, phone, relation)', ROW_BATCH);
    const bindings = new BatchInserter(
      db,
      'INSERT INTO house_binding (id, user_id, room_id, name, phone, status, reviewed_at)',
      ROW_BATCH,
    );
    const verified = sqlTime(oldest);
    for (let h = 0; h < householdList.length; h++) {
      const household = householdList[h];
      household.userId = userId++;
      household.bindingId = bindingId++;
      await users.add(
        `(${household.userId}, '${tag}-resident-${h + 1}', 'resident', ${q(household.name)}, '${household.phone}', ${verified})`,
      );
      await owners.add(`(${household.roomId}, ${q(household.name)}, '${household.phone}', 'owner')`);
      await bindings.add(
        `(${household.bindingId}, ${household.userId}, ${household.roomId}, ${q(household.name)}, '${household.phone}', 'bound', ${verified})`,
      );
    }

    // Staff of every project, and a manager and an administrator over all of them.
    const staffRows: string[] = [];
    const staffProjectRows: string[] = [];
    const staffByProject: ProjectStaff[] = [];
    const staffUserRows: string[] = [];
    let staffSerial = 0;
    const newStaff = (role: string, departmentId: number, title: string, pids: number[]): Worker => {
      const worker = {
        userId: userId++,
        name: `${SURNAMES[staffSerial % SURNAMES.length]}师傅${staffSerial}`,
        departmentId,
      };
      staffSerial++;
      staffUserRows.push(
        `(${worker.userId}, '${tag}-${role}-${staffSerial}', '${role}', ${q(worker.name)}, '139${pad(staffSerial, 8)}', NULL)`,
      );
      const sid = staffId++;
      staffRows.push(`(${sid}, ${worker.userId}, ${departmentId}, ${q(title)})`);
      for (const pid of pids) staffProjectRows.push(`(${sid}, ${pid})`);
      return worker;
    };
    const departmentByCode = new Map(departments.map((d) => [d.code, d]));
    const engineering = departmentByCode.get('engineering')!.id;
    const serviceCenter = departmentByCode.get('service_center')!.id;
    for (const pid of projectIds) {
      const workers = new Map<number, Worker[]>();
      for (const [code, count] of Object.entries(WORKERS)) {
        const department = departmentByCode.get(code);
        if (!department) continue;
        workers.set(
          department.id,
          Array.from({ length: count }, () => newStaff('staff', department.id, '维修工', [pid])),
        );
      }
      staffByProject.push({
        projectId: pid,
        workers,
        supervisor: newStaff('supervisor', engineering, '工程主管', [pid]),
        receptionist: newStaff('receptionist', serviceCenter, '客服接待员', [pid]),
      });
    }
    const manager = newStaff('manager', serviceCenter, '项目经理', projectIds);
    const adminUserId = userId++;
    staffUserRows.push(`(${adminUserId}, '${tag}-admin', 'admin', '系统管理员', NULL, NULL)`);
    for (const row of staffUserRows) await users.add(row);
    await Promise.all([users.done(), owners.done(), bindings.done()]);
    await db.query(`INSERT INTO staff_member (id, user_id, department_id, title) VALUES ${staffRows.join(',')}`);
    await db.query(
      `INSERT INTO staff_member_project (staff_member_id, project_id) VALUES ${staffProjectRows.join(',')}`,
    );

    log('residents and staff');
    // Who owns each request: shuffled so that every resident's requests spread over time.
    const owner = new Int32Array(total);
    if (spread === 'realistic') {
      const counts = new Int32Array(households);
      let sum = 0;
      for (let h = 0; h < households; h++) {
        const u = rnd();
        counts[h] =
          u < 0.6 ? 2 + Math.floor(rnd() * 7) : u < 0.9 ? 8 + Math.floor(rnd() * 13) : 20 + Math.floor(rnd() * 21);
        sum += counts[h];
      }
      // Scale to the total, never above the cap.
      let filled = 0;
      for (let h = 0; h < households && filled < total; h++) {
        const n = Math.min(MAX_PER_RESIDENT, Math.round((counts[h] * total) / sum), total - filled);
        owner.fill(h, filled, filled + n);
        filled += n;
      }
      for (let h = 0; filled < total; h = (h + 1) % households) owner[filled++] = h;
    } else {
      const heavy = Math.floor(total * 0.16);
      let filled = 0;
      for (let h = 0; h < 5; h++) {
        owner.fill(h, filled, filled + heavy);
        filled += heavy;
      }
      for (let h = 5; filled < total; h = h + 1 >= households ? 5 : h + 1) owner[filled++] = h;
    }
    for (let i = total - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      const t = owner[i];
      owner[i] = owner[j];
      owner[j] = t;
    }

    // Requests and their timelines, oldest first so ids follow time as they do in real life.
    const firstRequestId = await nextId(db, 'request');
    const requestTable = await secondaryIndexes(db, 'request');
    const eventTable = await secondaryIndexes(db, 'request_event');
    await dropIndexes(db, 'request', requestTable);
    await dropIndexes(db, 'request_event', eventTable);
    log('owners and indexes dropped');
    const requests = new BatchInserter(
      db,
      'INSERT INTO request (id, number, kind, status, grade, source, project_id, room_id, house_binding_id, resident_user_id, ' +
        'contact_name, contact_phone, category_id, content, department_id, assignee_user_id, first_contact_user_id, ' +
        'created_by_user_id, resolved_at, closed_at, version, created_at, updated_at, callback_due_at, resolution_due_at, ' +
        'dispatched_at, first_replied_at)',
      ROW_BATCH,
    );
    const events = new BatchInserter(
      db,
      'INSERT INTO request_event (request_id, actor_user_id, actor_role, actor_name, action, from_status, to_status, created_at)',
      EVENT_BATCH,
    );
    const daily = new Map<string, number>();
    const perResident = new Int32Array(households);
    const openByWorker = new Map<number, number>();
    const roundRobin = new Map<string, number>();
    const sampleEvery = Math.max(1, Math.floor(total / 1000));
    const sampleRequestIds: number[] = [];
    let eventCount = 0;
    const step = (newest - oldest) / total;
    for (let i = 0; i < total; i++) {
      const id = firstRequestId + i;
      const h = owner[i];
      const household = householdList[h];
      const staff = staffByProject[household.projectIndex];
      perResident[h]++;
      const created = Math.floor(oldest + i * step);
      const u = rnd();
      const kind: RequestKind = u < 0.4 ? 'complaint' : u < 0.9 ? 'repair' : 'suggestion';
      const leafs = leafByKind[kind];
      const category = leafs[Math.floor(rnd() * leafs.length)];
      const status = pick(newest - created < 30 * DAY ? RECENT : OLD, rnd());
      const departmentId = status === 'received' ? null : departmentOf(category.id);
      let assignee: Worker | null = null;
      if (departmentId !== null && ASSIGNED.has(status)) {
        const pool = staff.workers.get(departmentId) ?? staff.workers.get(engineering)!;
        const key = `${staff.projectId}/${departmentId}`;
        const turn = roundRobin.get(key) ?? 0;
        roundRobin.set(key, turn + 1);
        assignee = pool[turn % pool.length];
        if (OPEN_ASSIGNED.has(status)) openByWorker.set(assignee.userId, (openByWorker.get(assignee.userId) ?? 0) + 1);
      }
      const dayKey = `${KIND_NUMBER_PREFIX[kind]}${dayKeyOf(created)}`;
      const sequence = (daily.get(dayKey) ?? 0) + 1;
      if (sequence > MAX_DAILY_SEQUENCE) throw new Error(`bulk loader: more than ${MAX_DAILY_SEQUENCE} ${kind} a day`);
      daily.set(dayKey, sequence);
      const path = PATHS[status];
      const times = path.map((_, k) => created + (k === 0 ? 0 : k * 3 * HOUR + Math.floor(rnd() * HOUR)));
      const last = times[times.length - 1];
      const resolvedAt = status === 'resolved' || status === 'closed' ? last - (status === 'closed' ? HOUR : 0) : null;
      const callbackDue =
        status === 'resolved' && (kind === 'complaint' || category.parentId === inHomeRepairs)
          ? resolvedAt! + 7 * DAY
          : null;
      await requests.add(
        `(${id}, '${dayKey}${THREE[Math.floor(sequence / 10)]}${sequence % 10}', '${kind}', '${status}', '${category.grade}', ` +
          `'${i % 10 === 0 ? 'phone' : 'mini_program'}', ${staff.projectId}, ${household.roomId}, ${household.bindingId}, ` +
          `${household.userId}, ${q(household.name)}, '${household.phone}', ${category.id}, ` +
          `${q(`${CONTENT[kind][i % CONTENT[kind].length]}（第${perResident[h]}次）`)}, ${orNull(departmentId)}, ` +
          `${orNull(assignee?.userId ?? null)}, ${staff.receptionist.userId}, ${household.userId}, ` +
          `${resolvedAt === null ? 'NULL' : sqlTime(resolvedAt)}, ${status === 'closed' ? sqlTime(last) : 'NULL'}, ` +
          `${path.length}, ${sqlTime(created)}, ${sqlTime(last)}, ${callbackDue === null ? 'NULL' : sqlTime(callbackDue)}, ` +
          `${sqlTime(created + 3 * DAY)}, ${assignee ? sqlTime(times[1]) : 'NULL'}, ${path.length > 1 ? sqlTime(times[1]) : 'NULL'})`,
      );
      for (let k = 0; k < path.length; k++) {
        const [action, from, to, who] = path[k];
        const actor =
          who === 'resident'
            ? { userId: household.userId, name: household.name }
            : who === 'desk'
              ? staff.receptionist
              : who === 'supervisor'
                ? staff.supervisor
                : (assignee ?? staff.supervisor);
        await events.add(
          `(${id}, ${actor.userId}, '${ROLE_OF[who]}', ${q(actor.name)}, '${action}', ${from ? `'${from}'` : 'NULL'}, '${to}', ${sqlTime(times[k])})`,
        );
        eventCount++;
      }
      if (i % sampleEvery === 0) sampleRequestIds.push(id);
    }
    await Promise.all([requests.done(), events.done()]);
    log('requests and events');
    // Later requests on these days continue the daily numbers instead of colliding with them.
    const sequences = [...daily.entries()].map(([key, value]) => `('${key}', ${value})`);
    for (let s = 0; s < sequences.length; s += ROW_BATCH) {
      await db.query(
        `INSERT INTO request_number_sequence (day_key, last_value) VALUES ${sequences.slice(s, s + ROW_BATCH).join(',')} ` +
          'ON DUPLICATE KEY UPDATE last_value = GREATEST(last_value, VALUES(last_value))',
      );
    }
    await addIndexes(db, 'request', requestTable);
    await addIndexes(db, 'request_event', eventTable);
    await db.query(
      'ANALYZE TABLE request, request_event, `user`, room, house_binding, staff_member, staff_member_project',
    );

    let heavy = 0;
    for (let h = 1; h < households; h++) if (perResident[h] > perResident[heavy]) heavy = h;
    let busyUserId = 0;
    let busyCount = -1;
    for (const [worker, count] of openByWorker) {
      if (count > busyCount) [busyUserId, busyCount] = [worker, count];
    }
    const busyProject = staffByProject.find((s) =>
      [...s.workers.values()].some((w) => w.some((x) => x.userId === busyUserId)),
    )!;
    const busy = [...busyProject.workers.values()].flat().find((w) => w.userId === busyUserId)!;
    const heavyHousehold = householdList[heavy];
    const heavyStaff = staffByProject[heavyHousehold.projectIndex];
    const cleaning = departmentByCode.get('cleaning')!.id;
    const openidOf = async (id: number) => {
      const [rows] = await db.query('SELECT openid, role FROM `user` WHERE id = ?', [id]);
      const row = (rows as { openid: string; role: string }[])[0];
      return { userId: id, openid: row.openid, role: row.role };
    };
    return {
      spread,
      requests: total,
      events: eventCount,
      ms: Date.now() - started,
      projectIds,
      heavyResident: {
        ...(await openidOf(heavyHousehold.userId)),
        requestCount: perResident[heavy],
        projectId: heavyStaff.projectId,
      },
      busyWorker: {
        ...(await openidOf(busyUserId)),
        openTasks: busyCount,
        departmentId: busy.departmentId,
        projectId: busyProject.projectId,
      },
      claimWorker: {
        ...(await openidOf(busyProject.workers.get(cleaning)![0].userId)),
        departmentId: cleaning,
        projectId: busyProject.projectId,
      },
      supervisor: {
        ...(await openidOf(busyProject.supervisor.userId)),
        departmentId: engineering,
        projectId: busyProject.projectId,
      },
      deskUser: { ...(await openidOf(heavyStaff.receptionist.userId)), projectIds: [heavyStaff.projectId] },
      manager: { ...(await openidOf(manager.userId)), projectIds },
      admin: await openidOf(adminUserId),
      sampleRequestIds,
    };
  } finally {
    await db.end();
  }
}

async function dropIndexes(db: Connection, table: string, indexes: IndexDef[]): Promise<void> {
  if (indexes.length === 0) return;
  await db.query(`ALTER TABLE \`${table}\` ${indexes.map((i) => `DROP INDEX \`${i.name}\``).join(', ')}`);
}

async function addIndexes(db: Connection, table: string, indexes: IndexDef[]): Promise<void> {
  if (indexes.length === 0) return;
  await db.query(
    `ALTER TABLE \`${table}\` ${indexes
      .map((i) => `ADD ${i.unique ? 'UNIQUE ' : ''}INDEX \`${i.name}\` (${i.columns.join(', ')})`)
      .join(', ')}`,
  );
}
