import Redis from 'ioredis';
import { AppError } from '../errors/app-error';
import { SharedStore } from './shared-store';

/**
 * INCR + PEXPIRE NX in one round trip: the window starts with the first hit and a crash between
 * the two commands cannot leave a counter that never expires.
 */
const INCREMENT = `
local count = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1], 'NX')
local ttl = redis.call('PTTL', KEYS[1])
return {count, ttl}`;

/** Redis shared by every instance (`REDIS_URL`). */
export class RedisStore extends SharedStore {
  readonly kind = 'redis' as const;
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    super();
    this.redis = new Redis(url, {
      // Fail fast instead of queueing: a caller waiting on a dead Redis is a hung request.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: 2000,
      lazyConnect: false,
    });
    // ioredis reconnects by itself; without a listener every failure would be an unhandled error.
    this.redis.on('error', () => undefined);
    // Sent once and then called by its SHA (EVALSHA): every write counts against a limit.
    this.redis.defineCommand('linliIncrement', { numberOfKeys: 1, lua: INCREMENT });
  }

  async increment(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
    const redis = this.redis as Redis & { linliIncrement(key: string, windowMs: string): Promise<[number, number]> };
    const [count, ttl] = await this.call(() => redis.linliIncrement(this.prefix + key, String(windowMs)));
    return { count, resetInMs: ttl > 0 ? ttl : windowMs };
  }

  async setIfAbsent(key: string, ttlMs: number): Promise<boolean> {
    return (await this.call(() => this.redis.set(this.prefix + key, '1', 'PX', ttlMs, 'NX'))) === 'OK';
  }

  async delete(key: string): Promise<void> {
    await this.call(() => this.redis.del(this.prefix + key));
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  /** Waits for the first connection (so a start with a wrong URL fails at once, not on a request). */
  async ready(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Redis unreachable at ${this.redis.options.host}`)), 3000);
      this.redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private async call<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch {
      // Limits and nonces must not be skipped silently: refuse until the store answers again.
      throw new AppError('SERVICE_UNAVAILABLE', '服务繁忙，请稍后再试', [], { retryAfterSeconds: 5 });
    }
  }
}
