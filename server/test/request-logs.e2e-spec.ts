import { Writable } from 'node:stream';
import { loadConfig } from '../src/config/config';
import { requestLogLevel } from '../src/common/logging/request-logging';
import { authOf, freshOpenid } from './support/api';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Issue 11, point 5: request logs cost what they are worth. At the default level a success is not
 * logged (it is at debug), a refusal is (info), a failure always (error) and so is a slow answer
 * (warn); each logged request is one short line without headers.
 */

interface Line {
  level: number;
  msg: string;
  req?: Record<string, unknown>;
  res?: { statusCode: number };
  responseTime?: number;
}

async function withLogs(env: Record<string, string>, work: (ctx: TestContext) => Promise<void>): Promise<Line[]> {
  const lines: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const ctx = await createTestContext({ env: { LOG_LEVEL: 'info', ...env }, logStream });
  try {
    await work(ctx);
  } finally {
    await ctx.close();
  }
  return lines
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line)
    .filter((line) => line.req);
}

describe('request logs at the default LOG_REQUESTS=errors', () => {
  it('leave out successes, log refusals at info, without headers or secrets', async () => {
    let token = '';
    const lines = await withLogs({}, async (ctx) => {
      const tokens = await ctx.login(freshOpenid('logs'));
      token = tokens.accessToken;
      expect((await ctx.http().get('/api/health')).status).toBe(200);
      expect((await ctx.http().get('/api/auth/me').set(authOf(tokens))).status).toBe(200);
      expect((await ctx.http().get('/api/auth/me')).status).toBe(401);
      expect((await ctx.http().get('/api/photos/1/file?variant=original&exp=1&sig=abc')).status).toBe(403);
    });
    expect(lines.map((line) => [line.level, line.msg.replace(/\d+ms$/, 'Nms')])).toEqual([
      [30, 'GET /api/auth/me 401 Nms'],
      [30, 'GET /api/photos/1/file?variant=original&exp=1&sig=[REDACTED] 403 Nms'],
    ]);
    expect(lines[0]).toMatchObject({
      req: { method: 'GET', url: '/api/auth/me', remoteAddress: expect.any(String) },
      res: { statusCode: 401 },
      responseTime: expect.any(Number),
    });
    expect(Object.keys(lines[0].req!).sort()).toEqual(['id', 'method', 'remoteAddress', 'url']);
    expect(JSON.stringify(lines)).not.toContain(token);
  });

  it('log every request that took LOG_SLOW_MS or longer, at warn', async () => {
    const lines = await withLogs({ LOG_SLOW_MS: '1' }, async (ctx) => {
      // The health check pings the database: never under a millisecond end to end.
      expect((await ctx.http().get('/api/health')).status).toBe(200);
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, res: { statusCode: 200 } });
    expect(lines[0].responseTime).toBeGreaterThanOrEqual(1);
  });
});

describe('request logs with LOG_REQUESTS=all', () => {
  it('log every request at info, one line each', async () => {
    const lines = await withLogs({ LOG_REQUESTS: 'all', LOG_SLOW_MS: '0' }, async (ctx) => {
      for (let i = 0; i < 3; i++) expect((await ctx.http().get('/api/health')).status).toBe(200);
    });
    expect(lines.map((line) => [line.level, line.req!.url, line.res!.statusCode])).toEqual([
      [30, '/api/health', 200],
      [30, '/api/health', 200],
      [30, '/api/health', 200],
    ]);
  });
});

describe('requestLogLevel', () => {
  const config = (env: Record<string, string> = {}) => loadConfig(env, { stdoutIsTty: false });

  it('puts failures at error, slow answers at warn, refusals at info and successes at debug', () => {
    const defaults = config();
    expect(requestLogLevel(defaults, 500, false, 3)).toBe('error');
    expect(requestLogLevel(defaults, 503, false, 6000)).toBe('error');
    expect(requestLogLevel(defaults, 200, true, 3)).toBe('error');
    expect(requestLogLevel(defaults, 200, false, 1000)).toBe('warn');
    expect(requestLogLevel(defaults, 429, false, 1500)).toBe('warn');
    expect(requestLogLevel(defaults, 404, false, 3)).toBe('info');
    expect(requestLogLevel(defaults, 200, false, 999)).toBe('debug');
    expect(requestLogLevel(defaults, 304, false, 3)).toBe('debug');
  });

  it('logs the sampled share of successes at info, and all of them with LOG_REQUESTS=all', () => {
    const sampled = config({ LOG_REQUEST_SAMPLE: '0.1' });
    expect(requestLogLevel(sampled, 200, false, 3, () => 0.05)).toBe('info');
    expect(requestLogLevel(sampled, 200, false, 3, () => 0.5)).toBe('debug');
    expect(requestLogLevel(config({ LOG_REQUESTS: 'all' }), 200, false, 3, () => 0.99)).toBe('info');
    expect(requestLogLevel(config({ LOG_SLOW_MS: '0' }), 200, false, 60_000)).toBe('debug');
  });
});
