import { STATUS_CODES } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WechatErrcode, withRid } from './errors';
import { describeFault } from './faults';
import type { SandboxState } from './sandbox.state';
import type { AppKind, FaultHook, SandboxApi } from './sandbox.types';
import { fail, fromError, isRecord, text, type WechatReply } from './wechat-reply';

export interface WechatRequest {
  query: Record<string, string>;
  /** The JSON body of a POST (always an object by the time a handler runs); {} for GET. */
  body: Record<string, unknown>;
}

export interface WechatRoute {
  api: SandboxApi;
  method: 'GET' | 'POST';
  url: string;
  /** Synchronous for the JSON APIs; a file (a mini-program code's PNG) takes a moment to encode. */
  handle(request: WechatRequest): WechatReply | Promise<WechatReply>;
  /**
   * What an injected WeChat error means for the state, when it means anything: WeChat answers
   * from its state, so a rule that says "no credit" must leave none behind.
   */
  injected?(errcode: number, request: WechatRequest): void;
}

/** What every WeChat route shares besides the state: the fault hook and the waits it causes. */
export interface WechatRouteDeps {
  faults?: FaultHook;
  delays: Delays;
}

/**
 * Registers one WeChat API with what every API shares: HTTP 200 whatever WeChat has to say,
 * faults (the remote rules first, then the hook), body parsing with WeChat's errors, and the call log.
 */
export function registerWechatRoute(
  app: FastifyInstance,
  state: SandboxState,
  route: WechatRoute,
  { faults, delays }: WechatRouteDeps,
): void {
  app.route({
    method: route.method,
    url: route.url,
    handler: async (request, reply) => {
      const query = flatQuery(request.query);
      const parsed: ParsedBody = route.method === 'POST' ? parseBody(request) : {};
      const context = { api: route.api, query, body: parsed.body };
      const fault = state.faultRules.take(context) ?? (await faults?.(context));
      const record = (errcode: number | null, status: number | null) =>
        state.recordCall({
          api: route.api,
          method: route.method,
          path: route.url,
          query: maskSecrets(query),
          body: parsed.body ? maskSecrets(parsed.body) : parsed.raw,
          errcode,
          status,
          ...(fault ? { fault: describeFault(fault) } : {}),
        });

      let outcome = fault;
      while (outcome?.kind === 'delay') {
        // A sandbox closing mid-wait goes away like a crashed server: nothing carried out, no answer.
        if (!(await delays.wait(outcome.ms))) return drop(reply);
        outcome = outcome.then;
      }
      if (outcome?.kind === 'http-status') {
        record(null, outcome.status);
        return reply
          .code(outcome.status)
          .type('text/html')
          .send(outcome.body ?? gatewayPage(outcome.status));
      }
      if (outcome?.kind === 'drop') {
        record(null, null);
        return drop(reply);
      }
      if (outcome?.kind === 'wechat-error') route.injected?.(outcome.error.errcode, { query, body: parsed.body ?? {} });
      const answer: WechatReply =
        outcome?.kind === 'wechat-error'
          ? fromError(withRid(outcome.error))
          : (parsed.error ?? (await route.handle({ query, body: parsed.body ?? {} })));
      record(answer.errcode, 200);
      if (answer.image) return reply.code(200).type(answer.image.contentType).send(answer.image.bytes);
      return reply.code(200).type('application/json; charset=utf-8').send(answer.json);
    },
  });
}

/** Pending fault delays, cut short when the sandbox closes so close() does not wait for them. */
export class Delays {
  private readonly pending = new Set<() => void>();

  /** Resolves true after `ms`, or false at once when cancelled. */
  wait(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const cancel = () => {
        clearTimeout(timer);
        this.pending.delete(cancel);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.pending.delete(cancel);
        resolve(true);
      }, ms);
      this.pending.add(cancel);
    });
  }

  cancelAll(): void {
    for (const cancel of [...this.pending]) cancel();
  }
}

function drop(reply: FastifyReply): FastifyReply {
  reply.hijack();
  reply.raw.socket?.destroy();
  return reply;
}

/** What nginx answers for a failing upstream: HTML, which a client must not try to parse as JSON. */
function gatewayPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** WeChat's token check, shared by every API that takes `?access_token=`. */
export function authorize(state: SandboxState, query: Record<string, string>, app: AppKind): WechatReply | undefined {
  const value = text(query.access_token);
  if (!value) return fail(WechatErrcode.AccessTokenMissing);
  const check = state.tokens.check(value);
  if (!check.ok) return fail(check.errcode);
  // e.g. a mini-program token on the official account's template API.
  if (check.token.app !== app) return fail(WechatErrcode.ApiUnauthorized);
  return undefined;
}

interface ParsedBody {
  body?: Record<string, unknown>;
  /** The text as received, logged when it is not a JSON object. */
  raw?: string;
  error?: WechatReply;
}

function parseBody(request: FastifyRequest): ParsedBody {
  // The catch-all content-type parser hands over the raw text, whatever the client declared.
  const raw = typeof request.body === 'string' ? request.body : '';
  if (raw.trim() === '') return { raw, error: fail(WechatErrcode.EmptyPostData) };
  try {
    const body: unknown = JSON.parse(raw);
    return isRecord(body) ? { body } : { raw, error: fail(WechatErrcode.DataFormatError) };
  } catch {
    return { raw, error: fail(WechatErrcode.DataFormatError) };
  }
}

function flatQuery(query: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (!isRecord(query)) return result;
  for (const [key, value] of Object.entries(query)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') result[key] = first;
  }
  return result;
}

/** The call log is shown on a web page: app secrets must not appear there. */
function maskSecrets<T extends Record<string, unknown>>(values: T): T {
  return 'secret' in values ? { ...values, secret: '***' } : values;
}
