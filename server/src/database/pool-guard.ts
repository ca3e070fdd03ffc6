import { EventSubscriber, type DataSource, type EntitySubscriberInterface } from 'typeorm';
import type { AfterQueryEvent } from 'typeorm/subscriber/event/QueryEvent';
import { DatabaseAcquireTimeoutError } from './database-unavailable';

type Callback = (error: Error | null, connection?: PooledConnection) => void;
interface PooledConnection {
  release(): void;
  destroy(): void;
  on(event: 'error', listener: (error: Error) => void): void;
  stream?: { destroy?: () => void };
}
interface MysqlPool {
  getConnection(callback: Callback): void;
  on(event: 'connection', listener: (connection: PooledConnection) => void): void;
}

/**
 * mysql2's pool has no acquire timeout: behind connections stuck on a frozen server a request
 * would queue forever. This gives up after `timeoutMs`; a connection that turns up later goes
 * back to the pool unused.
 */
export function guardPool(dataSource: DataSource, timeoutMs: number): void {
  const pool = (dataSource.driver as unknown as { pool?: MysqlPool }).pool;
  if (!pool) throw new Error('guardPool: the data source has no mysql2 pool');
  const getConnection = pool.getConnection.bind(pool);
  pool.getConnection = (callback: Callback) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      callback(new DatabaseAcquireTimeoutError(timeoutMs));
    }, timeoutMs);
    timer.unref();
    getConnection((error, connection) => {
      if (settled) {
        if (!error) connection?.release();
        return;
      }
      settled = true;
      clearTimeout(timer);
      callback(error, connection);
    });
  };
  // mysql2 listens for a pooled connection's first 'error' only (and TypeORM then adds none):
  // a second one, say a write on a socket the server reset, would be an uncaught exception.
  pool.on('connection', (connection) => connection.on('error', () => undefined));
}

/**
 * mysql2's query timeout rejects the query but leaves the connection waiting for the answer,
 * and the pool would hand it to the next request, whose statements then queue behind the hung
 * one with no timeout of their own. A timed-out connection is dropped instead: the pool opens a
 * fresh one once the server answers again. What the server does with a statement it already
 * received is its business (a transaction without its COMMIT is rolled back when it sees the
 * connection gone).
 */
@EventSubscriber()
export class DropTimedOutConnection implements EntitySubscriberInterface {
  afterQuery(event: AfterQueryEvent): void {
    if (event.success || (event.error as { code?: string } | undefined)?.code !== 'PROTOCOL_SEQUENCE_TIMEOUT') return;
    const connection = (event.queryRunner as unknown as { databaseConnection?: PooledConnection }).databaseConnection;
    connection?.destroy();
    connection?.stream?.destroy?.();
  }
}
