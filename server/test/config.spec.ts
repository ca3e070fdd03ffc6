import { DEFAULT_TEMPLATE_CATALOG } from '../src/config/wechat-templates';
import {
  ConfigError,
  DEVELOPMENT_MP_AES_KEY,
  DEVELOPMENT_OA_AES_KEY,
  DEVELOPMENT_SERVICE_INFO,
  loadConfig,
} from '../src/config/config';
import { SANDBOX_DEFAULTS } from '../src/sandbox';

/** Configuration from the environment: defaults, and a clear stop on anything wrong (unit, no app). */

const SECRET = 'x'.repeat(32);
const PRODUCTION = {
  NODE_ENV: 'production',
  TOKEN_SECRET: SECRET,
  WECHAT_API_BASE: 'https://api.weixin.qq.com',
  WECHAT_OA_TOKEN: 'linliOaToken2026',
  WECHAT_OA_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  PUBLIC_BASE_URL: 'https://linli.example.com',
  WECHAT_MP_TOKEN: 'linliMpToken2026',
  WECHAT_MP_AES_KEY: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg',
};

/** The ConfigError `loadConfig` throws for this environment (fails the test if it does not throw one). */
function errorFor(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig defaults', () => {
  // An explicit empty environment: the worker's own process.env carries the test database URL.
  const config = loadConfig({});

  it('runs in development on port 3000 of this machine only, against the local linli database', () => {
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: 'mysql://root@127.0.0.1:3306/linli',
      databaseName: 'linli',
      accessTokenTtlSeconds: 7200,
      refreshTokenTtlDays: 30,
      h5DistDir: null,
      logLevel: 'info',
      demoLogin: 'local',
      seedDemoData: true,
      apiDocs: true,
    });
  });

  it('starts its own WeChat sandbox when WECHAT_API_BASE is unset, and talks to it', () => {
    expect(config.startSandbox).toBe(true);
    expect(config.sandboxPort).toBe(3100);
    expect(config.wechat).toEqual({
      apiBase: 'http://127.0.0.1:3100',
      appid: 'wx-linli-demo',
      secret: 'linli-demo-secret',
      officialAccount: {
        appid: 'wx-linli-oa-demo',
        secret: 'linli-oa-demo-secret',
        callbackToken: 'linliDevOaToken',
        aesKey: DEVELOPMENT_OA_AES_KEY,
        plaintext: 'allow',
      },
      miniProgramPush: { callbackToken: 'linliDevMpToken', aesKey: DEVELOPMENT_MP_AES_KEY, plaintext: 'allow' },
      miniprogramState: 'developer',
      templates: DEFAULT_TEMPLATE_CATALOG,
    });
    expect(config.outbox).toEqual({
      worker: true,
      pollMs: 1000,
      leaseMs: 30_000,
      maxAttempts: 8,
      backoffMs: 2000,
      batch: 50,
    });
  });

  it('reads template ids and key mappings from WECHAT_TEMPLATES', () => {
    const catalog = structuredClone(DEFAULT_TEMPLATE_CATALOG);
    catalog.subscribe.progress.id = 'Xy7-real-template-id';
    catalog.subscribe.progress.keys.status = 'phrase7';
    expect(loadConfig({ WECHAT_TEMPLATES: JSON.stringify(catalog) }).wechat.templates).toEqual(catalog);
  });

  it('takes a catalog without the house template (binding results then reach 消息 only)', () => {
    const catalog = structuredClone(DEFAULT_TEMPLATE_CATALOG);
    delete catalog.subscribe.binding;
    const templates = loadConfig({ WECHAT_TEMPLATES: JSON.stringify(catalog) }).wechat.templates;
    expect(templates).toEqual(catalog);
    expect(templates.subscribe.binding).toBeUndefined();
  });

  it.each([
    ['not JSON', '{', 'WECHAT_TEMPLATES: not valid JSON'],
    ['a missing slot', JSON.stringify({ subscribe: {}, officialAccount: {} }), 'WECHAT_TEMPLATES.subscribe.progress'],
    [
      'a field without a key',
      JSON.stringify({
        ...DEFAULT_TEMPLATE_CATALOG,
        officialAccount: {
          ...DEFAULT_TEMPLATE_CATALOG.officialAccount,
          task: { id: 't', title: '新工单', keys: { number: 'character_string1' } },
        },
      }),
      'must map every field: number, title, location, time',
    ],
    [
      'a key that is not a WeChat key',
      JSON.stringify({
        ...DEFAULT_TEMPLATE_CATALOG,
        officialAccount: {
          ...DEFAULT_TEMPLATE_CATALOG.officialAccount,
          alert: {
            id: 't',
            title: '提醒',
            keys: { number: 'code1', title: 'thing2', reason: 'thing3', time: 'time4' },
          },
        },
      }),
      'must be a WeChat key like thing2',
    ],
  ])('refuses WECHAT_TEMPLATES with %s, saying where', (_what, value, message) => {
    expect(errorFor({ WECHAT_TEMPLATES: value }).message).toContain(message);
  });

  it('makes up a long random token secret in development, a new one each start', () => {
    expect(config.tokenSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({}).tokenSecret).not.toBe(config.tokenSecret);
  });

  it('checks content in development against the sandbox, not in tests unless asked (suites share one database)', () => {
    expect(loadConfig({}).contentCheck).toEqual({
      enabled: true,
      recheck: true,
      recheckIntervalMs: 60_000,
      publicBaseUrl: 'http://127.0.0.1:3000',
    });
    expect(loadConfig({ NODE_ENV: 'test' }).contentCheck.enabled).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', CONTENT_CHECK: 'on' }).contentCheck.enabled).toBe(true);
    expect(loadConfig({}).wechat.miniProgramPush.aesKey).toBe(SANDBOX_DEFAULTS.miniProgram.encodingAesKey);
    expect(errorFor({ PUBLIC_BASE_URL: 'https://linli.example.com/app' }).message).toContain('PUBLIC_BASE_URL');
  });

  it('does not start the sandbox when WeChat is configured', () => {
    const configured = loadConfig({ WECHAT_API_BASE: 'http://127.0.0.1:4000' });
    expect(configured.startSandbox).toBe(false);
    expect(configured.wechat.apiBase).toBe('http://127.0.0.1:4000');
  });

  it('gives up on the database after 5 s at any step, with a pool of 20 and a queue of 500', () => {
    expect(config.database).toEqual({ timeoutMs: 5000, poolSize: 20, queueLimit: 500 });
    expect(
      loadConfig({ DATABASE_TIMEOUT_MS: '2000', DATABASE_POOL_SIZE: '50', DATABASE_QUEUE_LIMIT: '100' }).database,
    ).toEqual({ timeoutMs: 2000, poolSize: 50, queueLimit: 100 });
  });

  it('limits photos per user and day, decodes two at a time and cleans up abandoned ones hourly', () => {
    expect(config.photos).toEqual({
      storage: { kind: 'local' },
      dailyCount: 100,
      dailyBytes: 200 * 1024 * 1024,
      imageConcurrency: 2,
      cleanup: true,
      cleanupIntervalMs: 60 * 60 * 1000,
    });
    expect(
      loadConfig({ PHOTO_DAILY_COUNT: '20', PHOTO_DAILY_BYTES: String(50 * 1024 * 1024), PHOTO_CLEANUP: 'off' }).photos,
    ).toMatchObject({ dailyCount: 20, dailyBytes: 50 * 1024 * 1024, cleanup: false });
  });

  it('stores photos in an S3-compatible bucket with PHOTO_STORAGE=s3: Aliyun OSS, Tencent COS, MinIO', () => {
    const keys = { S3_ACCESS_KEY_ID: 'AKID', S3_SECRET_ACCESS_KEY: 'secret' };
    expect(
      loadConfig({
        ...PRODUCTION,
        ...keys,
        PHOTO_STORAGE: 's3',
        S3_ENDPOINT: 'https://s3.oss-cn-hangzhou.aliyuncs.com',
        S3_REGION: 'cn-hangzhou',
        S3_BUCKET: 'wuye-photos',
      }).photos.storage,
    ).toEqual({
      kind: 's3',
      endpoint: 'https://s3.oss-cn-hangzhou.aliyuncs.com',
      region: 'cn-hangzhou',
      bucket: 'wuye-photos',
      accessKeyId: 'AKID',
      secretAccessKey: 'secret',
      forcePathStyle: false,
    });
    expect(
      loadConfig({
        ...PRODUCTION,
        ...keys,
        PHOTO_STORAGE: 's3',
        S3_ENDPOINT: 'https://cos.ap-guangzhou.myqcloud.com',
        S3_REGION: 'ap-guangzhou',
        S3_BUCKET: 'wuye-1250000000',
      }).photos.storage,
    ).toMatchObject({ endpoint: 'https://cos.ap-guangzhou.myqcloud.com', bucket: 'wuye-1250000000' });
    // MinIO on one host in development: addressed by path, any region.
    expect(
      loadConfig({
        ...keys,
        PHOTO_STORAGE: 's3',
        S3_ENDPOINT: 'http://10.0.0.5:9000',
        S3_BUCKET: 'linli',
        S3_FORCE_PATH_STYLE: 'true',
      }).photos.storage,
    ).toMatchObject({ endpoint: 'http://10.0.0.5:9000', region: 'us-east-1', forcePathStyle: true });
    // AWS S3 itself: no endpoint.
    expect(loadConfig({ ...keys, PHOTO_STORAGE: 's3', S3_BUCKET: 'linli' }).photos.storage).toMatchObject({
      endpoint: null,
    });
  });

  it('refuses object storage without a bucket or keys, and production without a region, naming each', () => {
    const message = errorFor({ PHOTO_STORAGE: 's3', S3_ACCESS_KEY_ID: 'AKID' }).message;
    expect(message).toContain('S3_BUCKET: required with PHOTO_STORAGE=s3');
    expect(message).toContain('S3_SECRET_ACCESS_KEY: required with PHOTO_STORAGE=s3');
    expect(message).not.toContain('S3_ACCESS_KEY_ID');
    expect(message).not.toContain('S3_REGION');
    const production = errorFor({
      ...PRODUCTION,
      PHOTO_STORAGE: 's3',
      S3_BUCKET: 'linli',
      S3_ACCESS_KEY_ID: 'AKID',
      S3_SECRET_ACCESS_KEY: 'secret',
    }).message;
    expect(production).toBe(
      'Invalid configuration:\n  S3_REGION: required with PHOTO_STORAGE=s3 (docs/deployment.md#photo-storage)',
    );
    // Settings for a storage not chosen are not checked for completeness.
    expect(loadConfig({ S3_BUCKET: 'linli' }).photos.storage).toEqual({ kind: 'local' });
  });

  it('logs readable lines at a development terminal, JSON lines anywhere else, and only failed or slow requests', () => {
    const tty = { stdoutIsTty: true };
    const pipe = { stdoutIsTty: false };
    expect(loadConfig({}, tty).logging).toEqual({ format: 'pretty', requests: 'errors', slowMs: 1000, sampleRate: 0 });
    expect(loadConfig({}, pipe).logging.format).toBe('json');
    expect(loadConfig({ NODE_ENV: 'test' }, tty).logging.format).toBe('json');
    expect(loadConfig({ ...PRODUCTION }, tty).logging.format).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }, pipe).logging.format).toBe('pretty');
    expect(loadConfig({ LOG_FORMAT: 'json' }, tty).logging.format).toBe('json');
    expect(loadConfig({ LOG_REQUESTS: 'all', LOG_SLOW_MS: '250', LOG_REQUEST_SAMPLE: '0.01' }, pipe).logging).toEqual({
      format: 'json',
      requests: 'all',
      slowMs: 250,
      sampleRate: 0.01,
    });
  });

  it('refuses readable logs in production, where a collector reads them', () => {
    expect(errorFor({ ...PRODUCTION, LOG_FORMAT: 'pretty' }).message).toContain(
      'LOG_FORMAT: production logs JSON lines',
    );
  });

  it('keeps logs quiet in tests', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).logLevel).toBe('silent');
  });

  it('reads numbers and names from the environment', () => {
    const custom = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'mysql://linli:secret@db.internal:3307/linli_prod',
      ACCESS_TOKEN_TTL_SECONDS: '600',
      REFRESH_TOKEN_TTL_DAYS: '7',
      SANDBOX_PORT: '3999',
      WECHAT_APPID: 'wx-real',
      WECHAT_SECRET: 'real-secret',
      LOG_LEVEL: 'debug',
    });
    expect(custom).toMatchObject({
      port: 8080,
      databaseUrl: 'mysql://linli:secret@db.internal:3307/linli_prod',
      databaseName: 'linli_prod',
      accessTokenTtlSeconds: 600,
      refreshTokenTtlDays: 7,
      sandboxPort: 3999,
      logLevel: 'debug',
      wechat: { apiBase: 'http://127.0.0.1:3999', appid: 'wx-real', secret: 'real-secret' },
    });
  });
});

