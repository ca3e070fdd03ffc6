import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { parseApproverRules } from './approver-rules';
import { isLocalHost } from '../common/net/loopback';
import { ENCODING_AES_KEY_PATTERN } from '../modules/wechat/push-crypto';
import { parseRatePolicies, type RatePolicies } from '../common/rate-limit/rate-limit-policies';
import { parseTemplateCatalog, type TemplateCatalog } from './wechat-templates';
import type { ApproverRules, ServiceInfo } from '@linli/shared';
import type { DatabaseLimits } from '../database/data-source';

/**
 * Configuration comes from the environment only, validated once at start so a typo stops
 * the process with a clear message instead of failing later on the first request.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Unset: 127.0.0.1 in development and tests (nobody else on the network), 0.0.0.0 in production. */
  HOST: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .default('mysql://root@127.0.0.1:3306/linli')
    .refine((value) => /^mysql:\/\/[^/]+\/[A-Za-z0-9_]+$/.test(value), {
      message: 'must look like mysql://user:password@host:port/database',
    }),
  /** How long any one wait on the database may last (connect, pool, query) before a 503. */
  DATABASE_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(5000),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  /** Requests waiting for a pooled connection beyond this many get a 503 at once. */
  DATABASE_QUEUE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(500),
  WECHAT_API_BASE: z.url().optional(),
  WECHAT_APPID: z.string().min(1).default('wx-linli-demo'),
  WECHAT_SECRET: z.string().min(1).default('linli-demo-secret'),
  WECHAT_OA_APPID: z.string().min(1).default('wx-linli-oa-demo'),
  WECHAT_OA_SECRET: z.string().min(1).default('linli-oa-demo-secret'),
  /** The token set in the official account's server configuration; signs its event pushes. */
  WECHAT_OA_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9]{3,32}$/, 'must be 3–32 letters or digits (WeChat’s rule)')
    .optional(),
  /** The official account's EncodingAESKey (安全模式): decrypts its pushes, encrypts our replies. */
  WECHAT_OA_AES_KEY: z
    .string()
    .regex(ENCODING_AES_KEY_PATTERN, 'must be the 43 letters or digits of the EncodingAESKey')
    .optional(),
  /** `allow`: plaintext-mode pushes (明文模式) are accepted too; production defaults to `deny`. */
  WECHAT_OA_PLAINTEXT: z.enum(['allow', 'deny']).optional(),
  /** The token of the mini-program's message push (消息推送), which brings photo check results. */
  WECHAT_MP_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9]{3,32}$/, 'must be 3–32 letters or digits (WeChat’s rule)')
    .optional(),
  /** The mini-program's message-push EncodingAESKey (安全模式). */
  WECHAT_MP_AES_KEY: z
    .string()
    .regex(ENCODING_AES_KEY_PATTERN, 'must be the 43 letters or digits of the EncodingAESKey')
    .optional(),
  /** msgSecCheck on residents' and staff's text, mediaCheckAsync on photos: on by default except in tests. */
  CONTENT_CHECK: z.enum(['on', 'off']).optional(),
  /** Text stored while WeChat could not check it is checked again by this job. */
  CONTENT_RECHECK: z.enum(['on', 'off']).default('on'),
  CONTENT_RECHECK_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
  /** Where WeChat reaches this server from the internet, e.g. https://linli.example.com (photo checks fetch from it). */
  PUBLIC_BASE_URL: z
    .url()
    .refine((value) => /^https?:\/\/[^/]+\/?$/.test(value), {
      message: 'must be an origin such as https://linli.example.com',
    })
    .optional(),
  /** Which mini-program version subscribe messages open: developer, trial or formal. */
  WECHAT_MINIPROGRAM_STATE: z.enum(['developer', 'trial', 'formal']).optional(),
  WECHAT_TEMPLATES: z.string().optional(),
  OUTBOX_WORKER: z.enum(['on', 'off']).default('on'),
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  OUTBOX_LEASE_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  OUTBOX_BACKOFF_MS: z.coerce.number().int().min(10).max(600_000).default(2000),
  OUTBOX_BATCH: z.coerce.number().int().min(1).max(500).default(50),
  /** JSON: who approves which type, e.g. {"byType":{"fee_waiver":"supervisor"},"longExtensionDays":10}. */
  APPROVER_RULES: z.string().optional(),
  ESCALATION_SWEEP: z.enum(['on', 'off']).default('on'),
  GROUP_DETECTION: z.enum(['on', 'off']).default('on'),
  /** How often each instance looks whether another changed the set-up it caches; 0 = never. */
  REFERENCE_CHECK_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
  ESCALATION_SWEEP_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(2 * 60 * 60),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).default(30),
  /** Where the built h5 app is served from; empty disables serving it. */
  H5_DIST_DIR: z.string().optional(),
  /** Where the local-disk photo storage writes, and where uploads wait while checked (any storage). */
  STORAGE_DIR: z.string().optional(),
  /** `s3`: photos in an S3-compatible object storage (Aliyun OSS, Tencent COS, MinIO, AWS S3), shared by every instance. */
  PHOTO_STORAGE: z.enum(['local', 's3']).default('local'),
  /** Unset: AWS S3 itself. OSS `https://s3.oss-cn-hangzhou.aliyuncs.com`, COS `https://cos.ap-guangzhou.myqcloud.com`. */
  S3_ENDPOINT: z
    .url()
    .refine((value) => /^https?:\/\//.test(value), { message: 'must be an http(s) URL' })
    .optional(),
  S3_REGION: z
    .string()
    .regex(/^[a-z0-9-]{2,40}$/, 'must be a region id such as cn-hangzhou or ap-guangzhou')
    .optional(),
  S3_BUCKET: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      'must be a bucket name: 3–63 lowercase letters, digits, dots or hyphens',
    )
    .optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** `true` for MinIO and other servers addressed by IP or one host name; OSS and COS want virtual-hosted (`false`). */
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
  /** Per user and Shanghai day, counted in the database so every instance sees the same total. */
  PHOTO_DAILY_COUNT: z.coerce.number().int().min(1).max(100_000).default(100),
  PHOTO_DAILY_BYTES: z.coerce
    .number()
    .int()
    .min(1024 * 1024)
    .default(200 * 1024 * 1024),
  /** Photos decoded and re-encoded at once by this process (each with one libvips thread). */
  PHOTO_IMAGE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  PHOTO_CLEANUP: z.enum(['on', 'off']).default('on'),
  PHOTO_CLEANUP_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(86_400_000)
    .default(60 * 60 * 1000),
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  /** Shared state across instances (rate limits, nonces); unset keeps it in this process's memory. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/[^\s]+$/, 'must look like redis://host:port/db')
    .optional(),
  REDIS_PREFIX: z.string().max(64).default('linli:'),
  /** JSON overrides of the rate limits per policy (docs/security.md). */
  RATE_LIMITS: z.string().optional(),
  /** Multiplies every rate limit: load tests, or many people behind one office IP. */
  RATE_LIMIT_FACTOR: z.coerce.number().positive().max(1_000_000).default(1),
  /** Which peers may set X-Forwarded-For: `loopback` (a reverse proxy on this host), `none`, or a list of addresses. */
  TRUST_PROXY: z.string().default('loopback'),
  /** Browser origins allowed to call the API (comma list); the h5 app on our own origin and the weapp need none. */
  CORS_ORIGINS: z.string().optional(),
  /** Swagger UI and the JSON document: on by default outside production. */
  API_DOCS: z.enum(['on', 'off']).optional(),
  /** The demo login (`/api/dev/*`): `local` (this machine only, the default outside production), `on` (anyone), `off`. */
  DEMO_LOGIN: z.enum(['on', 'local', 'off']).optional(),
  /** The demo estate and accounts: seeded by `npm start` by default outside production. */
  SEED_DEMO_DATA: z.enum(['true', 'false']).optional(),
  /** Production refuses demo data and the demo login unless this says yes (a showcase instance). */
  ALLOW_DEMO_IN_PRODUCTION: z.enum(['yes', 'no']).default('no'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  /** `pretty`: one readable line per entry (development terminals); `json`: a line of JSON each, for collectors. */
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  /** `errors`: failed and slow requests only (successes at debug); `all`: a line for every request. */
  LOG_REQUESTS: z.enum(['errors', 'all']).default('errors'),
  /** A request taking this long is logged (warn) however it ended; 0: never for its time alone. */
  LOG_SLOW_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
  /** Share of the other successful requests logged anyway (0–1), to see the traffic without paying for all of it. */
  LOG_REQUEST_SAMPLE: z.coerce.number().min(0).max(1).default(0),
  /** The property's customer-service line, shown to anyone before login (tap to call). */
  SERVICE_HOTLINE: z
    .string()
    .trim()
    .regex(
      /^\+?\d[\d -]{1,22}\d$/,
      'must be a phone number such as 0571-88886666 or 400-820-8820 (digits, spaces, hyphens)',
    )
    .optional(),
  /** Who runs the estate, shown beside the hotline. */
  COMPANY_NAME: z.string().trim().min(1).max(40, 'must be at most 40 characters').optional(),
});

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  databaseUrl: string;
  databaseName: string;
  /** Bounds on every wait for the database, so an outage answers 503 instead of hanging. */
  database: DatabaseLimits;
  wechat: {
    apiBase: string;
    appid: string;
    secret: string;
    officialAccount: {
      appid: string;
      secret: string;
      callbackToken: string;
      /** The EncodingAESKey; null only in production with plaintext pushes explicitly allowed. */
      aesKey: string | null;
      /** Whether pushes without `encrypt_type=aes` are accepted. */
      plaintext: 'allow' | 'deny';
    };
    /** The mini-program's message push (消息推送): verified like the official account's. */
    miniProgramPush: {
      callbackToken: string;
      aesKey: string | null;
      plaintext: 'allow' | 'deny';
    };
    miniprogramState: 'developer' | 'trial' | 'formal';
    templates: TemplateCatalog;
  };
  /**
   * WeChat's content security (WECHAT.md §5): free text through msgSecCheck before it is stored,
   * photos through mediaCheckAsync; `publicBaseUrl` is the origin WeChat fetches photos from.
   */
  contentCheck: { enabled: boolean; recheck: boolean; recheckIntervalMs: number; publicBaseUrl: string };
  /** PUBLIC_BASE_URL, without a trailing slash: the origin the links `npm run invite-admin` prints start with. */
  publicBaseUrl: string;
  outbox: {
    /** Off for processes that must not send (migrations, some tests); on everywhere else. */
    worker: boolean;
    pollMs: number;
    /** How long a claimed row stays claimed; must outlast one send with its token retry. */
    leaseMs: number;
    maxAttempts: number;
    backoffMs: number;
    batch: number;
  };
  /** The sweep that escalates requests nearing or past their deadlines (safe on every instance). */
  escalation: { sweep: boolean; intervalMs: number };
  approvers: ApproverRules;
  /** Proposing group complaints when 5+ residents raise the same category (off in most tests). */
  groupDetection: boolean;
  /** Milliseconds between looks at `reference_version` (another instance's edits show after at most this). */
  referenceCheckMs: number;
  /** The sandbox is ours to start only when WeChat is not configured and we are not in production. */
  startSandbox: boolean;
  sandboxPort: number;
  tokenSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  h5DistDir: string | null;
  /** Root folder of the local-disk photo storage; with object storage, only uploads being checked. */
  storageDir: string;
  photos: {
    /** Where photo files live: this machine's disk (one instance), or object storage every instance shares. */
    storage: PhotoStorageConfig;
    dailyCount: number;
    dailyBytes: number;
    imageConcurrency: number;
    /** Removing photos never attached a day after upload (one instance at a time, by a database lock). */
    cleanup: boolean;
    cleanupIntervalMs: number;
  };
  logLevel: string;
  logging: {
    format: 'json' | 'pretty';
    requests: 'errors' | 'all';
    slowMs: number;
    sampleRate: number;
  };
  redis: { url: string | null; prefix: string };
  rateLimits: RatePolicies;
  /** Fastify's `trustProxy`: false, or the addresses whose X-Forwarded-For we believe. */
  trustProxy: false | string[];
  /**
   * The demo login endpoints (`/api/dev/*`): not mounted (`off`), answering only clients on this
   * machine (`local`), or anyone (`anyone`, a showcase reached over the network).
   */
  demoLogin: 'off' | 'local' | 'anyone';
  /** Whether `npm start` seeds the demo estate and accounts. */
  seedDemoData: boolean;
  /** Origins whose browsers may read our answers (Access-Control-Allow-Origin); others get no CORS headers. */
  corsOrigins: string[];
  /** Swagger UI at /api/docs and the document at /api/docs-json. */
  apiDocs: boolean;
  /** `GET /api/public/service-info`: what a guest sees before logging in. */
  serviceInfo: ServiceInfo;
}

