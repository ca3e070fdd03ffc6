import { DEVELOPMENT_SERVICE_INFO } from '../src/config/config';
import { expectApiError } from './support/api';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * `GET /api/public/service-info`: what the mini-app's guest home shows before any login (WeChat's
 * 帐号登录规范), read from the configuration, open to anyone, and limited per address.
 */
describe('GET /api/public/service-info', () => {
  describe('with the development defaults', () => {
    let ctx: TestContext;
    beforeAll(async () => {
      ctx = await createTestContext();
    });
    afterAll(() => ctx.close());

    it('answers a caller without a token with the demo hotline, which dials nobody', async () => {
      const res = await ctx.http().get('/api/public/service-info');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ hotline: '0571-00000000', companyName: '阳光物业服务有限公司' });
      expect(res.body).toEqual(DEVELOPMENT_SERVICE_INFO);
    });
  });

  describe('configured, with a tight limit', () => {
    let ctx: TestContext;
    beforeAll(async () => {
      ctx = await createTestContext({
        env: {
          SERVICE_HOTLINE: ' 400-820-8820 ',
          COMPANY_NAME: '绿城物业服务集团',
          RATE_LIMIT_FACTOR: '1',
          RATE_LIMITS: JSON.stringify({ public_info: { perIp: { limit: 3, windowSeconds: 60 } } }),
        },
      });
    });
    afterAll(() => ctx.close());

    it('answers what SERVICE_HOTLINE and COMPANY_NAME say, trimmed', async () => {
      const res = await ctx.http().get('/api/public/service-info').set('x-forwarded-for', '203.0.113.20');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ hotline: '400-820-8820', companyName: '绿城物业服务集团' });
    });

    it('refuses a flood from one address with 429 and Retry-After, and not another address', async () => {
      const ip = '203.0.113.21';
      const statuses: number[] = [];
      let limited: import('supertest').Response | undefined;
      for (let i = 0; i < 5; i++) {
        const res = await ctx.http().get('/api/public/service-info').set('x-forwarded-for', ip);
        statuses.push(res.status);
        if (res.status === 429) limited ??= res;
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expectApiError(limited!, 429, 'TOO_MANY_REQUESTS', /操作太频繁，请 \d+ 秒后再试/);
      expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
      const other = await ctx.http().get('/api/public/service-info').set('x-forwarded-for', '203.0.113.22');
      expect(other.status).toBe(200);
    });
  });
});
