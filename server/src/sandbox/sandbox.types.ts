import type { FastifyServerOptions } from 'fastify';
import type { ContentRules } from './content-check';
import type { WechatErrorBody } from './errors';

/** The two WeChat apps Linli talks to: residents use the mini-program, staff follow the official account. */
export type AppKind = 'miniProgram' | 'officialAccount';

export interface SandboxTemplate {
  id: string;
  /** Shown on the sandbox page like the template's title on a phone, e.g. 工单进度通知. */
  title?: string;
  /** When given, every key must be present in a send (a missing one is "empty", 47003). */
  keys?: string[];
  /** Allowed values of `enumN` keys. */
  enums?: Record<string, string[]>;
}

export interface SandboxAppOptions {
  appid: string;
  secret: string;
  /** Registered template ids (or full definitions); any other id is answered with 40037. */
  templates?: Array<string | SandboxTemplate>;
}

/** The official account also pushes events and messages to the developer server (safe or plaintext mode). */
export interface OfficialAccountOptions extends SandboxAppOptions {
  /** The account's original id, sent as ToUserName in every push; defaults to gh_linli_demo. */
  originalId?: string;
  /** The developer server's URL and the token configured next to it; no pushes without it. */
  callback?: SandboxCallback;
}

/** The mini-program pushes events too (消息推送): here the results of media_check_async. */
export interface MiniProgramOptions extends SandboxAppOptions {
  /** The mini-program's original id (gh_…), ToUserName of its pushes; defaults to gh_linli_mp_demo. */
  originalId?: string;
  callback?: MiniProgramCallback;
}

export interface MiniProgramCallback extends SandboxCallback {
  /**
   * How long after media_check_async its result is pushed (WeChat: within 30 minutes); defaults
   * to 1000 ms. null: held until POST /__sandbox/media-checks/deliver, so a test decides when.
   */
  delayMs?: number | null;
}

/** 安全模式 (encrypted, the default) or 明文模式, as chosen next to the callback URL in WeChat's form. */
export type PushMode = 'safe' | 'plaintext';

export interface SandboxCallback {
  url: string;
  /** Shared with the developer server, which recomputes the signature from it. */
  token: string;
  /** The 43-character EncodingAESKey; defaults to SANDBOX_DEFAULTS.officialAccount.encodingAesKey. */
  encodingAesKey?: string;
  /** Defaults to `safe`: pushes encrypted with the key and signed over the ciphertext (msg_signature). */
  mode?: PushMode;
}

export interface SandboxUser {
  openid: string;
  unionid?: string;
}

export interface SandboxFollower extends SandboxUser {
  /** Defaults to true. */
  following?: boolean;
}

/** The WeChat APIs the sandbox serves; fault hooks and the call log name them. */
export type SandboxApi =
  | 'jscode2session'
  | 'token'
  | 'stable_token'
  | 'subscribe_send'
  | 'template_send'
  | 'uniform_send'
  | 'msg_sec_check'
  | 'media_check_async'
  | 'user_info'
  | 'getuserphonenumber'
  | 'getwxacodeunlimit'
  /** Not an API WeChat serves but a call it makes: a push to the developer server, in the call log only. */
  | 'event_push';

export interface FaultContext {
  api: SandboxApi;
  query: Record<string, string>;
  body: unknown;
}

/**
 * What a fault makes the sandbox answer instead of the normal reply. The `faults` constructors
 * exported from the sandbox's index build the common ones.
 */
export type FaultOutcome =
  /** HTTP 200 with this error; an errmsg without "rid: …" gets a fresh one on every answer. */
  | { kind: 'wechat-error'; error: WechatErrorBody }
  /** What a gateway in front of WeChat answers when it is down: not JSON. Body defaults to nginx's page. */
  | { kind: 'http-status'; status: number; body?: string }
  /**
   * Waits, then answers normally (or with `then`). Without `then` the call is still carried out
   * after the wait even when the client has given up: a timed-out send may have been delivered.
   */
  | { kind: 'delay'; ms: number; then?: FaultOutcome }
  /** The connection is closed without an answer and the call is not carried out. */
  | { kind: 'drop' };

/** A fault injected over HTTP (POST /__sandbox/faults), so processes sharing the sandbox see it. */
export interface FaultRuleInput {
  /** Omitted: every API. */
  api?: SandboxApi;
  /** Matches the recipient: body.touser, or ?openid= on user/info. */
  touser?: string;
  outcome: FaultOutcome;
  /** How many matching calls get the outcome; omitted: every one until the rules are cleared. */
  times?: number;
}

export interface FaultRule extends FaultRuleInput {
  id: number;
  /** Matching calls still to be answered with the outcome; null for no limit. */
  remaining: number | null;
}

/** Called before every WeChat API call; return undefined to let the call through. */
export type FaultHook = (context: FaultContext) => FaultOutcome | undefined | Promise<FaultOutcome | undefined>;

export interface SandboxOptions {
  miniProgram?: MiniProgramOptions;
  officialAccount?: OfficialAccountOptions;
  /** Mini-program users known from the start (others become known by logging in). */
  users?: SandboxUser[];
  /** Official-account users known from the start. */
  followers?: SandboxFollower[];
  /** Clock in ms since the epoch; tests move it to expire codes and tokens. */
  now?: () => number;
  /** Consulted after the rules added through POST /__sandbox/faults, when none of them matched. */
  faults?: FaultHook;
  /** The words that make msg_sec_check answer risky or review; tests add more over HTTP. */
  contentRules?: ContentRules;
  /** getwxacodeunlimit codes a day before 45009 (default 100,000, WeChat's documented figure). */
  wxacodeDailyQuota?: number;
  logger?: FastifyServerOptions['logger'];
}

/** One message as the recipient's phone received it (GET /__sandbox/messages). */
export interface SandboxMessage {
  id: number;
  channel: 'subscribe' | 'template';
  touser: string;
  template_id: string;
  /** Subscribe messages: the mini-program page the card opens. */
  page?: string;
  miniprogram_state?: string;
  lang?: string;
  /** Template messages: where the card leads. */
  miniprogram?: { appid?: string; pagepath?: string };
  url?: string;
  client_msg_id?: string;
  data: Record<string, { value: string }>;
  /** Template messages: each line as the phone shows it (first/remark dropped, ≤ 20 characters). */
  shown?: Record<string, string>;
  receivedAt: string;
  /** int64 beyond 2^53, hence a string here. */
  msgid: string;
}

export interface SandboxCall {
  id: number;
  api: SandboxApi;
  method: string;
  path: string;
  /** Query and body as received, with `secret` values masked. */
  query: Record<string, string>;
  body: unknown;
  /** null when no WeChat JSON went back: an HTTP error status, a dropped connection, an event push. */
  errcode: number | null;
  /** The HTTP status answered (event_push: the developer server's); null when there was no answer. */
  status: number | null;
  /** The fault that shaped the answer, e.g. "delay 3000 ms → http 502". */
  fault?: string;
  /** event_push: what the developer server answered ("success" or a passive reply), or why it failed. */
  response?: string;
  at: string;
}

/** The outcome of one push to the developer server, as POST /__sandbox/oa-text and /followers report it. */
export interface EventPushResult {
  /** The developer server answered with a 2xx status. */
  delivered: boolean;
  status: number | null;
  body: string | null;
  /** Why no answer came: timeout, connection refused… */
  error?: string;
  /** Safe mode: why the answer is not a reply WeChat would show (unsigned, not encrypted, another appid…). */
  replyError?: string;
}