export type PhotoStorageConfig =
  | { kind: 'local' }
  | {
      kind: 's3';
      /** null: AWS S3 itself, found by the region. */
      endpoint: string | null;
      region: string;
      bucket: string;
      accessKeyId: string;
      secretAccessKey: string;
      forcePathStyle: boolean;
    };

/**
 * Development and tests speak safe mode with this public key (the sandbox's default too): never
 * a secret, so production needs its own.
 */
export const DEVELOPMENT_OA_AES_KEY = 'LinliDevelopmentEncodingAesKey0000000000000';
/** The same for the mini-program's message push (the sandbox's default too). */
export const DEVELOPMENT_MP_AES_KEY = 'LinliDevelopmentMiniProgramAesKey0000000000';

/**
 * Outside production, a hotline that reaches nobody: a mainland subscriber number never starts
 * with 0, so a tap on a demo phone dials no stranger. The company is the demo estate's
 * (modules/seed/demo-seed.ts). Production shows neither until they are set.
 */
export const DEVELOPMENT_SERVICE_INFO: ServiceInfo = { hotline: '0571-00000000', companyName: '阳光物业服务有限公司' };

export class ConfigError extends Error {}

/** What the environment variables do not say: whether a person reads stdout. */
export interface Runtime {
  stdoutIsTty: boolean;
}

