import { AppError } from '../common/errors/app-error';

/** What clients are told to wait before trying again while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export const DATABASE_UNAVAILABLE_MESSAGE = '数据库暂时不可用，请稍后再试';

/** Raised by the pool guard when no connection could be had in time (frozen or overloaded server). */
export class DatabaseAcquireTimeoutError extends Error {
  readonly code = 'DATABASE_ACQUIRE_TIMEOUT';
  constructor(timeoutMs: number) {
    super(`no database connection within ${timeoutMs} ms`);
    this.name = 'DatabaseAcquireTimeoutError';
  }
}

/**
 * Errors meaning "the database cannot be reached or did not answer", not "the statement was
 * wrong": the network (refused, reset, timed out), mysql2's own (connection lost, query timeout,
 * pool closed or full) and the server's (too many connections, shutting down, read-only during
 * a failover, statement time limit).
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'DATABASE_ACQUIRE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ER_OPTION_PREVENTS_STATEMENT',
  'ER_READ_ONLY_MODE',
  'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION',
  'ER_STATEMENT_TIMEOUT',
  'ER_QUERY_TIMEOUT',
  'ER_CLIENT_INTERACTION_TIMEOUT',
]);

const UNAVAILABLE_ERRNOS = new Set([
  1040, // ER_CON_COUNT_ERROR
  1053, // ER_SERVER_SHUTDOWN
  1203, // ER_TOO_MANY_USER_CONNECTIONS
  1290, // ER_OPTION_PREVENTS_STATEMENT (--read-only)
  1792, // ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION
  1836, // ER_READ_ONLY_MODE
  1927, // ER_CONNECTION_KILLED (MariaDB)
  1969, // ER_STATEMENT_TIMEOUT (MariaDB max_statement_time)
  2002, // CR_CONNECTION_ERROR
  2003, // CR_CONN_HOST_ERROR
  2006, // CR_SERVER_GONE_ERROR
  2013, // CR_SERVER_LOST
  3024, // ER_QUERY_TIMEOUT (MySQL max_execution_time)
  4031, // ER_CLIENT_INTERACTION_TIMEOUT (MySQL 8)
]);

/** mysql2 and TypeORM say some of these in words only. */
const UNAVAILABLE_MESSAGES = [
  /^Pool is closed/,
  /^Queue limit reached/,
  /^No connections available/,
  /^Can't add new command when connection is in closed state/,
  /^Can't write in closed state/,
  /^Connection lost/,
];

/** TypeORM's own: the data source is not (or no longer) connected. */
const UNAVAILABLE_NAMES = new Set(['CannotExecuteNotConnectedError', 'ConnectionIsNotSetError']);

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  // TypeORM wraps the driver's error (QueryFailedError.driverError); others use `cause`.
  while (pending.length > 0 && seen.size < 10) {
    const current = pending.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const { code, errno, name, message, driverError, cause } = current as {
      code?: unknown;
      errno?: unknown;
      name?: unknown;
      message?: unknown;
      driverError?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof errno === 'number' && UNAVAILABLE_ERRNOS.has(errno)) return true;
    if (typeof name === 'string' && UNAVAILABLE_NAMES.has(name)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
    pending.push(driverError, cause);
  }
  return false;
}

export function databaseUnavailable(): AppError {
  return new AppError('DATABASE_UNAVAILABLE', DATABASE_UNAVAILABLE_MESSAGE, [], {
    retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
  });
}
