import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { OutageNotice } from './outage-notice';

/**
 * TypeORM's own log lines, through Nest's logger. Never the parameters: they hold residents'
 * names and phone numbers. Statements that ran out of time are counted, not listed one by one.
 */
export type StatementListener = (query: string, parameters: readonly unknown[] | undefined) => void;
const listeners = new Set<StatementListener>();

/**
 * Hears every statement the app's data source sends (transactions' BEGIN and COMMIT included),
 * for the tests that count round trips or EXPLAIN what a list asks. Returns the unsubscribe.
 */
export function onStatement(listener: StatementListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export class DatabaseLogger implements TypeOrmLogger {
  private readonly logger = new Logger('Database');
  private readonly slow = new OutageNotice(this.logger, 'query', {
    problem: 'no answer within the time limit, abandoned',
  });
  private readonly connections = new OutageNotice(this.logger, 'connection');

  logQuery(query: string, parameters?: unknown[]): void {
    for (const listener of listeners) listener(query, parameters);
  }

  logQueryError(): void {}

  logQuerySlow(time: number, query: string): void {
    this.slow.failed({ code: 'SLOW_QUERY', message: `${time} ms: ${query.replace(/\s+/g, ' ').slice(0, 120)}` });
  }

  logSchemaBuild(message: string): void {
    this.logger.log(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    // TypeORM's only warning is a pooled connection's error: one per connection in an outage.
    if (level === 'warn') this.connections.failed({ message: String(message) });
  }
}