export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  runtime: Runtime = { stdoutIsTty: Boolean(process.stdout.isTTY) },
): AppConfig {
  // An empty variable means unset (`PORT=` in a .env file), not zero or an empty secret.
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.TOKEN_SECRET) {
    throw new ConfigError('Invalid configuration:\n  TOKEN_SECRET: required in production (32+ random characters)');
  }
  if (production && (!e.WECHAT_API_BASE || !isWechatProductionBase(e.WECHAT_API_BASE))) {
    throw new ConfigError(
      'Invalid configuration:\n  WECHAT_API_BASE: production must point at WeChat over https (https://api.weixin.qq.com), not the sandbox or this machine',
    );
  }
  if (production && !e.WECHAT_OA_TOKEN) {
    throw new ConfigError(
      "Invalid configuration:\n  WECHAT_OA_TOKEN: required in production (the official account's server token)",
    );
  }
  const demoProblems = production && e.ALLOW_DEMO_IN_PRODUCTION !== 'yes' ? demoInProduction(e) : [];
  if (demoProblems.length) throw new ConfigError(`Invalid configuration:\n${demoProblems.join('\n')}`);
  const port = e.PORT;
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://127.0.0.1:${port}`).replace(/\/$/, '');
  const corsOrigins = parseOrigins(
    e.CORS_ORIGINS,
    production ? [] : [`http://localhost:${port}`, `http://127.0.0.1:${port}`],
  );
  if ('error' in corsOrigins) throw new ConfigError(`Invalid configuration:\n  ${corsOrigins.error}`);
  const plaintext = e.WECHAT_OA_PLAINTEXT ?? (production ? 'deny' : 'allow');
  if (production && !e.WECHAT_OA_AES_KEY && plaintext !== 'allow') {
    throw new ConfigError(
      "Invalid configuration:\n  WECHAT_OA_AES_KEY: required in production (the official account's EncodingAESKey, " +
        'safe mode); set WECHAT_OA_PLAINTEXT=allow to accept unencrypted pushes instead',
    );
  }
  const contentCheck = (e.CONTENT_CHECK ?? (e.NODE_ENV === 'test' ? 'off' : 'on')) === 'on';
  const contentProblems = production && contentCheck ? contentCheckInProduction(e) : [];
  if (contentProblems.length) throw new ConfigError(`Invalid configuration:\n${contentProblems.join('\n')}`);
  const templates = parseTemplateCatalog(e.WECHAT_TEMPLATES);
  if ('error' in templates) throw new ConfigError(`Invalid configuration:\n  ${templates.error}`);
  const approvers = parseApproverRules(e.APPROVER_RULES);
  if ('error' in approvers) throw new ConfigError(`Invalid configuration:\n  ${approvers.error}`);
  const rateLimits = parseRatePolicies(e.RATE_LIMITS, e.RATE_LIMIT_FACTOR);
  if ('error' in rateLimits) throw new ConfigError(`Invalid configuration:\n  ${rateLimits.error}`);
  if (production && e.LOG_FORMAT === 'pretty') {
    throw new ConfigError(
      'Invalid configuration:\n  LOG_FORMAT: production logs JSON lines for the log collector; pretty is for development terminals',
    );
  }
  const photoStorage = photoStorageConfig(e, production);
  if ('error' in photoStorage) throw new ConfigError(`Invalid configuration:\n${photoStorage.error}`);
  const sandboxBase = `http://127.0.0.1:${e.SANDBOX_PORT}`;
  return {
    env: e.NODE_ENV,
    port,
    // Production runs in containers or behind a proxy on another host, where loopback would reach nobody.
    host: e.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    databaseUrl: e.DATABASE_URL,
    databaseName: new URL(e.DATABASE_URL).pathname.slice(1),
    database: { timeoutMs: e.DATABASE_TIMEOUT_MS, poolSize: e.DATABASE_POOL_SIZE, queueLimit: e.DATABASE_QUEUE_LIMIT },
    wechat: {
      apiBase: e.WECHAT_API_BASE ?? sandboxBase,
      appid: e.WECHAT_APPID,
      secret: e.WECHAT_SECRET,
      officialAccount: {
        appid: e.WECHAT_OA_APPID,
        secret: e.WECHAT_OA_SECRET,
        callbackToken: e.WECHAT_OA_TOKEN ?? 'linliDevOaToken',
        aesKey: e.WECHAT_OA_AES_KEY ?? (production ? null : DEVELOPMENT_OA_AES_KEY),
        plaintext,
      },
      miniProgramPush: {
        callbackToken: e.WECHAT_MP_TOKEN ?? 'linliDevMpToken',
        aesKey: e.WECHAT_MP_AES_KEY ?? (production ? null : DEVELOPMENT_MP_AES_KEY),
        // Production takes only safe-mode pushes (its key is required with content checks on).
        plaintext: production ? 'deny' : 'allow',
      },
      miniprogramState: e.WECHAT_MINIPROGRAM_STATE ?? (production ? 'formal' : 'developer'),
      templates,
    },
    contentCheck: {
      enabled: contentCheck,
      recheck: e.CONTENT_RECHECK === 'on',
      recheckIntervalMs: e.CONTENT_RECHECK_MS,
      publicBaseUrl,
    },
    publicBaseUrl,
    outbox: {
      worker: e.OUTBOX_WORKER === 'on',
      pollMs: e.OUTBOX_POLL_MS,
      leaseMs: e.OUTBOX_LEASE_MS,
      maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
      backoffMs: e.OUTBOX_BACKOFF_MS,
      batch: e.OUTBOX_BATCH,
    },
    escalation: { sweep: e.ESCALATION_SWEEP === 'on', intervalMs: e.ESCALATION_SWEEP_MS },
    approvers,
    groupDetection: e.GROUP_DETECTION === 'on',
    referenceCheckMs: e.REFERENCE_CHECK_MS,
    startSandbox: !production && !e.WECHAT_API_BASE,
    sandboxPort: e.SANDBOX_PORT,
    // A fresh secret per development start only logs everyone out on restart; production must set one.
    tokenSecret: e.TOKEN_SECRET ?? randomBytes(32).toString('hex'),
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
    h5DistDir: e.H5_DIST_DIR ?? null,
    // server/var/uploads (from src/config and dist/config alike); tests get a throwaway folder each.
    storageDir: resolve(
      e.STORAGE_DIR ??
        (e.NODE_ENV === 'test'
          ? join(tmpdir(), 'linli-test-uploads', randomBytes(6).toString('hex'))
          : join(__dirname, '../../var/uploads')),
    ),
    photos: {
      storage: photoStorage,
      dailyCount: e.PHOTO_DAILY_COUNT,
      dailyBytes: e.PHOTO_DAILY_BYTES,
      imageConcurrency: e.PHOTO_IMAGE_CONCURRENCY,
      cleanup: e.PHOTO_CLEANUP === 'on',
      cleanupIntervalMs: e.PHOTO_CLEANUP_MS,
    },
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    logging: {
      // Readable lines for a person at a development terminal; JSON wherever a program reads them.
      format: e.LOG_FORMAT ?? (e.NODE_ENV === 'development' && runtime.stdoutIsTty ? 'pretty' : 'json'),
      requests: e.LOG_REQUESTS,
      slowMs: e.LOG_SLOW_MS,
      sampleRate: e.LOG_REQUEST_SAMPLE,
    },
    redis: { url: e.REDIS_URL ?? null, prefix: e.REDIS_PREFIX },
    rateLimits,
    trustProxy:
      e.TRUST_PROXY === 'none'
        ? false
        : e.TRUST_PROXY.split(',')
            .map((entry) => entry.trim())
            .filter(Boolean),
    demoLogin: demoLoginMode(e.DEMO_LOGIN ?? (production ? 'off' : 'local')),
    seedDemoData: (e.SEED_DEMO_DATA ?? (production ? 'false' : 'true')) === 'true',
    corsOrigins: corsOrigins.origins,
    apiDocs: (e.API_DOCS ?? (production ? 'off' : 'on')) === 'on',
    serviceInfo: {
      hotline: e.SERVICE_HOTLINE ?? (production ? null : DEVELOPMENT_SERVICE_INFO.hotline),
      companyName: e.COMPANY_NAME ?? (production ? null : DEVELOPMENT_SERVICE_INFO.companyName),
    },
  };
}

