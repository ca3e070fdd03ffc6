import {
  KIND_NUMBER_PREFIX,
  MAX_DAILY_SEQUENCE,
  REQUEST_KINDS,
  shanghaiDateKey,
  type RequestKind,
  type RequestStatus,
} from '@linli/shared';
import { createConnection, type Connection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';

/**
 * Loads a migrated, seeded database with a million requests (or any number) and ~3 timeline
 * events each, for the list-plan test and the benchmarks. Everything goes in by set-based,
 * batched INSERTs with explicit ids on connections of its own: small tables (projects, staff,
 * the lookup tables) as multi-row VALUES from here, the big ones (rooms, residents, requests,
 * events) as `INSERT … SELECT` over a session-local table of 10,000 numbers, 10,000 rows a
 * statement, with every column computed in SQL from the row's number (CRC32 as the dice).
 * Building 350 MB of VALUES text in Node took three minutes of CPU for a million requests;
 * the server computes the same rows in a fraction of that, and runs requests and events on
 * two connections at once. Plain SQL that MySQL 8 accepts too.
 *
 * Two spreads:
 * - `realistic`: 50 projects of 2,000 households each (100,000), each household's resident with
 *   at most 40 requests, 16 workers per project (a few hundred open tasks at most), most
 *   requests long closed, the open ones recent.
 * - `harsh`: one project, 2,000 households, five residents owning 80% of the requests, the
 *   same 16 workers holding every open task.
 *
 * The indexes stay in place while loading (see `rebuildIndexes` for the other way): requests
 * come in time order, so most index entries land on the few pages at the end of their range.
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
  /**
   * Drop the big tables' secondary indexes for the load and build them again at the end.
   * Slower here (a million requests: 234 s against 168 s keeping them, load average 5–8):
   * rows come in time order, so most index inserts land on the same few pages.
   */
  rebuildIndexes?: boolean;
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
const ROOMS_PER_UNIT = HOUSEHOLDS_PER_PROJECT / (BUILDINGS * UNITS);
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
const CHUNK = 10_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Timeline steps are this far apart. */
const STEP_HOURS = 3;

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘'];
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

/**
 * Status by age, in thousandths: requests of the last month are often still open, older ones
 * almost all ended (a few stale on hold or waiting, as in any real ledger).
 */
const RECENT: [RequestStatus, number][] = [
  ['received', 60],
  ['accepted', 80],
  ['dispatched', 100],
  ['taken', 60],
  ['in_progress', 140],
  ['fee_pending', 20],
  ['on_hold', 40],
  ['invalid_pending', 20],
  ['resolved', 180],
  ['closed', 260],
  ['invalid', 20],
  ['cancelled', 20],
];
const OLD: [RequestStatus, number][] = [
  ['on_hold', 4],
  ['in_progress', 3],
  ['fee_pending', 1],
  ['resolved', 10],
  ['closed', 940],
  ['invalid', 20],
  ['cancelled', 22],
];
const RECENT_DAYS = 30;

/** The timeline that leads to a status: [action, from, to, who]. */
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
const OPEN_ASSIGNED: RequestStatus[] = ['dispatched', 'taken', 'in_progress', 'fee_pending', 'on_hold'];
const ROLE_OF: Record<Who, string> = {
  resident: 'resident',
  desk: 'receptionist',
  supervisor: 'supervisor',
  worker: 'staff',
};

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
/** datetime(3) literal in UTC, as the app stores times. */
function sqlTime(ms: number): string {
  return `'${new Date(ms).toISOString().slice(0, 23).replace('T', ' ')}'`;
}
/** Only for text this file makes up: no quotes or backslashes ever occur in it. */
const q = (text: string) => `'${text}'`;
const elt = (index: string, values: string[]) => `ELT(1 + ${index}, ${values.map(q).join(', ')})`;
/** A CASE over thousandths `u` (0..999) picking from a weighted table. */
function pickSql(u: string, table: [string, number][]): string {
  let acc = 0;
  const branches = table.map(([value, weight]) => {
    acc += weight;
    return `WHEN ${u} < ${acc} THEN '${value}'`;
  });
  return `CASE ${branches.join(' ')} ELSE '${table[table.length - 1][0]}' END`;
}

interface Staff {
  userId: number;
  name: string;
  departmentId: number;
}
interface ProjectStaff {
  projectId: number;
  workers: Map<number, Staff[]>;
  supervisor: Staff;
  receptionist: Staff;
}

async function nextId(db: Connection, table: string): Promise<number> {
  const [rows] = await db.query(`SELECT COALESCE(MAX(id), 0) + 1 AS next FROM \`${table}\``);
  return Number((rows as { next: number | string }[])[0].next);
}

/** Multi-row INSERTs of at most `batch` rows. */
async function insertRows(db: Connection, head: string, rows: string[], batch = 2_000): Promise<void> {
  for (let start = 0; start < rows.length; start += batch) {
    await db.query(`${head} VALUES ${rows.slice(start, start + batch).join(', ')}`);
  }
}

/** `INSERT … SELECT` for numbers 0..count-1, CHUNK at a time; `select(from)` sees `s.n` as the number. */
async function insertNumbered(
  db: Connection,
  count: number,
  insert: (first: number, size: number) => string,
): Promise<void> {
  for (let first = 0; first < count; first += CHUNK) {
    await db.query(insert(first, Math.min(CHUNK, count - first)));
  }
}

interface IndexDef {
  name: string;
  unique: boolean;
  columns: string[];
}
/** Secondary indexes of a table, in the order they were made. */
async function secondaryIndexes(db: Connection, table: string): Promise<IndexDef[]> {
  const [rows] = await db.query(
    `SELECT INDEX_NAME AS name, NON_UNIQUE AS nonUnique, COLUMN_NAME AS col, SUB_PART AS sub
       FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME <> 'PRIMARY'
      ORDER BY SEQ_IN_INDEX`,
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

function urlOf(target: DataSource | string): string {
  if (typeof target === 'string') return target;
  const url = (target.options as { url?: string }).url;
  if (!url) throw new Error('bulk loader: the data source has no url');
  return url;
}

/** A statement InnoDB picked as a deadlock victim was rolled back whole: running it again is safe. */
async function retriedOnDeadlock<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if ((error as { errno?: number }).errno !== 1213 || attempt >= 5) throw error;
    }
  }
}

