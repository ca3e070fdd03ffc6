/**
 * State that every instance of the server must agree on: rate-limit counters, nonces seen once,
 * short-lived locks. Redis when `REDIS_URL` is set; process memory otherwise, so a single
 * `npm start` needs nothing but MySQL. Keys are namespaced by the store, never by callers.
 */
export abstract class SharedStore {
  /** Which backend answers: shown by the health check and docs/security.md. */
  abstract readonly kind: 'redis' | 'memory';

  /**
   * Adds one to a fixed-window counter that starts with its first hit and lives `windowMs`.
   * Returns the count after this hit and the milliseconds until the window closes.
   */
  abstract increment(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;

  /** Sets `key` only if absent, for `ttlMs`: true the first time, false while it lives (nonces, locks). */
  abstract setIfAbsent(key: string, ttlMs: number): Promise<boolean>;

  abstract delete(key: string): Promise<void>;

  abstract close(): Promise<void>;
}
