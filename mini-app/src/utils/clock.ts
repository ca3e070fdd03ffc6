/** The timer functions a ticker uses; tests pass fakes. */
export interface TimerApi {
  now: () => number;
  setInterval: (callback: () => void, ms: number) => unknown;
  clearInterval: (handle: unknown) => void;
}

const SYSTEM_TIMERS: TimerApi = {
  now: () => Date.now(),
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

export interface Ticker {
  /** The last tick while anyone listens; the clock itself otherwise (an idle ticker's tick is stale). */
  now: () => number;
  /** Calls `listener` on every tick; returns the unsubscribe. */
  subscribe: (listener: (now: number) => void) => () => void;
}

/**
 * One interval shared by every listener, running only while someone listens: a list of 50
 * countdown rows costs one timer, and all rows show the same minute.
 */
export function createTicker(intervalMs: number, timers: TimerApi = SYSTEM_TIMERS): Ticker {
  const listeners = new Set<(now: number) => void>();
  let handle: unknown = null;
  let last = timers.now();

  const tick = () => {
    last = timers.now();
    for (const listener of [...listeners]) listener(last);
  };

  return {
    now: () => (handle === null ? timers.now() : last),
    subscribe(listener) {
      listeners.add(listener);
      if (handle === null) {
        last = timers.now();
        handle = timers.setInterval(tick, intervalMs);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && handle !== null) {
          timers.clearInterval(handle);
          handle = null;
        }
      };
    },
  };
}
