import { ACTION_PAYLOADS, LIFECYCLE_ACTIONS } from '@linli/shared';
import { expectApiError } from './support/api';
import { createTestContext, type TestContext } from './support/test-app';

/** The generated OpenAPI document, the docs page, the health check and the answer to unknown routes. */

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function bodySchema(document: Json, path: string, method = 'post'): Json {
  return document.paths[path][method].requestBody.content['application/json'].schema as Json;
}

describe('GET /api/docs-json', () => {
  let document: Json;
  beforeAll(async () => {
    const res = await ctx.http().get('/api/docs-json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    document = res.body as Json;
  });

  it('is an OpenAPI 3 document of the Linli API', () => {
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info).toMatchObject({ title: 'Linli 邻里 API', version: expect.any(String) });
    expect(document.components.securitySchemes).toHaveProperty('bearer');
  });

  it('lists the endpoints of the contract', () => {
    const paths = Object.keys(document.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/auth/wechat',
        '/api/auth/refresh',
        '/api/auth/me',
        '/api/projects',
        '/api/projects/{id}/buildings',
        '/api/buildings/{id}/units',
        '/api/units/{id}/rooms',
        '/api/house-bindings',
        '/api/house-bindings/mine',
        '/api/house-bindings/{id}/approve',
        '/api/house-bindings/{id}/reject',
        '/api/house-bindings/{id}/correct',
        '/api/house-bindings/{id}/withdraw',
        '/api/me/phone',
        '/api/categories',
        '/api/requests',
        '/api/requests/mine',
        '/api/requests/{id}',
        '/api/health',
      ]),
    );
    expect(document.paths['/api/house-bindings']).toHaveProperty('post');
    expect(document.paths['/api/house-bindings']).toHaveProperty('get');
    expect(document.paths['/api/requests']).toHaveProperty('post');
  });

  it('documents the complaint body with the same limits the server enforces', () => {
    const union = bodySchema(document, '/api/requests') as unknown as { oneOf?: Json[]; anyOf?: Json[] };
    const variants = union.oneOf ?? union.anyOf ?? [];
    expect(variants.map((variant) => variant.properties.kind.enum?.[0] ?? variant.properties.kind.const)).toEqual([
      'complaint',
      'repair',
      'suggestion',
    ]);
    const schema = variants[0];
    expect(schema.type).toBe('object');
    expect(schema.properties.content).toMatchObject({ type: 'string', minLength: 5, maxLength: 500 });
    expect(schema.properties.kind.enum).toEqual(['complaint']);
    expect(schema.required).toEqual(
      expect.arrayContaining(['kind', 'houseBindingId', 'categoryId', 'content', 'contactName', 'contactPhone']),
    );
    expect(schema.required).not.toContain('occurredAt');
  });

  it('documents the login and binding bodies', () => {
    expect(bodySchema(document, '/api/auth/wechat').properties.code).toMatchObject({ type: 'string', maxLength: 128 });
    expect(bodySchema(document, '/api/auth/wechat').required).toEqual(['code']);
    expect(bodySchema(document, '/api/house-bindings').required).toEqual(
      expect.arrayContaining(['roomId', 'name', 'phone']),
    );
    expect(bodySchema(document, '/api/house-bindings/{id}/reject').properties.reason).toMatchObject({
      minLength: 2,
      maxLength: 200,
    });
  });

  it('marks login as public and the rest as needing a bearer token', () => {
    expect(document.paths['/api/auth/wechat'].post.security).toBeUndefined();
    expect(document.paths['/api/requests'].post.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/api/auth/me'].get.security).toEqual([{ bearer: [] }]);
  });

  describe('the lifecycle actions', () => {
    // From the shared lifecycle table, not from the document or the server's own list.
    const actions = LIFECYCLE_ACTIONS.filter((action) => action !== 'create');
    const pathOf = (action: string) => `/api/requests/{id}/actions/${action}`;

    it('are one documented operation each: exactly the actions of the lifecycle, each with its body schema', () => {
      const documented = Object.keys(document.paths).filter((path) => path.startsWith('/api/requests/{id}/actions/'));
      expect(actions.length).toBeGreaterThanOrEqual(29);
      expect([...actions].sort()).toEqual(Object.keys(ACTION_PAYLOADS).sort());
      expect(documented.sort()).toEqual(actions.map(pathOf).sort());
    });

    it('have operation ids a client generator can use, unique across the document', () => {
      const ids = Object.values(document.paths).flatMap((item) =>
        Object.values(item as Json).map((operation) => (operation as Json).operationId as string),
      );
      expect(new Set(ids).size).toBe(ids.length);
      expect(document.paths[pathOf('accept')].post.operationId).toMatch(/accept$/);
    });

    it.each(actions)(
      '%s: documents its own body with the fields and required fields of its shared schema',
      (action) => {
        const operation = document.paths[pathOf(action)].post as Json;
        const schema = operation.requestBody.content['application/json'].schema as Json;
        const shape = ACTION_PAYLOADS[action].shape as Record<
          string,
          { safeParse(value: unknown): { success: boolean } }
        >;
        const required = Object.keys(shape).filter((field) => !shape[field].safeParse(undefined).success);
        expect(schema.type).toBe('object');
        expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(shape).sort());
        expect([...((schema.required as string[]) ?? [])].sort()).toEqual(required.sort());
        // An action without required fields may be sent with no body at all.
        expect(operation.requestBody.required).toBe(required.length > 0);
        expect((operation.parameters as Json[]).map((parameter) => `${parameter.in}:${parameter.name}`)).toContain(
          'path:id',
        );
        expect((operation.parameters as Json[]).some((parameter) => parameter.name === 'action')).toBe(false);
        expect(operation.security).toEqual([{ bearer: [] }]);
      },
    );

    it('carry the limits the server enforces, e.g. a rating and a transfer', () => {
      const body = (action: string) =>
        document.paths[pathOf(action)].post.requestBody.content['application/json'].schema as Json;
      expect(body('rate').properties.satisfaction.enum).toEqual(['satisfied', 'basically_satisfied']);
      expect(body('rate').properties.speed).toMatchObject({ type: 'integer', minimum: 1, maximum: 5 });
      expect(body('transfer').required).toEqual(expect.arrayContaining(['departmentId', 'note']));
      expect(body('transfer').properties.note).toMatchObject({ minLength: 2, maxLength: 500 });
      expect(body('quote_fee').properties.items).toMatchObject({ type: 'array', minItems: 1, maxItems: 20 });
    });

    it('are all served by the one route (documented paths answer, not 404)', async () => {
      for (const action of ['accept', 'rate', 'note']) {
        expectApiError(await ctx.http().post(`/api/requests/1/actions/${action}`).send({}), 401, 'UNAUTHENTICATED');
      }
    });
  });

  it('documents the pagination and filter parameters of the lists', () => {
    const names = (path: string) => (document.paths[path].get.parameters as Json[]).map((parameter) => parameter.name);
    expect(names('/api/requests/mine')).toEqual(expect.arrayContaining(['page', 'pageSize']));
    expect(names('/api/house-bindings')).toEqual(expect.arrayContaining(['status', 'page', 'pageSize']));
    expect(names('/api/categories')).toEqual(['kind']);
  });
});

describe('GET /api/docs', () => {
  it('answers the Swagger UI page', async () => {
    const res = await ctx.http().get('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toMatch(/swagger/i);
  });
});

describe('GET /api/health', () => {
  it('answers 200 with the database up, without a token', async () => {
    const res = await ctx.http().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });
});

describe('unknown routes', () => {
  it.each([
    ['GET', '/api/nope'],
    ['POST', '/api/nope'],
    ['GET', '/api/requests/1/nope'],
    ['DELETE', '/api/requests'],
    ['GET', '/nope'],
  ])('%s %s → 404 in the error shape', async (method, url) => {
    const req =
      method === 'GET'
        ? ctx.http().get(url)
        : method === 'POST'
          ? ctx.http().post(url).send({})
          : ctx.http().delete(url);
    expectApiError(await req, 404, 'NOT_FOUND', '请求的地址不存在');
  });
});
