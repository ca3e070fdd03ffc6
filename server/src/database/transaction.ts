import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

/** InnoDB may pick a transaction as a deadlock victim under contention; the work is then safe to redo. */
const RETRYABLE_ERRNOS = new Set([1213 /* ER_LOCK_DEADLOCK */, 1205 /* ER_LOCK_WAIT_TIMEOUT */]);
const MAX_ATTEMPTS = 4;

/** Work that must commit or roll back with whatever transaction the code under it opens. */
export type TransactionHook = (manager: EntityManager) => Promise<void>;
const hooks = new AsyncLocalStorage<TransactionHook>();

/**
 * Runs `run` so that every `inTransaction` inside it also runs `hook` as its last statement
 * before commit. The idempotency keys use it to record "this write happened" atomically with
 * the write, without each service knowing about keys.
 */
export function withTransactionHook<T>(hook: TransactionHook, run: () => Promise<T>): Promise<T> {
  return hooks.run(hook, run);
}

export async function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  isolation?: IsolationLevel,
): Promise<T> {
  const hook = hooks.getStore();
  const whole = hook
    ? async (manager: EntityManager) => {
        const result = await work(manager);
        await hook(manager);
        return result;
      }
    : work;
  for (let attempt = 1; ; attempt++) {
    try {
      return await (isolation ? dataSource.transaction(isolation, whole) : dataSource.transaction(whole));
    } catch (error) {
      const errno =
        (error as { errno?: number; driverError?: { errno?: number } }).driverError?.errno ??
        (error as { errno?: number }).errno;
      if (attempt >= MAX_ATTEMPTS || errno === undefined || !RETRYABLE_ERRNOS.has(errno)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20));
    }
  }
}
