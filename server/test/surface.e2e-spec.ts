import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { expectApiError } from './support/api';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Finding 11: what the HTTP surface shows a stranger. Security headers on the API, the h5 app
 * and errors alike; CORS only for listed origins; the API documents off in production.
 */

const EVIL = 'https://evil.example.com';
const SIZING_SCRIPT = '!function(n){n.document.documentElement.style.fontSize="20px"}(window);';

/** A stand-in for the built h5 app: its index.html carries one inline script, as Taro's does. */
function fakeH5(): string {
  const dir = join(tmpdir(), `linli-h5-${randomBytes(6).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html><head><script>${SIZING_SCRIPT}</script><script defer src="/js/app.js"></script></head><body><div id="app"></div></body></html>`,
  );
  return dir;
}

function directives(res: Response): Map<string, string[]> {
  const header = String(res.headers['content-security-policy'] ?? '');
  return new Map(
    header
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name, values]),
  );
}

function expectSecurityHeaders(res: Response): void {
  expect(res.headers).toMatchObject({
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'SAMEORIGIN',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  });
  const csp = directives(res);
  expect(csp.get('default-src')).toEqual(["'self'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
  expect(csp.get('script-src')).not.toContain("'unsafe-eval'");
}

describe('security headers (development defaults)', () => {
  let ctx: TestContext;
  let h5: string;
  beforeAll(async () => {
    h5 = fakeH5();
    ctx = await createTestContext({ env: { H5_DIST_DIR: h5 } });
  });
  afterAll(async () => {
    await ctx.close();
    rmSync(h5, { recursive: true, force: true });
  });

  it.each([
    ['an API answer', '/api/health', 200],
    ['an error', '/api/requests/mine', 401],
    ['an unknown route', '/api/nope', 404],
    ['the h5 app', '/', 200],
  ])('are on %s', async (_what, url, status) => {
    const res = await ctx.http().get(url);
    expect(res.status).toBe(status);
    expectSecurityHeaders(res);
  });

  it("allows exactly the h5 app's inline script (by hash), photos and previews", async () => {
    const res = await ctx.http().get('/');
    expect(res.text).toContain(SIZING_SCRIPT);
    const csp = directives(res);
    const hash = createHash('sha256').update(SIZING_SCRIPT).digest('base64');
    expect(csp.get('script-src')).toEqual(["'self'", `'sha256-${hash}'`]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(csp.get('connect-src')).toEqual(["'self'", 'blob:']);
  });

  it('does not send HSTS or upgrade requests over the plain http of development', async () => {
    const res = await ctx.http().get('/api/health');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(directives(res).has('upgrade-insecure-requests')).toBe(false);
  });
});

describe('CORS', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ env: { CORS_ORIGINS: 'https://wy.example.com' } });
  });
  afterAll(() => ctx.close());

  it('lets a listed origin read answers', async () => {
    const res = await ctx.http().get('/api/health').set('Origin', 'https://wy.example.com');
    expect(res.headers['access-control-allow-origin']).toBe('https://wy.example.com');
    expect(String(res.headers.vary)).toMatch(/origin/i);
  });

  it('gives any other origin no Access-Control-Allow-Origin (it used to be reflected)', async () => {
    for (const origin of [EVIL, 'https://wy.example.com.evil.example.com', 'null']) {
      const res = await ctx.http().get('/api/health').set('Origin', origin);
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('does not approve a preflight from another origin', async () => {
    const res = await ctx
      .http()
      .options('/api/requests')
      .set('Origin', EVIL)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('leaves requests without Origin (the weapp, curl) alone', async () => {
    const res = await ctx.http().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe("CORS by default: the server's own origins", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ env: { PORT: '3000' } });
  });
  afterAll(() => ctx.close());

  it.each(['http://localhost:3000', 'http://127.0.0.1:3000'])('allows %s', async (origin) => {
    const res = await ctx.http().get('/api/health').set('Origin', origin);
    expect(res.headers['access-control-allow-origin']).toBe(origin);
  });

  it.each([EVIL, 'http://localhost:3001', 'http://192.168.1.20:3000'])('does not allow %s', async (origin) => {
    const res = await ctx.http().get('/api/health').set('Origin', origin);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('in production', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({
      env: {
        NODE_ENV: 'production',
        WECHAT_API_BASE: 'https://api.weixin.qq.com',
        WECHAT_OA_TOKEN: 'linliOaToken2026',
        WECHAT_OA_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
        PUBLIC_BASE_URL: 'https://linli.example.com',
        WECHAT_MP_TOKEN: 'linliMpToken2026',
        WECHAT_MP_AES_KEY: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg',
        // Nothing here may reach the real WeChat.
        OUTBOX_WORKER: 'off',
        LOG_LEVEL: 'silent',
      },
    });
  });
  afterAll(() => ctx.close());

  it.each(['/api/docs', '/api/docs-json'])('has no %s (Swagger was public)', async (url) => {
    expectApiError(await ctx.http().get(url), 404, 'NOT_FOUND');
  });

  it('has no demo login', async () => {
    expectApiError(await ctx.http().post('/api/dev/login-code').send({ openid: 'demo-manager-1' }), 404, 'NOT_FOUND');
  });

  it('sends HSTS and upgrades insecure requests', async () => {
    const res = await ctx.http().get('/api/health');
    expectSecurityHeaders(res);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
    expect(directives(res).has('upgrade-insecure-requests')).toBe(true);
  });

  it('gives a browser origin no CORS answer unless CORS_ORIGINS lists it', async () => {
    const res = await ctx.http().get('/api/health').set('Origin', 'http://localhost:3000');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('API_DOCS', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ env: { API_DOCS: 'off' } });
  });
  afterAll(() => ctx.close());

  it('off hides the documents outside production too', async () => {
    expectApiError(await ctx.http().get('/api/docs-json'), 404, 'NOT_FOUND');
  });
});