describe('loadConfig in production', () => {
  it('accepts a complete production environment, without sandbox, demo or docs, on every interface', () => {
    const config = loadConfig(PRODUCTION);
    expect(config).toMatchObject({
      env: 'production',
      host: '0.0.0.0',
      startSandbox: false,
      demoLogin: 'off',
      seedDemoData: false,
      apiDocs: false,
      corsOrigins: [],
      tokenSecret: SECRET,
      wechat: { apiBase: 'https://api.weixin.qq.com' },
    });
  });

  it('checks content by default, with photos fetched from the public https origin', () => {
    expect(loadConfig(PRODUCTION).contentCheck).toEqual({
      enabled: true,
      recheck: true,
      recheckIntervalMs: 60_000,
      publicBaseUrl: 'https://linli.example.com',
    });
    expect(loadConfig(PRODUCTION).wechat.miniProgramPush).toEqual({
      callbackToken: 'linliMpToken2026',
      aesKey: PRODUCTION.WECHAT_MP_AES_KEY,
      plaintext: 'deny',
    });
  });

  it.each([
    [{ PUBLIC_BASE_URL: undefined }, 'PUBLIC_BASE_URL'],
    [{ PUBLIC_BASE_URL: 'http://linli.example.com' }, 'PUBLIC_BASE_URL'],
    [{ PUBLIC_BASE_URL: 'https://127.0.0.1' }, 'PUBLIC_BASE_URL'],
    [{ WECHAT_MP_TOKEN: undefined }, 'WECHAT_MP_TOKEN'],
    [{ WECHAT_MP_AES_KEY: undefined }, 'WECHAT_MP_AES_KEY'],
  ])('refuses content checks WeChat could not complete (%j), naming %s', (change, name) => {
    expect(errorFor({ ...PRODUCTION, ...change }).message).toContain(name);
  });

  it('starts without those when content checks are switched off', () => {
    const config = loadConfig({
      ...PRODUCTION,
      CONTENT_CHECK: 'off',
      PUBLIC_BASE_URL: undefined,
      WECHAT_MP_TOKEN: undefined,
      WECHAT_MP_AES_KEY: undefined,
    });
    expect(config.contentCheck.enabled).toBe(false);
  });

  it('opens subscribe messages in the released mini-program', () => {
    expect(loadConfig(PRODUCTION).wechat.miniprogramState).toBe('formal');
  });

  it('refuses to start without the official account’s server token, naming it', () => {
    expect(errorFor({ ...PRODUCTION, WECHAT_OA_TOKEN: undefined }).message).toContain('WECHAT_OA_TOKEN');
  });

  it('refuses plaintext official-account pushes: no start without an EncodingAESKey unless plaintext is allowed', () => {
    expect(loadConfig(PRODUCTION).wechat.officialAccount).toMatchObject({
      aesKey: PRODUCTION.WECHAT_OA_AES_KEY,
      plaintext: 'deny',
    });
    expect(errorFor({ ...PRODUCTION, WECHAT_OA_AES_KEY: undefined }).message).toContain('WECHAT_OA_AES_KEY');
    const allowed = loadConfig({ ...PRODUCTION, WECHAT_OA_AES_KEY: undefined, WECHAT_OA_PLAINTEXT: 'allow' });
    expect(allowed.wechat.officialAccount).toMatchObject({ aesKey: null, plaintext: 'allow' });
  });

  it('speaks safe mode in development with the public development key, plaintext still accepted', () => {
    expect(loadConfig({}).wechat.officialAccount).toMatchObject({
      aesKey: DEVELOPMENT_OA_AES_KEY,
      plaintext: 'allow',
    });
    // The sandbox encrypts with its own default: the two must agree, or `npm start` links nobody.
    expect(SANDBOX_DEFAULTS.officialAccount.encodingAesKey).toBe(DEVELOPMENT_OA_AES_KEY);
  });

  it('refuses to start without TOKEN_SECRET, naming it', () => {
    const error = errorFor({ ...PRODUCTION, TOKEN_SECRET: undefined });
    expect(error.message).toContain('TOKEN_SECRET');
  });

  it.each([
    'http://127.0.0.1:3100',
    'http://localhost:3100',
    'http://127.1.2.3',
    'http://[::1]:3100',
    'http://0.0.0.0:3100',
  ])('refuses WECHAT_API_BASE=%s (the sandbox), naming the variable', (base) => {
    const error = errorFor({ ...PRODUCTION, WECHAT_API_BASE: base });
    expect(error.message).toContain('WECHAT_API_BASE');
  });

  // Each spelling reaches the sandbox on this machine; a text comparison let the first one through.
  it.each([
    'https://[::ffff:127.0.0.1]',
    'https://[::ffff:7f00:1]',
    'https://[::1]',
    'https://[0:0:0:0:0:0:0:1]',
    'https://[::127.0.0.1]',
    'https://[::]',
    'https://0x7f.1',
    'https://2130706433',
    'https://0177.0.0.1',
    'https://127.1',
    'https://0',
    'https://localhost.',
    'https://LOCALHOST',
    'https://sandbox.localhost',
    'https://[::ffff:0.0.0.0]',
  ])('refuses WECHAT_API_BASE=%s (this machine, however spelled)', (base) => {
    expect(errorFor({ ...PRODUCTION, WECHAT_API_BASE: base }).message).toContain('WECHAT_API_BASE');
  });

  it('refuses WeChat over plain http, naming WECHAT_API_BASE', () => {
    expect(errorFor({ ...PRODUCTION, WECHAT_API_BASE: 'http://api.weixin.qq.com' }).message).toContain(
      'WECHAT_API_BASE',
    );
  });

  it('accepts WeChat itself and a proxy of it on another host', () => {
    expect(loadConfig({ ...PRODUCTION, WECHAT_API_BASE: 'https://wx-proxy.internal.example.com' }).wechat.apiBase).toBe(
      'https://wx-proxy.internal.example.com',
    );
  });

  it('refuses to start without WECHAT_API_BASE', () => {
    expect(errorFor({ ...PRODUCTION, WECHAT_API_BASE: undefined }).message).toContain('WECHAT_API_BASE');
  });

  it.each([
    [{ SEED_DEMO_DATA: 'true' }, 'SEED_DEMO_DATA'],
    [{ DEMO_LOGIN: 'on' }, 'DEMO_LOGIN'],
    [{ DEMO_LOGIN: 'local' }, 'DEMO_LOGIN'],
    [{ DEMO_LOGIN: 'on', ALLOW_DEMO_IN_PRODUCTION: 'no' }, 'DEMO_LOGIN'],
  ])('refuses the demo in production without ALLOW_DEMO_IN_PRODUCTION=yes (%j), naming both', (env, name) => {
    const message = errorFor({ ...PRODUCTION, ...env }).message;
    expect(message).toContain(name);
    expect(message).toContain('ALLOW_DEMO_IN_PRODUCTION=yes');
  });

  it('names both demo switches at once', () => {
    const message = errorFor({ ...PRODUCTION, SEED_DEMO_DATA: 'true', DEMO_LOGIN: 'on' }).message;
    expect(message).toContain('SEED_DEMO_DATA');
    expect(message).toContain('DEMO_LOGIN');
  });

  it('runs a showcase with demo data and an open demo login when explicitly allowed', () => {
    const config = loadConfig({
      ...PRODUCTION,
      SEED_DEMO_DATA: 'true',
      DEMO_LOGIN: 'on',
      ALLOW_DEMO_IN_PRODUCTION: 'yes',
    });
    expect(config).toMatchObject({ seedDemoData: true, demoLogin: 'anyone' });
  });

  it('shows the API documents in production only when API_DOCS=on', () => {
    expect(loadConfig({ ...PRODUCTION, API_DOCS: 'on' }).apiDocs).toBe(true);
  });

  it('listens where HOST says', () => {
    expect(loadConfig({ ...PRODUCTION, HOST: '10.0.0.5' }).host).toBe('10.0.0.5');
  });
});