async function session(url: string): Promise<Connection> {
  const db = await createConnection({ uri: url, dateStrings: true });
  // This session only: the loader writes valid keys, so checking each row is wasted work.
  await db.query("SET SESSION unique_checks = 0, foreign_key_checks = 0, time_zone = '+00:00'");
  // READ COMMITTED: the events' INSERT … SELECT then reads the requests without locking them, so
  // it cannot deadlock with the next chunk of requests going in on the other session.
  await db.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED');
  await db.query('CREATE TEMPORARY TABLE bulk_seq (n INT UNSIGNED NOT NULL PRIMARY KEY) ENGINE=MEMORY');
  await insertRows(
    db,
    'INSERT INTO bulk_seq (n)',
    Array.from({ length: CHUNK }, (_, n) => `(${n})`),
    CHUNK,
  );
  return db;
}

export async function loadBulkRequests(target: DataSource | string, options: BulkOptions = {}): Promise<BulkResult> {
  const started = Date.now();
  const total = options.requests ?? 1_000_000;
  const spread = options.spread ?? 'realistic';
  const tag = options.tag ?? spread;
  const now = (options.now ?? new Date()).getTime();
  const days = options.days ?? 730;
  const stepMs = Math.floor((days * DAY) / total);
  const newest = now - DAY;
  const oldest = newest - total * stepMs;
  const projectCount = spread === 'realistic' ? 50 : 1;
  const households = projectCount * HOUSEHOLDS_PER_PROJECT;
  const log = (phase: string) => options.log?.(`bulk ${spread}: ${phase} at ${Date.now() - started} ms`);
  if (stepMs < 1) throw new Error('bulk loader: more requests than milliseconds in the period');

  const url = urlOf(target);
  const db = await session(url);
  const side = await session(url);
  try {
    const [companies] = await db.query('SELECT MIN(id) AS id FROM company');
    const companyId = Number((companies as { id: number }[])[0].id);
    const [departmentRows] = await db.query('SELECT id, code FROM department');
    const departments = departmentRows as { id: number; code: string }[];
    const departmentByCode = new Map(departments.map((d) => [d.code, d.id]));
    const engineering = departmentByCode.get('engineering')!;
    const serviceCenter = departmentByCode.get('service_center')!;
    const cleaning = departmentByCode.get('cleaning')!;
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
      return serviceCenter;
    };
    // 回访 is due for complaints and in-home repairs only.
    const inHomeRepairs = categories.find(
      (c) => c.kind === 'repair' && c.parentId === null && c.name === '入户维修',
    )?.id;
    const leaves = REQUEST_KINDS.map((kind) =>
      categories.filter((c) => c.kind === kind && !categories.some((child) => child.parentId === c.id)),
    );

    const firstProject = await nextId(db, 'project');
    const firstBuilding = await nextId(db, 'building');
    const firstUnit = await nextId(db, 'unit');
    const firstRoom = await nextId(db, 'room');
    const firstUser = await nextId(db, 'user');
    const firstBinding = await nextId(db, 'house_binding');
    const firstRequest = await nextId(db, 'request');
    let staffId = await nextId(db, 'staff_member');
    const projectIds = Array.from({ length: projectCount }, (_, p) => firstProject + p);

    // Projects, buildings and units: a few hundred rows.
    await insertRows(
      db,
      'INSERT INTO project (id, company_id, name, kind, area_sqm)',
      projectIds.map((id, p) => `(${id}, ${companyId}, ${q(`${tag}项目${pad(p + 1)}`)}, 'residential', 80000)`),
    );
    const buildingRows: string[] = [];
    const unitRows: string[] = [];
    for (let p = 0; p < projectCount; p++) {
      for (let b = 0; b < BUILDINGS; b++) {
        const building = firstBuilding + p * BUILDINGS + b;
        buildingRows.push(`(${building}, ${projectIds[p]}, '${b + 1}栋', ${b + 1})`);
        for (let u = 0; u < UNITS; u++) {
          unitRows.push(`(${firstUnit + (p * BUILDINGS + b) * UNITS + u}, ${building}, '${u + 1}单元', ${u + 1})`);
        }
      }
    }
    await insertRows(db, 'INSERT INTO building (id, project_id, name, sort)', buildingRows);
    await insertRows(db, 'INSERT INTO unit (id, building_id, name, sort)', unitRows);

    // Rooms, their residents, owner-register lines and bindings: household h has room, user and
    // binding number h in the loaded ranges, and lives in project h DIV 2000; its requests
    // compute the same name and phone instead of looking the binding up.
    const h = (first: number) => `(${first} + s.n)`;
    const residentName = (hh: string) =>
      `CONCAT(${elt(`${hh} % ${SURNAMES.length}`, SURNAMES)}, ${elt(`(${hh} DIV 8) % ${GIVEN.length}`, GIVEN)})`;
    const phone = (hh: string) => `CONCAT('15', LPAD(${hh}, 9, '0'))`;
    const verified = sqlTime(oldest);
    await insertNumbered(db, households, (first, size) => {
      const hh = h(first);
      const unitIndex = `(${hh} DIV ${ROOMS_PER_UNIT})`;
      const inUnit = `(${hh} % ${ROOMS_PER_UNIT})`;
      return (
        'INSERT INTO room (id, project_id, building_id, unit_id, floor, name) ' +
        `SELECT ${firstRoom} + ${hh}, ${firstProject} + ${hh} DIV ${HOUSEHOLDS_PER_PROJECT}, ` +
        `${firstBuilding} + ${unitIndex} DIV ${UNITS}, ${firstUnit} + ${unitIndex}, ` +
        `1 + ${inUnit} DIV ${ROOMS_PER_FLOOR}, CONCAT(1 + ${inUnit} DIV ${ROOMS_PER_FLOOR}, LPAD(1 + ${inUnit} % ${ROOMS_PER_FLOOR}, 2, '0')) ` +
        `FROM bulk_seq s WHERE s.n < ${size}`
      );
    });
    await insertNumbered(
      db,
      households,
      (first, size) =>
        'INSERT INTO `user` (id, openid, role, name, phone, phone_verified_at) ' +
        `SELECT ${firstUser} + ${h(first)}, CONCAT('${tag}-resident-', 1 + ${h(first)}), 'resident', ` +
        `${residentName(h(first))}, ${phone(h(first))}, ${verified} FROM bulk_seq s WHERE s.n < ${size}`,
    );
    await insertNumbered(
      db,
      households,
      (first, size) =>
        'INSERT INTO owner_register (room_id, name, phone, relation) ' +
        `SELECT ${firstRoom} + ${h(first)}, ${residentName(h(first))}, ${phone(h(first))}, 'owner' ` +
        `FROM bulk_seq s WHERE s.n < ${size}`,
    );
    await insertNumbered(
      db,
      households,
      (first, size) =>
        'INSERT INTO house_binding (id, user_id, room_id, name, phone, status, reviewed_at) ' +
        `SELECT ${firstBinding} + ${h(first)}, ${firstUser} + ${h(first)}, ${firstRoom} + ${h(first)}, ` +
        `${residentName(h(first))}, ${phone(h(first))}, 'bound', ${verified} FROM bulk_seq s WHERE s.n < ${size}`,
    );
    log('rooms and residents');

    // Staff of every project, a manager over all of them and an administrator.
    let userId = firstUser + households;
    const userRows: string[] = [];
    const staffRows: string[] = [];
    const staffProjectRows: string[] = [];
    const everyone: Staff[] = [];
    const newStaff = (role: string, departmentId: number, title: string, pids: number[]): Staff => {
      const serial = everyone.length + 1;
      const person = { userId: userId++, name: `${SURNAMES[serial % SURNAMES.length]}师傅${serial}`, departmentId };
      everyone.push(person);
      userRows.push(
        `(${person.userId}, '${tag}-${role}-${serial}', '${role}', ${q(person.name)}, '139${pad(serial, 8)}')`,
      );
      const sid = staffId++;
      staffRows.push(`(${sid}, ${person.userId}, ${departmentId}, ${q(title)})`);
      for (const pid of pids) staffProjectRows.push(`(${sid}, ${pid})`);
      return person;
    };
    const staffByProject: ProjectStaff[] = projectIds.map((projectId) => {
      const workers = new Map<number, Staff[]>();
      for (const [code, count] of Object.entries(WORKERS)) {
        const departmentId = departmentByCode.get(code);
        if (departmentId === undefined) continue;
        workers.set(
          departmentId,
          Array.from({ length: count }, () => newStaff('staff', departmentId, '维修工', [projectId])),
        );
      }
      return {
        projectId,
        workers,
        supervisor: newStaff('supervisor', engineering, '工程主管', [projectId]),
        receptionist: newStaff('receptionist', serviceCenter, '客服接待员', [projectId]),
      };
    });
    const manager = newStaff('manager', serviceCenter, '项目经理', projectIds);
    const adminUserId = userId++;
    userRows.push(`(${adminUserId}, '${tag}-admin', 'admin', '系统管理员', NULL)`);
    await insertRows(db, 'INSERT INTO `user` (id, openid, role, name, phone)', userRows);
    await insertRows(db, 'INSERT INTO staff_member (id, user_id, department_id, title)', staffRows);
    await insertRows(db, 'INSERT INTO staff_member_project (staff_member_id, project_id)', staffProjectRows);

    // Lookup tables of this session for the request rows.
    const workerCount = (departmentId: number) => staffByProject[0].workers.get(departmentId)?.length ?? 0;
    const workerDepartment = (departmentId: number) => (workerCount(departmentId) > 0 ? departmentId : engineering);
    await db.query(
      'CREATE TEMPORARY TABLE bulk_category (k TINYINT NOT NULL, j SMALLINT NOT NULL, category_id INT NOT NULL, ' +
        'department_id INT NOT NULL, worker_department_id INT NOT NULL, workers INT NOT NULL, grade CHAR(1) NOT NULL, ' +
        'in_home TINYINT NOT NULL, PRIMARY KEY (k, j)) ENGINE=MEMORY',
    );
    await insertRows(
      db,
      'INSERT INTO bulk_category (k, j, category_id, department_id, worker_department_id, workers, grade, in_home)',
      leaves.flatMap((list, k) =>
        list.map((c, j) => {
          const department = departmentOf(c.id);
          const workerDept = workerDepartment(department);
          return `(${k}, ${j}, ${c.id}, ${department}, ${workerDept}, ${workerCount(workerDept)}, '${c.grade}', ${
            c.parentId === inHomeRepairs ? 1 : 0
          })`;
        }),
      ),
    );
    await db.query(
      'CREATE TEMPORARY TABLE bulk_status (status VARCHAR(20) NOT NULL PRIMARY KEY, steps INT NOT NULL, ' +
        'resolved_step INT NULL, closed_step INT NULL, assigned TINYINT NOT NULL) ENGINE=MEMORY',
    );
    await insertRows(
      db,
      'INSERT INTO bulk_status (status, steps, resolved_step, closed_step, assigned)',
      Object.entries(PATHS).map(([status, path]) => {
        const resolved = path.findIndex((step) => step[2] === 'resolved');
        const closed = path.findIndex((step) => step[2] === 'closed');
        return `('${status}', ${path.length}, ${resolved < 0 ? 'NULL' : resolved}, ${closed < 0 ? 'NULL' : closed}, ${
          ASSIGNED.has(status as RequestStatus) ? 1 : 0
        })`;
      }),
    );
    await db.query(
      'CREATE TEMPORARY TABLE bulk_worker (p INT NOT NULL, department_id INT NOT NULL, j INT NOT NULL, ' +
        'user_id INT NOT NULL, PRIMARY KEY (p, department_id, j)) ENGINE=MEMORY',
    );
    await insertRows(
      db,
      'INSERT INTO bulk_worker (p, department_id, j, user_id)',
      staffByProject.flatMap((staff, p) =>
        [...staff.workers.entries()].flatMap(([departmentId, list]) =>
          list.map((w, j) => `(${p}, ${departmentId}, ${j}, ${w.userId})`),
        ),
      ),
    );
    for (const conn of [db, side]) {
      await conn.query(
        'CREATE TEMPORARY TABLE bulk_project (p INT NOT NULL PRIMARY KEY, project_id INT NOT NULL UNIQUE, ' +
          'receptionist_id INT NOT NULL, receptionist_name VARCHAR(40) NOT NULL, supervisor_id INT NOT NULL, ' +
          'supervisor_name VARCHAR(40) NOT NULL) ENGINE=MEMORY',
      );
      await insertRows(
        conn,
        'INSERT INTO bulk_project (p, project_id, receptionist_id, receptionist_name, supervisor_id, supervisor_name)',
        staffByProject.map(
          (s, p) =>
            `(${p}, ${s.projectId}, ${s.receptionist.userId}, ${q(s.receptionist.name)}, ${s.supervisor.userId}, ${q(
              s.supervisor.name,
            )})`,
        ),
      );
    }
    await side.query(
      'CREATE TEMPORARY TABLE bulk_staff (user_id INT NOT NULL PRIMARY KEY, name VARCHAR(40) NOT NULL) ENGINE=MEMORY',
    );
    await insertRows(
      side,
      'INSERT INTO bulk_staff (user_id, name)',
      everyone.map((w) => `(${w.userId}, ${q(w.name)})`),
    );
    await side.query(
      'CREATE TEMPORARY TABLE bulk_path (status VARCHAR(20) NOT NULL, k INT NOT NULL, action VARCHAR(20) NOT NULL, ' +
        'from_status VARCHAR(20) NULL, to_status VARCHAR(20) NOT NULL, who VARCHAR(20) NOT NULL, ' +
        'role VARCHAR(20) NOT NULL, PRIMARY KEY (status, k)) ENGINE=MEMORY',
    );
    await insertRows(
      side,
      'INSERT INTO bulk_path (status, k, action, from_status, to_status, who, role)',
      Object.entries(PATHS).flatMap(([status, path]) =>
        path.map(
          ([action, from, to, who], k) =>
            `('${status}', ${k}, '${action}', ${from ? `'${from}'` : 'NULL'}, '${to}', '${who}', '${ROLE_OF[who]}')`,
        ),
      ),
    );

    // Daily numbers: request i was filed at oldest + i·step; each Shanghai day's requests share
    // one sequence across kinds, so numbers stay unique per prefix and day. A day already
    // counted (another load, or requests filed that day) goes on after its highest number.
    const [counted] = await db.query('SELECT day_key AS dayKey, last_value AS last FROM request_number_sequence');
    const lastOf = new Map(
      (counted as { dayKey: string; last: number }[]).map((row) => [row.dayKey, Number(row.last)]),
    );
    const shanghaiDay = (i: number) => Math.floor((oldest + i * stepMs + 8 * HOUR) / DAY);
    const dayRows: string[] = [];
    const sequences: string[] = [];
    for (let i = 0; i < total;) {
      const day = shanghaiDay(i);
      let end = Math.min(total, Math.ceil(((day + 1) * DAY - 8 * HOUR - oldest) / stepMs));
      while (end < total && shanghaiDay(end) === day) end++;
      while (end > i + 1 && shanghaiDay(end - 1) !== day) end--;
      const key = shanghaiDateKey(new Date(oldest + i * stepMs));
      const base = Math.max(0, ...REQUEST_KINDS.map((kind) => lastOf.get(`${KIND_NUMBER_PREFIX[kind]}${key}`) ?? 0));
      if (base + end - i > MAX_DAILY_SEQUENCE) {
        throw new Error(`bulk loader: more than ${MAX_DAILY_SEQUENCE} requests on ${key}`);
      }
      dayRows.push(`(${day}, ${i - base}, '${key}')`);
      for (const kind of REQUEST_KINDS) sequences.push(`('${KIND_NUMBER_PREFIX[kind]}${key}', ${base + end - i})`);
      i = end;
    }
    await db.query(
      'CREATE TEMPORARY TABLE bulk_day (d INT NOT NULL PRIMARY KEY, first_i INT NOT NULL, day_key CHAR(8) NOT NULL) ENGINE=MEMORY',
    );
    await insertRows(db, 'INSERT INTO bulk_day (d, first_i, day_key)', dayRows);
    for (let s = 0; s < sequences.length; s += 2_000) {
      await db.query(
        `INSERT INTO request_number_sequence (day_key, last_value) VALUES ${sequences.slice(s, s + 2_000).join(', ')} ` +
          'ON DUPLICATE KEY UPDATE last_value = GREATEST(last_value, VALUES(last_value))',
      );
    }
    log('staff and lookup tables');

    const requestIndexes = options.rebuildIndexes ? await secondaryIndexes(db, 'request') : [];
    const eventIndexes = options.rebuildIndexes ? await secondaryIndexes(db, 'request_event') : [];
    await dropIndexes(db, 'request', requestIndexes);
    await dropIndexes(db, 'request_event', eventIndexes);

    // Who owns request i: realistic, 90% spread evenly over every household (about 9 each) and
    // 10% over one in twenty (about 20 more each), at most a few dozen; harsh, 80% to five.
    const owner = (i: string) =>
      spread === 'realistic'
        ? `CASE WHEN CRC32(${i} * 8 + 4) % 100 < 90 THEN (${i} * 7919) % ${households} ` +
          `ELSE (${i} * 104729) % ${Math.floor(households / 20)} END`
        : `CASE WHEN CRC32(${i} * 8 + 4) % 100 < 80 THEN CRC32(${i} * 8 + 5) % 5 ELSE 5 + (${i} * 7919) % ${households - 5} END`;
    const recentFrom = Math.max(0, total - Math.ceil((RECENT_DAYS * DAY) / stepMs));
    const leafCounts = leaves.map((list) => list.length).join(', ');
    const at = (step: string) =>
      `${sqlTime(oldest)} + INTERVAL (x.i * ${stepMs} + (${step}) * ${STEP_HOURS * HOUR}) * 1000 MICROSECOND`;
    const content = `ELT(1 + x.k, ${REQUEST_KINDS.map((kind) => elt(`x.i % ${CONTENT[kind].length}`, CONTENT[kind])).join(', ')})`;
    const requestsSql = (first: number, size: number) =>
      'INSERT INTO request (id, number, kind, status, grade, source, project_id, room_id, house_binding_id, ' +
      'resident_user_id, contact_name, contact_phone, category_id, content, department_id, assignee_user_id, ' +
      'first_contact_user_id, created_by_user_id, resolved_at, closed_at, version, created_at, updated_at, ' +
      'callback_due_at, resolution_due_at, dispatched_at, first_replied_at) ' +
      `SELECT ${firstRequest} + x.i, CONCAT(ELT(1 + x.k, 'TS', 'BX', 'JY'), d.day_key, LPAD(x.i - d.first_i + 1, 4, '0')), ` +
      `ELT(1 + x.k, 'complaint', 'repair', 'suggestion'), x.status, c.grade, IF(x.i % 10 = 0, 'phone', 'mini_program'), ` +
      `bp.project_id, ${firstRoom} + x.h, ${firstBinding} + x.h, ${firstUser} + x.h, ${residentName('x.h')}, ${phone('x.h')}, c.category_id, ` +
      `CONCAT(${content}, '（', x.i % 97 + 1, '）'), IF(x.status = 'received', NULL, c.department_id), w.user_id, ` +
      `bp.receptionist_id, ${firstUser} + x.h, IF(st.resolved_step IS NULL, NULL, ${at('st.resolved_step')}), ` +
      `IF(st.closed_step IS NULL, NULL, ${at('st.closed_step')}), st.steps, ${at('0')}, ${at('st.steps - 1')}, ` +
      `IF(x.status = 'resolved' AND (x.k = 0 OR c.in_home = 1), ${at('st.resolved_step')} + INTERVAL 7 DAY, NULL), ` +
      `${at('0')} + INTERVAL 3 DAY, IF(w.user_id IS NULL, NULL, ${at('1')}), IF(st.steps > 1, ${at('1')}, NULL) ` +
      'FROM (SELECT y.i, y.h, y.k, y.leaf, ' +
      `IF(y.i >= ${recentFrom}, ${pickSql('y.u', RECENT)}, ${pickSql('y.u', OLD)}) AS status, ` +
      `(${oldest + 8 * HOUR} + y.i * ${stepMs}) DIV ${DAY} AS day ` +
      `FROM (SELECT z.i, ${owner('z.i')} AS h, ` +
      `CASE WHEN CRC32(z.i * 8 + 1) % 1000 < 400 THEN 0 WHEN CRC32(z.i * 8 + 1) % 1000 < 900 THEN 1 ELSE 2 END AS k, ` +
      'CRC32(z.i * 8 + 2) AS leaf, CRC32(z.i * 8 + 3) % 1000 AS u ' +
      `FROM (SELECT ${first} + s.n AS i FROM bulk_seq s WHERE s.n < ${size}) z LIMIT ${size}) y LIMIT ${size}) x ` +
      `JOIN bulk_category c ON c.k = x.k AND c.j = x.leaf % ELT(1 + x.k, ${leafCounts}) ` +
      'JOIN bulk_status st ON st.status = x.status ' +
      'JOIN bulk_day d ON d.d = x.day ' +
      `JOIN bulk_project bp ON bp.p = x.h DIV ${HOUSEHOLDS_PER_PROJECT} ` +
      'LEFT JOIN bulk_worker w ON st.assigned = 1 AND w.p = bp.p AND w.department_id = c.worker_department_id ' +
      'AND w.j = x.i % c.workers ' +
      'ORDER BY x.i';
    const eventsSql = (firstId: number, lastId: number) =>
      'INSERT INTO request_event (request_id, actor_user_id, actor_role, actor_name, action, from_status, to_status, created_at) ' +
      "SELECT r.id, CASE p.who WHEN 'resident' THEN r.resident_user_id WHEN 'desk' THEN bp.receptionist_id " +
      "WHEN 'supervisor' THEN bp.supervisor_id ELSE COALESCE(r.assignee_user_id, bp.supervisor_id) END, " +
      "IF(p.who = 'worker' AND r.assignee_user_id IS NULL, 'supervisor', p.role), " +
      "CASE p.who WHEN 'resident' THEN r.contact_name WHEN 'desk' THEN bp.receptionist_name " +
      "WHEN 'supervisor' THEN bp.supervisor_name ELSE COALESCE(w.name, bp.supervisor_name) END, " +
      `p.action, p.from_status, p.to_status, r.created_at + INTERVAL p.k * ${STEP_HOURS} HOUR ` +
      'FROM request r JOIN bulk_path p ON p.status = r.status ' +
      'JOIN bulk_project bp ON bp.project_id = r.project_id ' +
      'LEFT JOIN bulk_staff w ON w.user_id = r.assignee_user_id ' +
      `WHERE r.id BETWEEN ${firstId} AND ${lastId} ORDER BY r.id, p.k`;
    // Requests on one connection, each chunk's events on the other as soon as it is in.
    let eventsDone: Promise<unknown> = Promise.resolve();
    for (let first = 0; first < total; first += CHUNK) {
      const size = Math.min(CHUNK, total - first);
      await retriedOnDeadlock(() => db.query(requestsSql(first, size)));
      await eventsDone;
      eventsDone = retriedOnDeadlock(() =>
        side.query(eventsSql(firstRequest + first, firstRequest + first + size - 1)),
      );
    }
    await eventsDone;
    log('requests and events');
    await Promise.all([addIndexes(db, 'request', requestIndexes), addIndexes(side, 'request_event', eventIndexes)]);
    log('indexes');
    await db.query(
      'ANALYZE TABLE request, request_event, `user`, room, house_binding, staff_member, staff_member_project',
    );

    const one = async <T>(sql: string): Promise<T> => ((await db.query(sql))[0] as T[])[0];
    const { events } = await one<{ events: number }>(
      `SELECT COUNT(*) AS events FROM request_event WHERE request_id >= ${firstRequest}`,
    );
    const heavy = await one<{ userId: number; count: number }>(
      `SELECT resident_user_id AS userId, COUNT(*) AS count FROM request WHERE id >= ${firstRequest} ` +
        'GROUP BY resident_user_id ORDER BY count DESC, userId LIMIT 1',
    );
    const busy = await one<{ userId: number; count: number }>(
      `SELECT assignee_user_id AS userId, COUNT(*) AS count FROM request WHERE id >= ${firstRequest} ` +
        `AND status IN (${OPEN_ASSIGNED.map(q).join(', ')}) AND assignee_user_id IS NOT NULL ` +
        'GROUP BY assignee_user_id ORDER BY count DESC, userId LIMIT 1',
    );
    const busyStaff = everyone.find((w) => w.userId === Number(busy.userId))!;
    const busyProject = staffByProject.find((s) =>
      [...s.workers.values()].some((list) => list.some((w) => w.userId === busyStaff.userId)),
    )!;
    const heavyProject = staffByProject[Math.floor((Number(heavy.userId) - firstUser) / HOUSEHOLDS_PER_PROJECT)];
    const userOf = async (id: number): Promise<BulkUser> => {
      const row = await one<{ openid: string; role: string }>(`SELECT openid, role FROM \`user\` WHERE id = ${id}`);
      return { userId: id, openid: row.openid, role: row.role };
    };
    const sampleEvery = Math.max(1, Math.floor(total / 1000));
    const result: BulkResult = {
      spread,
      requests: total,
      events: Number(events),
      ms: 0,
      projectIds,
      heavyResident: {
        ...(await userOf(Number(heavy.userId))),
        requestCount: Number(heavy.count),
        projectId: heavyProject.projectId,
      },
      busyWorker: {
        ...(await userOf(busyStaff.userId)),
        openTasks: Number(busy.count),
        departmentId: busyStaff.departmentId,
        projectId: busyProject.projectId,
      },
      claimWorker: {
        ...(await userOf(busyProject.workers.get(cleaning)![0].userId)),
        departmentId: cleaning,
        projectId: busyProject.projectId,
      },
      supervisor: {
        ...(await userOf(busyProject.supervisor.userId)),
        departmentId: engineering,
        projectId: busyProject.projectId,
      },
      deskUser: { ...(await userOf(heavyProject.receptionist.userId)), projectIds: [heavyProject.projectId] },
      manager: { ...(await userOf(manager.userId)), projectIds },
      admin: await userOf(adminUserId),
      sampleRequestIds: Array.from(
        { length: Math.ceil(total / sampleEvery) },
        (_, k) => firstRequest + k * sampleEvery,
      ),
    };
    result.ms = Date.now() - started;
    return result;
  } finally {
    await Promise.all([db.end(), side.end()]);
  }
}
