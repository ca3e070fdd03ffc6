import type { FastifyInstance, FastifyRequest } from 'fastify';
import { WechatErrcode } from './errors';
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
  handle(request: WechatRequest): WechatReply;
}

/**
 * Registers one WeChat API with what every API shares: HTTP 200 whatever happens, the fault
 * hook, body parsing with WeChat's errors, and the call log.
 */
export function registerWechatRoute(
  app: FastifyInstance,
  state: SandboxState,
  route: WechatRoute,
  faults: FaultHook | undefined,
): void {
  app.route({
    method: route.method,
    url: route.url,
    handler: async (request, reply) => {
      const query = flatQuery(request.query);
      const parsed: ParsedBody = route.method === 'POST' ? parseBody(request) : {};
      const fault = await faults?.({ api: route.api, query, body: parsed.body });
      const answer: WechatReply = fault
        ? fromError(fault.error)
        : (parsed.error ?? route.handle({ query, body: parsed.body ?? {} }));
      state.recordCall({
        api: route.api,
        method: route.method,
        path: route.url,
        query: maskSecrets(query),
        body: parsed.body ? maskSecrets(parsed.body) : parsed.raw,
        errcode: answer.errcode,
      });
      return reply.code(200).type('application/json; charset=utf-8').send(answer.json);
    },
  });
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
