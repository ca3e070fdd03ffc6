import type { Logger } from '@nestjs/common';

/** The driver's code and message only: a QueryFailedError also carries the SQL and its parameters (names, phones). */
export function describeDatabaseError(error: unknown): { code?: string; message: string } {
  let current = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; depth < 5 && current?.driverError; depth++) current = current.driverError as typeof current;
  const code = typeof current?.code === 'string' ? current.code : undefined;
  const message = typeof current?.message === 'string' ? current.message : String(error);
  return { code, message: message.slice(0, 200) };
}

/**
 * One database outage, logged as one story instead of a line per failed request or poll: a warning
 * when it starts, a count now and then while it lasts, and a line when it is over. A failure after
 * a quiet spell longer than `everyMs` starts a new story (for callers that never see the recovery).
 */
export class OutageNotice {
  private since: number | null = null;
  private lastFailure = 0;
  private lastLogged = 0;
  private unlogged = 0;

  private readonly problem: string;
  private readonly everyMs: number;
  private readonly now: () => number;

  constructor(
    private readonly logger: Pick<Logger, 'warn' | 'log'>,
    private readonly what: string,
    options: { problem?: string; everyMs?: number; now?: () => number } = {},
  ) {
    this.problem = options.problem ?? 'database unavailable';
    this.everyMs = options.everyMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  get ongoing(): boolean {
    return this.since !== null;
  }

  failed(error: unknown): void {
    const now = this.now();
    const detail = describeDatabaseError(error);
    if (this.since === null || now - this.lastFailure > this.everyMs) {
      this.since = now;
      this.lastFailure = this.lastLogged = now;
      this.unlogged = 0;
      this.logger.warn({ err: detail }, `${this.what}: ${this.problem}`);
      return;
    }
    this.lastFailure = now;
    this.unlogged++;
    if (now - this.lastLogged >= this.everyMs) {
      this.logger.warn(
        { err: detail, failures: this.unlogged, seconds: Math.round((now - this.since) / 1000) },
        `${this.what}: ${this.problem} (still)`,
      );
      this.lastLogged = now;
      this.unlogged = 0;
    }
  }

  recovered(): void {
    if (this.since === null) return;
    const seconds = Math.round((this.now() - this.since) / 1000);
    this.since = null;
    this.unlogged = 0;
    this.logger.log(`${this.what}: database reachable again after ${seconds} s`);
  }
}
