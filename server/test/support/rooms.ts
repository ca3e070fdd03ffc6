import { randomBytes } from 'node:crypto';

/** Rooms of the helpers' own, without Jest: the server suites and the benchmarks both make them. */

export const DEMO_PROJECT = '阳光花园';

export interface OwnerRow {
  roomId: number;
  name: string;
  phone: string;
}

/** Anything that runs SQL: a TypeORM DataSource or EntityManager. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Where the helpers put rooms of their own. A room binds at once only while nobody holds it,
 * and the suites bind far more residents than the 120 seeded rooms, so each resident gets a
 * new room of 阳光花园 (a real building of the project, staffed by its desk) in 9栋 9单元.
 */
export const TEST_BUILDING = '9栋';
const TEST_UNIT = '9单元';
const SURNAMES = '王李张刘陈杨黄赵吴周';
const GIVEN = ['秀兰', '建华', '海燕', '志强', '丽娟', '国庆', '晓明', '桂英'];
const pick = <T>(items: ArrayLike<T>): T => items[randomBytes(1)[0] % items.length];

/** A new room of 阳光花园 with its owner in the register: nobody holds it, and nobody else will. */
export async function freshOwner(db: Queryable): Promise<OwnerRow> {
  const query = (sql: string, params: unknown[]) => db.query(sql, params);
  const [project] = (await query('SELECT id FROM project WHERE name = ?', [DEMO_PROJECT])) as { id: number }[];
  // INSERT IGNORE on the unique (project, name) and (building, name): suites run side by side.
  await query('INSERT IGNORE INTO building (project_id, name, sort) VALUES (?, ?, 99)', [project.id, TEST_BUILDING]);
  const [building] = (await query('SELECT id FROM building WHERE project_id = ? AND name = ?', [
    project.id,
    TEST_BUILDING,
  ])) as { id: number }[];
  await query('INSERT IGNORE INTO unit (building_id, name, sort) VALUES (?, ?, 99)', [building.id, TEST_UNIT]);
  const [unit] = (await query('SELECT id FROM unit WHERE building_id = ? AND name = ?', [building.id, TEST_UNIT])) as {
    id: number;
  }[];
  for (;;) {
    const floor = 1 + (randomBytes(1)[0] % 99);
    const name = `${floor}${String(randomBytes(2).readUInt16BE() % 10000).padStart(4, '0')}`;
    const inserted = (await query(
      'INSERT IGNORE INTO room (project_id, building_id, unit_id, floor, name) VALUES (?, ?, ?, ?, ?)',
      [project.id, building.id, unit.id, floor, name],
    )) as { affectedRows: number; insertId: number };
    if (inserted.affectedRows !== 1) continue;
    const owner = {
      roomId: Number(inserted.insertId),
      name: `${pick(SURNAMES)}${pick(GIVEN)}`,
      phone: `136${String(randomBytes(4).readUInt32BE() % 1e8).padStart(8, '0')}`,
    };
    await query("INSERT INTO owner_register (room_id, name, phone, relation) VALUES (?, ?, ?, 'owner')", [
      owner.roomId,
      owner.name,
      owner.phone,
    ]);
    return owner;
  }
}