describe('loadConfig: the service info a guest sees (SERVICE_HOTLINE, COMPANY_NAME)', () => {
  it('shows the demo estate with a hotline that dials nobody outside production', () => {
    expect(loadConfig({}).serviceInfo).toEqual(DEVELOPMENT_SERVICE_INFO);
    expect(DEVELOPMENT_SERVICE_INFO.hotline).toMatch(/^0\d{2,3}-0/);
  });

  it('shows no made-up number in production until it is set', () => {
    expect(loadConfig(PRODUCTION).serviceInfo).toEqual({ hotline: null, companyName: null });
    expect(
      loadConfig({ ...PRODUCTION, SERVICE_HOTLINE: '0571 8888 6666', COMPANY_NAME: ' 绿城物业 ' }).serviceInfo,
    ).toEqual({ hotline: '0571 8888 6666', companyName: '绿城物业' });
  });

  it('takes landlines, 400 numbers, mobiles and an international prefix', () => {
    for (const hotline of ['0571-88886666', '400-820-8820', '13800000000', '+86 571 8888 6666', '95588']) {
      expect(loadConfig({ SERVICE_HOTLINE: hotline }).serviceInfo.hotline).toBe(hotline);
    }
  });
});

describe('loadConfig: demo login, docs and origins outside production', () => {
  it('answers the demo login to this machine only by default, to anyone with DEMO_LOGIN=on, never with off', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).demoLogin).toBe('local');
    expect(loadConfig({ DEMO_LOGIN: 'on' }).demoLogin).toBe('anyone');
    expect(loadConfig({ DEMO_LOGIN: 'off' }).demoLogin).toBe('off');
  });

  it('skips the demo data with SEED_DEMO_DATA=false and hides the docs with API_DOCS=off', () => {
    expect(loadConfig({ SEED_DEMO_DATA: 'false', API_DOCS: 'off' })).toMatchObject({
      seedDemoData: false,
      apiDocs: false,
    });
  });

  it("lets browsers on the server's own origins read answers by default", () => {
    expect(loadConfig({ PORT: '8080' }).corsOrigins).toEqual(['http://localhost:8080', 'http://127.0.0.1:8080']);
  });

  it('reads CORS_ORIGINS as a comma list of origins', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://wy.example.com, https://admin.example.com:8443/' }).corsOrigins).toEqual(
      ['https://wy.example.com', 'https://admin.example.com:8443'],
    );
  });

  it.each(['*', 'wy.example.com', 'https://wy.example.com/app', 'ftp://wy.example.com', 'https://a.com?x=1'])(
    'refuses CORS_ORIGINS=%s, naming it',
    (value) => {
      expect(errorFor({ CORS_ORIGINS: value }).message).toContain('CORS_ORIGINS');
    },
  );
});

