import { ImageWorkLimiter } from './image-work-limiter';

/** Jobs that finish only when told, so what runs at once is observed, not timed. */
function deferredJobs(count: number) {
  const started: number[] = [];
  const finish: Array<() => void> = [];
  const jobs = Array.from({ length: count }, (_, index) => () => {
    started.push(index);
    return new Promise<number>((resolve) => finish.push(() => resolve(index)));
  });
  return { started, finish, jobs };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ImageWorkLimiter', () => {
  it.each([1, 2, 3])('runs at most %i jobs at once, the rest in arrival order', async (max) => {
    const limiter = new ImageWorkLimiter(max);
    const { started, finish, jobs } = deferredJobs(6);
    const results = Promise.all(jobs.map((job) => limiter.run(job)));
    await settle();
    expect(started).toEqual([...Array(max).keys()]);
    expect(limiter.load).toEqual({ active: max, waiting: 6 - max });

    let done = 0;
    while (done < 6) {
      finish[done++]();
      await settle();
      expect(limiter.load.active).toBeLessThanOrEqual(max);
      expect(started).toEqual([...Array(Math.min(6, max + done)).keys()]);
    }
    expect(await results).toEqual([0, 1, 2, 3, 4, 5]);
    expect(limiter.load).toEqual({ active: 0, waiting: 0 });
  });

  it('frees the slot of a job that fails', async () => {
    const limiter = new ImageWorkLimiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('corrupt')))).rejects.toThrow('corrupt');
    expect(limiter.load).toEqual({ active: 0, waiting: 0 });
    expect(await limiter.run(() => Promise.resolve('next'))).toBe('next');
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new ImageWorkLimiter(0)).toThrow();
    expect(() => new ImageWorkLimiter(1.5)).toThrow();
  });
});