type Env = z.output<typeof envSchema>;

/**
 * WeChat fetches each photo from PUBLIC_BASE_URL over https (it reaches no private address) and
 * pushes the verdict to the mini-program's message-push URL, signed and encrypted.
 */
function contentCheckInProduction(e: Env): string[] {
  const problems: string[] = [];
  if (
    !e.PUBLIC_BASE_URL ||
    !e.PUBLIC_BASE_URL.startsWith('https://') ||
    isLocalHost(new URL(e.PUBLIC_BASE_URL).hostname)
  ) {
    problems.push(
      '  PUBLIC_BASE_URL: required in production with CONTENT_CHECK on: the https origin WeChat fetches photos from (e.g. https://linli.example.com)',
    );
  }
  if (!e.WECHAT_MP_TOKEN) {
    problems.push(
      "  WECHAT_MP_TOKEN: required in production with CONTENT_CHECK on (the mini-program's message-push token)",
    );
  }
  if (!e.WECHAT_MP_AES_KEY) {
    problems.push(
      "  WECHAT_MP_AES_KEY: required in production with CONTENT_CHECK on (the mini-program's message-push EncodingAESKey, safe mode)",
    );
  }
  return problems;
}

function demoLoginMode(value: 'on' | 'local' | 'off'): AppConfig['demoLogin'] {
  return value === 'on' ? 'anyone' : value;
}