describe('loadConfig refuses bad values, naming the variable', () => {
  it.each([
    ['DATABASE_URL', 'postgres://root@127.0.0.1/linli'],
    ['DATABASE_URL', 'mysql://root@127.0.0.1:3306'],
    ['DATABASE_URL', 'mysql://root@127.0.0.1:3306/linli-db'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_TIMEOUT_MS', '100'],
    ['DATABASE_TIMEOUT_MS', 'soon'],
    ['DATABASE_POOL_SIZE', '0'],
    ['DATABASE_QUEUE_LIMIT', '-5'],
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['SANDBOX_PORT', 'x'],
    ['NODE_ENV', 'staging'],
    ['WECHAT_API_BASE', 'api.weixin.qq.com'],
    ['TOKEN_SECRET', 'too-short'],
    ['ACCESS_TOKEN_TTL_SECONDS', '10'],
    ['REFRESH_TOKEN_TTL_DAYS', '0'],
    ['LOG_LEVEL', 'loud'],
    ['WECHAT_OA_TOKEN', 'has-dashes'],
    ['WECHAT_OA_AES_KEY', 'too-short'],
    ['WECHAT_OA_AES_KEY', 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEF+'],
    ['WECHAT_OA_PLAINTEXT', 'yes'],
    ['WECHAT_MINIPROGRAM_STATE', 'beta'],
    ['OUTBOX_WORKER', 'yes'],
    ['OUTBOX_POLL_MS', '0'],
    ['OUTBOX_LEASE_MS', '10'],
    ['OUTBOX_MAX_ATTEMPTS', '0'],
    ['DEMO_LOGIN', 'yes'],
    ['SEED_DEMO_DATA', '1'],
    ['API_DOCS', 'true'],
    ['ALLOW_DEMO_IN_PRODUCTION', 'true'],
    ['PHOTO_DAILY_COUNT', '0'],
    ['PHOTO_DAILY_BYTES', '1000'],
    ['PHOTO_IMAGE_CONCURRENCY', '0'],
    ['PHOTO_CLEANUP', 'yes'],
    ['PHOTO_CLEANUP_MS', '10'],
    ['PHOTO_STORAGE', 'oss'],
    ['S3_ENDPOINT', 'oss-cn-hangzhou.aliyuncs.com'],
    ['S3_ENDPOINT', 'ftp://minio:9000'],
    ['S3_BUCKET', 'Photos_Bucket'],
    ['S3_REGION', 'CN Hangzhou'],
    ['S3_FORCE_PATH_STYLE', 'yes'],
    ['LOG_FORMAT', 'text'],
    ['LOG_REQUESTS', 'none'],
    ['LOG_SLOW_MS', '-1'],
    ['LOG_REQUEST_SAMPLE', '2'],
    ['SERVICE_HOTLINE', '请拨打客服'],
    ['SERVICE_HOTLINE', 'tel:4008208820'],
    ['SERVICE_HOTLINE', '12'],
    ['COMPANY_NAME', '物'.repeat(41)],
  ])('%s=%s', (name, value) => {
    const error = errorFor({ [name]: value });
    expect(error.message).toMatch(/^Invalid configuration:/);
    expect(error.message).toContain(name);
  });

  // `PORT=` in an env file or a compose file means "not set"; it must not silently become port 0 (a random port).
  it.each(['PORT', 'SANDBOX_PORT'])(
    'does not turn an empty %s into port 0: the default, or a refusal naming it',
    (name) => {
      const defaults = loadConfig({});
      let config: ReturnType<typeof loadConfig>;
      try {
        config = loadConfig({ [name]: '' });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as Error).message).toContain(name);
        return;
      }
      expect({ port: config.port, sandboxPort: config.sandboxPort, apiBase: config.wechat.apiBase }).toEqual({
        port: defaults.port,
        sandboxPort: defaults.sandboxPort,
        apiBase: defaults.wechat.apiBase,
      });
    },
  );

  it('names every bad variable at once', () => {
    const error = errorFor({ PORT: 'abc', DATABASE_URL: 'nope' });
    expect(error.message).toContain('PORT');
    expect(error.message).toContain('DATABASE_URL');
  });
});
