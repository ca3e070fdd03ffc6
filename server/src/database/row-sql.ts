import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Plain INSERT and SELECT statements for the hot paths (issue 11), with the column names taken
 * from the entity's own metadata so they cannot drift from it. TypeORM's insert builds its SQL on
 * every call and, for columns with database defaults, reads the row back in a second statement;
 * these build it once per entity and column set and send one statement.
 */
const insertSql = new Map<string, string>();

export async function insertRow<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  values: Partial<T>,
): Promise<number> {
  const metadata = manager.connection.getMetadata(target);
  const keys = Object.keys(values).filter((key) => values[key as keyof T] !== undefined);
  const cacheKey = `${metadata.tableName}:${keys.join(',')}`;
  let sql = insertSql.get(cacheKey);
  const columns = keys.map((key) => {
    const column = metadata.findColumnWithPropertyName(key);
    if (!column) throw new Error(`${metadata.tableName} has no column for ${key}`);
    return column;
  });
  if (!sql) {
    sql = `INSERT INTO \`${metadata.tableName}\` (${columns.map((column) => `\`${column.databaseName}\``).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    insertSql.set(cacheKey, sql);
  }
  const parameters = columns.map((column) => {
    const value = values[column.propertyName as keyof T] as unknown;
    return column.type === 'json' && value !== null ? JSON.stringify(value) : value;
  });
  const result = (await manager.query(sql, parameters)) as { insertId: number };
  return Number(result.insertId);
}

/** A row as `SELECT *` gives it, mapped onto the entity's properties (JSON parsed, booleans and numbers typed). */
export function rowToEntity<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  row: Record<string, unknown>,
  prefix = '',
): T {
  const metadata = manager.connection.getMetadata(target);
  const entity: Record<string, unknown> = {};
  for (const column of metadata.columns) {
    const raw = row[`${prefix}${column.databaseName}`];
    if (raw === undefined) continue;
    entity[column.propertyName] = column.transformer
      ? (Array.isArray(column.transformer) ? column.transformer : [column.transformer]).reduce(
          (value, transformer) => transformer.from(value),
          raw as unknown,
        )
      : typed(column.type, raw);
  }
  return entity as T;
}

function typed(type: unknown, raw: unknown): unknown {
  if (raw === null) return null;
  if (type === 'json') return typeof raw === 'string' ? JSON.parse(raw) : raw;
  if (type === Boolean || type === 'boolean' || type === 'tinyint') return Boolean(Number(raw));
  if (type === 'datetime') return raw instanceof Date ? raw : new Date(`${String(raw).replace(' ', 'T')}Z`);
  if (type === 'int' || type === 'smallint' || type === Number) return Number(raw);
  return raw;
}

/**
 * `UPDATE … SET … WHERE id = ? [AND version = ?]` for the given properties, in one statement.
 * Returns the number of rows changed (0 when the version no longer matches).
 */
export async function updateRow<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  where: { id: number; version?: number },
  changes: Partial<T>,
): Promise<number> {
  const metadata = manager.connection.getMetadata(target);
  const keys = Object.keys(changes).filter((key) => changes[key as keyof T] !== undefined);
  const columns = keys.map((key) => {
    const column = metadata.findColumnWithPropertyName(key);
    if (!column) throw new Error(`${metadata.tableName} has no column for ${key}`);
    return column;
  });
  const sql =
    `UPDATE \`${metadata.tableName}\` SET ${columns.map((column) => `\`${column.databaseName}\` = ?`).join(', ')}` +
    ` WHERE id = ?${where.version === undefined ? '' : ' AND version = ?'}`;
  const parameters = columns.map((column) => {
    const value = changes[column.propertyName as keyof T] as unknown;
    return column.type === 'json' && value !== null ? JSON.stringify(value) : value;
  });
  parameters.push(where.id);
  if (where.version !== undefined) parameters.push(where.version);
  const result = (await manager.query(sql, parameters)) as { affectedRows: number };
  return result.affectedRows;
}

/** The row locked for this transaction (`SELECT … FOR UPDATE`), as the entity. */
export async function lockRow<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  id: number,
): Promise<T | null> {
  const metadata = manager.connection.getMetadata(target);
  const [row] = (await manager.query(`SELECT * FROM \`${metadata.tableName}\` WHERE id = ? FOR UPDATE`, [id])) as Array<
    Record<string, unknown>
  >;
  return row ? rowToEntity(manager, target, row) : null;
}
