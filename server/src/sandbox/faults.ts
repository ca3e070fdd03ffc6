import { errmsgOf, WechatErrcode, type WechatErrcodeValue } from './errors';
import type { FaultContext, FaultOutcome, FaultRule, FaultRuleInput, SandboxApi } from './sandbox.types';
import { isRecord, text } from './wechat-reply';

/** The APIs a fault rule may name: the ones the sandbox answers, so not event_push. */
export const FAULTABLE_APIS: readonly SandboxApi[] = [
  'jscode2session',
  'token',
  'stable_token',
  'subscribe_send',
  'template_send',
  'uniform_send',
  'msg_sec_check',
  'media_check_async',
  'user_info',
  'getuserphonenumber',
  'getwxacodeunlimit',
];

/** Longer waits would only keep a test or a closing sandbox hanging. */
export const MAX_DELAY_MS = 600_000;

/** The errmsg may be left out only for the codes whose text the sandbox knows. */
function wechatError(errcode: WechatErrcodeValue, errmsg?: string): FaultOutcome;
function wechatError(errcode: number, errmsg: string): FaultOutcome;
function wechatError(errcode: number, errmsg?: string): FaultOutcome {
  return { kind: 'wechat-error', error: { errcode, errmsg: errmsg ?? errmsgOf(errcode) ?? 'system error' } };
}

/**
 * The faults clients must survive (WECHAT.md §2, §3, §4, §8), as hook results or as the
 * `outcome` of POST /__sandbox/faults. WeChat errors get a fresh rid on every answer.
 */
export const faults = {
  /** Any WeChat error; errmsg defaults to WeChat's text for the codes in WechatErrcode. */
  wechatError,
  /** -1 system error: retry with backoff. */
  busy: (): FaultOutcome => wechatError(WechatErrcode.SystemBusy),
  /** 42001: fetch a fresh token once and retry once. */
  tokenExpired: (): FaultOutcome => wechatError(WechatErrcode.AccessTokenExpired),
  /** 40001: the token is not the latest (another instance refreshed it). */
  invalidCredential: (): FaultOutcome => wechatError(WechatErrcode.InvalidCredential),
  /** 43101: no subscription credit left. */
  userRefused: (): FaultOutcome => wechatError(WechatErrcode.UserRefused),
  /** 43004: the staff member no longer follows the official account. */
  notFollowing: (): FaultOutcome => wechatError(WechatErrcode.RequireSubscribe),
  /** 45009: the daily quota is spent. */
  quotaReached: (): FaultOutcome => wechatError(WechatErrcode.QuotaReached),
  httpStatus: (status: number, body?: string): FaultOutcome =>
    body === undefined ? { kind: 'http-status', status } : { kind: 'http-status', status, body },
  /** Answers after `ms`: normally, or with `then`. */
  slow: (ms: number, then?: FaultOutcome): FaultOutcome =>
    then === undefined ? { kind: 'delay', ms } : { kind: 'delay', ms, then },
  drop: (): FaultOutcome => ({ kind: 'drop' }),
};

/** For the call log and the page, e.g. "delay 3000 ms → http 502". */
export function describeFault(outcome: FaultOutcome): string {
  switch (outcome.kind) {
    case 'wechat-error':
      return `errcode ${outcome.error.errcode}`;
    case 'http-status':
      return `http ${outcome.status}`;
    case 'delay':
      return `delay ${outcome.ms} ms${outcome.then ? ` → ${describeFault(outcome.then)}` : ''}`;
    case 'drop':
      return 'drop';
  }
}

/** The remote fault rules, consulted in order; a rule whose count runs out is removed. */
export class FaultRules {
  private rules: FaultRule[] = [];
  private nextId = 1;

  list(): FaultRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  add(input: FaultRuleInput): FaultRule {
    const rule: FaultRule = { id: this.nextId++, ...input, remaining: input.times ?? null };
    this.rules.push(rule);
    return { ...rule };
  }

  clear(): void {
    this.rules = [];
  }

  /** The outcome for this call, counting it against the first rule that matches. */
  take(context: FaultContext): FaultOutcome | undefined {
    const rule = this.rules.find((candidate) => matches(candidate, context));
    if (!rule) return undefined;
    if (rule.remaining !== null) {
      rule.remaining -= 1;
      if (rule.remaining === 0) this.rules = this.rules.filter((candidate) => candidate !== rule);
    }
    return rule.outcome;
  }
}

function matches(rule: FaultRule, context: FaultContext): boolean {
  if (rule.api !== undefined && rule.api !== context.api) return false;
  return rule.touser === undefined || recipientOf(context) === rule.touser;
}

function recipientOf(context: FaultContext): string | undefined {
  const touser = isRecord(context.body) ? text(context.body.touser) : undefined;
  return touser ?? (context.api === 'user_info' ? text(context.query.openid) : undefined);
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const invalid = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** A rule as POST /__sandbox/faults receives it, or what is wrong with it. */
export function parseFaultRule(body: Record<string, unknown> | undefined): Parsed<FaultRuleInput> {
  if (!body) return invalid('body must be a JSON object');
  const rule: Omit<FaultRuleInput, 'outcome'> = {};
  if (body.api !== undefined) {
    if (!FAULTABLE_APIS.includes(body.api as SandboxApi)) {
      return invalid(`api must be one of ${FAULTABLE_APIS.join(', ')}`);
    }
    rule.api = body.api as SandboxApi;
  }
  if (body.touser !== undefined) {
    if (!text(body.touser)) return invalid('touser must be a non-empty string');
    rule.touser = body.touser as string;
  }
  if (body.times !== undefined) {
    if (!isInteger(body.times, 1)) return invalid('times must be a positive integer');
    rule.times = body.times;
  }
  const outcome = parseOutcome(body.outcome, 'outcome');
  return outcome.ok ? { ok: true, value: { ...rule, outcome: outcome.value } } : outcome;
}

function parseOutcome(value: unknown, path: string): Parsed<FaultOutcome> {
  if (!isRecord(value)) return invalid(`${path} must be an object`);
  switch (value.kind) {
    case 'wechat-error': {
      const error = value.error;
      if (!isRecord(error) || !isInteger(error.errcode)) return invalid(`${path}.error.errcode must be an integer`);
      if (error.errmsg !== undefined && typeof error.errmsg !== 'string') {
        return invalid(`${path}.error.errmsg must be a string`);
      }
      const errmsg = error.errmsg ?? errmsgOf(error.errcode);
      if (errmsg === undefined) return invalid(`${path}.error.errmsg is required for errcode ${error.errcode}`);
      return { ok: true, value: wechatError(error.errcode, errmsg) };
    }
    case 'http-status': {
      if (!isInteger(value.status, 200, 599)) return invalid(`${path}.status must be an HTTP status from 200 to 599`);
      if (value.body !== undefined && typeof value.body !== 'string') return invalid(`${path}.body must be a string`);
      return { ok: true, value: faults.httpStatus(value.status, value.body) };
    }
    case 'delay': {
      if (!isInteger(value.ms, 0, MAX_DELAY_MS))
        return invalid(`${path}.ms must be an integer from 0 to ${MAX_DELAY_MS}`);
      if (value.then === undefined) return { ok: true, value: faults.slow(value.ms) };
      const then = parseOutcome(value.then, `${path}.then`);
      return then.ok ? { ok: true, value: faults.slow(value.ms, then.value) } : then;
    }
    case 'drop':
      return { ok: true, value: faults.drop() };
    default:
      return invalid(`${path}.kind must be wechat-error, http-status, delay or drop`);
  }
}

function isInteger(value: unknown, min = -Infinity, max = Infinity): value is number {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}
