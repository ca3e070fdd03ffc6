/**
 * A bench's life: what it holds is released on every way out (normal end, failure, Ctrl-C), in
 * the reverse order it was taken, so the servers stop before their database is dropped.
 */

const CLEANUP_TIMEOUT_MS = 15_000;

const cleanups: { what: string; release: () => Promise<unknown> | unknown }[] = [];
let cleaning: Promise<void> | null = null;
let interrupted = false;

export const log = (line: string) => console.error(`· ${line}`);

export const isInterrupted = () => interrupted;

export const sleep = (delayMs: number) => new Promise((resolve) => setTimeout(resolve, delayMs));

/** Registers a release to run at the end; the latest registered runs first. */
export function onCleanup(what: string, release: () => Promise<unknown> | unknown): void {
  cleanups.push({ what, release });
}

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const { what, release } of cleanups.reverse()) {
      try {
        await Promise.race([
          Promise.resolve().then(release),
          sleep(CLEANUP_TIMEOUT_MS).then(() => Promise.reject(new Error(`no end after ${CLEANUP_TIMEOUT_MS} ms`))),
        ]);
      } catch (error) {
        console.error(`  (${what} failed: ${error instanceof Error ? error.message : String(error)})`);
      }
    }
  })();
  return cleaning;
}

/** Runs the bench and exits: 0 when it ran (benchmarks report, they do not judge), 1 on failure, 130 on Ctrl-C. */
export function runBench(main: () => Promise<void>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      console.error(`\n${signal}: stopping and cleaning up…`);
      void cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
  main()
    .then(cleanup)
    .then(() => process.exit(interrupted ? 130 : 0))
    .catch(async (error: unknown) => {
      // After Ctrl-C the servers stopping under the run make it fail; that is not the failure to show.
      if (!interrupted) console.error(error);
      await cleanup();
      process.exit(interrupted ? 130 : 1);
    });
}

export function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
}