/**
 * Object storage needs its bucket and keys whatever the environment: without them no photo could
 * be stored or read, and the first upload would fail instead of the start. The region has a
 * stand-in outside production (MinIO and most local servers ignore it); production names it,
 * since OSS and COS sign with it.
 */
function photoStorageConfig(e: Env, production: boolean): PhotoStorageConfig | { error: string } {
  if (e.PHOTO_STORAGE === 'local') return { kind: 'local' };
  const missing = [
    ...(production && !e.S3_REGION ? ['S3_REGION'] : []),
    ...(['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const).filter((name) => !e[name]),
  ];
  if (missing.length) {
    return {
      error: missing
        .map((name) => `  ${name}: required with PHOTO_STORAGE=s3 (docs/deployment.md#photo-storage)`)
        .join('\n'),
    };
  }
  return {
    kind: 's3',
    endpoint: e.S3_ENDPOINT ?? null,
    region: e.S3_REGION ?? 'us-east-1',
    bucket: e.S3_BUCKET!,
    accessKeyId: e.S3_ACCESS_KEY_ID!,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY!,
    forcePathStyle: e.S3_FORCE_PATH_STYLE === 'true',
  };
}

/** A demo switched on by a copied .env file would let anyone log in as the manager of a real estate. */
function demoInProduction(e: Env): string[] {
  const problems: string[] = [];
  const escape = 'set ALLOW_DEMO_IN_PRODUCTION=yes only for a demonstration instance';
  if (e.SEED_DEMO_DATA === 'true') {
    problems.push(`  SEED_DEMO_DATA: demo accounts and data are refused in production (${escape})`);
  }
  if (e.DEMO_LOGIN === 'on' || e.DEMO_LOGIN === 'local') {
    problems.push(`  DEMO_LOGIN: the demo login is refused in production (${escape})`);
  }
  return problems;
}

/** WeChat itself: https, and not a host on this machine however it is spelled (the sandbox runs there). */
function isWechatProductionBase(url: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === 'https:' && !isLocalHost(parsed.hostname);
}

function parseOrigins(value: string | undefined, defaults: string[]): { origins: string[] } | { error: string } {
  if (value === undefined) return { origins: defaults };
  const origins: string[] = [];
  for (const entry of value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    let origin: string | null = null;
    try {
      const url = new URL(entry);
      const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
      if (
        (url.protocol === 'http:' || url.protocol === 'https:') &&
        bare &&
        !entry.endsWith('#') &&
        !entry.endsWith('?')
      ) {
        origin = url.origin;
      }
    } catch {
      // not a URL: reported below
    }
    if (!origin)
      return {
        error: `CORS_ORIGINS: "${entry}" is not an origin like https://wy.example.com (scheme, host, port; no path)`,
      };
    origins.push(origin);
  }
  return { origins };
}
