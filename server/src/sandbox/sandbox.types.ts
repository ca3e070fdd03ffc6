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
  'jscode2session' | 'token' | 'stable_token' | 'subscribe_send' | 'template_send' | 'uniform_send' | 'msg_sec_check';

export interface FaultContext {
  api: SandboxApi;
  query: Record<string, string>;
  body: unknown;
}

/**
 * What a fault hook makes the sandbox answer instead of the normal reply. Only WeChat errors
 * exist so far; HTTP failures and delays are meant to become further variants.
 */
export type FaultOutcome = { kind: 'wechat-error'; error: WechatErrorBody };

/** Called before every WeChat API call; return undefined to let the call through. */
export type FaultHook = (context: FaultContext) => FaultOutcome | undefined | Promise<FaultOutcome | undefined>;

export interface SandboxOptions {
  miniProgram?: SandboxAppOptions;
  officialAccount?: SandboxAppOptions;
  /** Mini-program users known from the start (others become known by logging in). */
  users?: SandboxUser[];
  /** Official-account users known from the start. */
  followers?: SandboxFollower[];
  /** Clock in ms since the epoch; tests move it to expire codes and tokens. */
  now?: () => number;
  faults?: FaultHook;
  contentRules?: ContentRules;
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
  errcode: number;
  at: string;
}
