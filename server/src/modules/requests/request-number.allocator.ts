import { Injectable } from '@nestjs/common';
import { formatRequestNumber, KIND_NUMBER_PREFIX, shanghaiDateKey, type RequestKind } from '@linli/shared';
import type { EntityManager } from 'typeorm';

/**
 * Daily request numbers from a counter row per prefix and day. `LAST_INSERT_ID(expr)` makes the
 * increment and the read one atomic statement on this connection, in MySQL 8 and MariaDB alike;
 * the row stays locked until the surrounding transaction commits, so numbers are gap-free and
 * never handed out twice. Filing takes it last, so that lock is held for two statements only.
 */
@Injectable()
export class RequestNumberAllocator {
  async next(manager: EntityManager, kind: RequestKind, at: Date): Promise<string> {
    const dayKey = `${KIND_NUMBER_PREFIX[kind]}${shanghaiDateKey(at)}`;
    const result = (await manager.query(
      'INSERT INTO request_number_sequence (day_key, last_value) VALUES (?, LAST_INSERT_ID(1)) ' +
        'ON DUPLICATE KEY UPDATE last_value = LAST_INSERT_ID(last_value + 1)',
      [dayKey],
    )) as { insertId?: number };
    // The statement's own answer carries LAST_INSERT_ID(expr) (mysql_insert_id's documented rule);
    // asking again costs a round trip, kept only for a driver that would not pass it on.
    let value = Number(result.insertId ?? 0);
    if (!value) {
      const [row] = (await manager.query('SELECT LAST_INSERT_ID() AS value')) as { value: number | string }[];
      value = Number(row.value);
    }
    return formatRequestNumber(kind, at, value);
  }
}
