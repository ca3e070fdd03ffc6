import { createTicker, type TimerApi } from './clock';

function fakeTimers() {
  let time = 1_000;
  const intervals = new Map<number, () => void>();
  let next = 1;
  const api: TimerApi = {
    now: () => time,
    setInterval: (callback) => {
      const handle = next++;
      intervals.set(handle, callback);
      return handle;
    },
    clearInterval: (handle) => {
      intervals.delete(handle as number);
    },
  };
  return {
    api,
    intervals,
    advance(ms: number) {
      time += ms;
      for (const callback of [...intervals.values()]) callback();
    },
  };
}

describe('shared ticker', () => {
  it('runs one interval however many rows listen, and stops with the last one', () => {
    const timers = fakeTimers();
    const ticker = createTicker(60_000, timers.api);
    const seen: number[][] = [[], [], []];
    const stops = seen.map((list) => ticker.subscribe((now) => list.push(now)));
    expect(timers.intervals.size).toBe(1);

    timers.advance(60_000);
    expect(seen).toEqual([[61_000], [61_000], [61_000]]);
    expect(ticker.now()).toBe(61_000);

    stops[0]();
    stops[1]();
    expect(timers.intervals.size).toBe(1);
    stops[2]();
    expect(timers.intervals.size).toBe(0);
  });

  it('reads the clock itself while idle, so a new listener does not start from a stale tick', () => {
    const timers = fakeTimers();
    const ticker = createTicker(60_000, timers.api);
    const stop = ticker.subscribe(() => undefined);
    timers.advance(60_000);
    stop();
    timers.advance(5 * 60_000);
    expect(ticker.now()).toBe(361_000);
    ticker.subscribe(() => undefined);
    expect(ticker.now()).toBe(361_000);
    expect(timers.intervals.size).toBe(1);
  });

  it('lets a listener unsubscribe during a tick without skipping the others', () => {
    const timers = fakeTimers();
    const ticker = createTicker(1_000, timers.api);
    const calls: string[] = [];
    const stopA = ticker.subscribe(() => {
      calls.push('a');
      stopA();
    });
    ticker.subscribe(() => calls.push('b'));
    timers.advance(1_000);
    timers.advance(1_000);
    expect(calls).toEqual(['a', 'b', 'b']);
  });
});
