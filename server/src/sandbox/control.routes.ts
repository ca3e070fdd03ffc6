import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pushToDeveloper } from './event-push';
import type { Suggest } from './content-check';
import { parseFaultRule } from './faults';
import { pushMediaCheck } from './media-push';
import { renderPage } from './page';
import { resolveCallback, resolveMiniProgramCallback, type SandboxState } from './sandbox.state';
import type { AppKind, SandboxTemplate } from './sandbox.types';
import { isRecord, text } from './wechat-reply';

const TAP_ANSWERS = ['accept', 'reject', 'ban', 'filter'];

/**
 * Endpoints that are not WeChat's: they stand for what happens on a phone (wx.login, tapping
 * "allow", following the account) and let tests and people see what WeChat received.
 */
export function registerControlRoutes(app: FastifyInstance, state: SandboxState): void {
  app.post('/__sandbox/login-code', async (request, reply) => {
    const body = jsonBody(request);
    const openid = text(body?.openid);
    if (!openid) return badRequest(reply, 'openid is required');
    return { code: state.mintLoginCode({ openid, unionid: text(body?.unionid) }) };
  });

  // Stands for tapping the getPhoneNumber button and allowing it, for a phone this user holds.
  app.post('/__sandbox/phone-code', async (request, reply) => {
    const body = jsonBody(request);
    const openid = text(body?.openid);
    const phoneNumber = text(body?.phoneNumber);
    const countryCode = body?.countryCode === undefined ? '86' : text(body.countryCode);
    if (!openid) return badRequest(reply, 'openid is required');
    if (!phoneNumber || !/^\d{5,20}$/.test(phoneNumber)) return badRequest(reply, 'phoneNumber must be 5–20 digits');
    if (!countryCode || !/^\d{1,4}$/.test(countryCode)) return badRequest(reply, 'countryCode must be 1–4 digits');
    return { code: state.mintPhoneCode(openid, phoneNumber, countryCode) };
  });

  // Stands for one wx.requestSubscribeMessage tap: `templateIds` all allowed, or `answers` per id
  // (accept | reject | ban | filter) as the user answered; each accept is one send (WECHAT.md §3).
  app.post('/__sandbox/subscriptions', async (request, reply) => {
    const body = jsonBody(request);
    const openid = text(body?.openid);
    if (!openid) return badRequest(reply, 'openid is required');
    let answers: Record<string, string>;
    let accepted: string[];
    if (body?.answers !== undefined) {
      if (body.templateIds !== undefined) return badRequest(reply, 'give templateIds or answers, not both');
      const given = body.answers;
      if (!isRecord(given) || Object.keys(given).length === 0) {
        return badRequest(reply, 'answers must be an object of template id → answer');
      }
      const wrong = Object.entries(given).filter(([, answer]) => !TAP_ANSWERS.includes(answer as string));
      if (wrong.length > 0) return badRequest(reply, `answers must be one of ${TAP_ANSWERS.join(', ')}`);
      answers = given as Record<string, string>;
      accepted = Object.keys(answers).filter((id) => answers[id] === 'accept');
    } else {
      const templateIds = body?.templateIds;
      if (!isStringArray(templateIds) || templateIds.length === 0) {
        return badRequest(reply, 'templateIds must be a non-empty array of strings');
      }
      answers = Object.fromEntries(templateIds.map((id) => [id, 'accept']));
      // An id listed twice stands for two taps: a shortcut for tests that need several credits.
      accepted = templateIds;
    }
    const templateIds = Object.keys(answers);
    // wx.requestSubscribeMessage fails for ids the mini-program has not registered.
    const unknown = templateIds.filter((id) => !state.apps.miniProgram.templates.has(id));
    if (unknown.length > 0) return badRequest(reply, `unknown template ids: ${unknown.join(', ')}`);
    state.grantCredits(openid, accepted);
    return { openid, result: answers, credits: state.creditsByTemplate(openid) };
  });

  app.get('/__sandbox/subscriptions', async (request, reply) => {
    const openid = text(queryOf(request).openid);
    if (!openid) return badRequest(reply, 'openid is required');
    return { openid, credits: state.creditsByTemplate(openid) };
  });

  app.post('/__sandbox/followers', async (request, reply) => {
    const body = jsonBody(request);
    const openid = text(body?.openid);
    if (!openid) return badRequest(reply, 'openid is required');
    if (body?.following !== undefined && typeof body.following !== 'boolean') {
      return badRequest(reply, 'following must be a boolean');
    }
    const wasFollowing = state.followers.get(openid)?.following === true;
    const follower = state.setFollower({
      openid,
      unionid: text(body?.unionid),
      following: body?.following as boolean | undefined,
    });
    const view = { openid, unionid: follower.unionid, following: follower.following };
    // Only a change is an event: following an account one already follows pushes nothing.
    if (!state.callback || follower.following === wasFollowing) return view;
    const event = follower.following ? 'subscribe' : 'unsubscribe';
    return { ...view, push: await pushToDeveloper(state, openid, { kind: 'event', event }) };
  });

  app.post('/__sandbox/oa-text', async (request, reply) => {
    const body = jsonBody(request);
    const openid = text(body?.openid);
    const content = text(body?.content);
    if (!openid) return badRequest(reply, 'openid is required');
    if (!content) return badRequest(reply, 'content must be a non-empty string');
    if (!state.followers.get(openid)?.following) {
      return badRequest(reply, `${openid} does not follow the official account`);
    }
    if (!state.callback) return badRequest(reply, 'no callback configured: POST /__sandbox/callback first');
    const msgid = state.newMsgid();
    return { ...(await pushToDeveloper(state, openid, { kind: 'text', content, msgid })), msgid };
  });

  app.post('/__sandbox/callback', async (request, reply) => {
    const body = jsonBody(request);
    const url = text(body?.url);
    const token = text(body?.token);
    if (!url || !isHttpUrl(url)) return badRequest(reply, 'url must be an http(s) URL');
    // The rule of WeChat's own configuration form.
    if (!token || !/^[A-Za-z0-9]{3,32}$/.test(token)) return badRequest(reply, 'token must be 3–32 letters or digits');
    const encodingAesKey = body?.encodingAesKey;
    if (
      encodingAesKey !== undefined &&
      (typeof encodingAesKey !== 'string' || !/^[A-Za-z0-9]{43}$/.test(encodingAesKey))
    ) {
      return badRequest(reply, 'encodingAesKey must be 43 letters or digits');
    }
    const mode = body?.mode;
    if (mode !== undefined && mode !== 'safe' && mode !== 'plaintext') {
      return badRequest(reply, 'mode must be safe or plaintext');
    }
    state.callback = resolveCallback({ url, token, encodingAesKey, mode });
    return { ...state.callback, originalId: state.originalId };
  });

  app.delete('/__sandbox/callback', async () => {
    state.callback = undefined;
    return { ok: true };
  });

  // The mini-program's 消息推送 configuration: where media_check_async results are pushed.
  app.post('/__sandbox/mini-program-callback', async (request, reply) => {
    const body = jsonBody(request);
    const url = text(body?.url);
    const token = text(body?.token);
    if (!url || !isHttpUrl(url)) return badRequest(reply, 'url must be an http(s) URL');
    if (!token || !/^[A-Za-z0-9]{3,32}$/.test(token)) return badRequest(reply, 'token must be 3–32 letters or digits');
    const encodingAesKey = body?.encodingAesKey;
    if (
      encodingAesKey !== undefined &&
      (typeof encodingAesKey !== 'string' || !/^[A-Za-z0-9]{43}$/.test(encodingAesKey))
    ) {
      return badRequest(reply, 'encodingAesKey must be 43 letters or digits');
    }
    const mode = body?.mode;
    if (mode !== undefined && mode !== 'safe' && mode !== 'plaintext') {
      return badRequest(reply, 'mode must be safe or plaintext');
    }
    const delayMs = body?.delayMs;
    if (delayMs !== undefined && delayMs !== null && !(Number.isInteger(delayMs) && (delayMs as number) >= 0)) {
      return badRequest(reply, 'delayMs must be a non-negative integer, or null to hold results');
    }
    state.miniProgramCallback = resolveMiniProgramCallback({
      url,
      token,
      encodingAesKey,
      mode,
      delayMs: delayMs as number | null | undefined,
    });
    return { ...state.miniProgramCallback, originalId: state.miniProgramOriginalId };
  });

  app.delete('/__sandbox/mini-program-callback', async () => {
    state.miniProgramCallback = undefined;
    return { ok: true };
  });

  // Marks text: msg_sec_check answers `suggest` for any content containing the word.
  app.post('/__sandbox/content-rules', async (request, reply) => {
    const body = jsonBody(request);
    const word = text(body?.word);
    const suggest = body?.suggest;
    if (!word) return badRequest(reply, 'word is required');
    if (suggest !== 'risky' && suggest !== 'review') return badRequest(reply, 'suggest must be risky or review');
    const label = labelOf(body?.label, suggest);
    if (label === null) return badRequest(reply, 'label must be a WeChat label such as 20002');
    state.contentRules[suggest].push({ word, label });
    return state.contentRules;
  });

  // Marks photos: media_check_async judges any media_url containing `match` so.
  app.post('/__sandbox/media-rules', async (request, reply) => {
    const body = jsonBody(request);
    const match = text(body?.match);
    const suggest = body?.suggest ?? 'risky';
    if (!match) return badRequest(reply, 'match is required (a part of the media_url, e.g. /api/photos/12/)');
    if (suggest !== 'risky' && suggest !== 'review' && suggest !== 'pass') {
      return badRequest(reply, 'suggest must be risky, review or pass');
    }
    const label = labelOf(body?.label, suggest as Suggest);
    if (label === null) return badRequest(reply, 'label must be a WeChat label such as 20002');
    state.mediaRules.unshift({ match, suggest: suggest as Suggest, label });
    return state.mediaRules;
  });

  app.get('/__sandbox/media-checks', async () => state.mediaChecks);

  // WeChat has looked: pushes every result not pushed yet (or the one named), in order.
  app.post('/__sandbox/media-checks/deliver', async (request, reply) => {
    const body = jsonBody(request);
    const traceId = text(body?.trace_id);
    if (!state.miniProgramCallback) {
      return badRequest(reply, 'no mini-program callback configured: POST /__sandbox/mini-program-callback first');
    }
    const due = state.mediaChecks.filter((check) => (traceId ? check.trace_id === traceId : !check.pushed));
    if (traceId && due.length === 0) return badRequest(reply, `no media check ${traceId}`);
    const pushes = [];
    for (const check of due) pushes.push({ trace_id: check.trace_id, ...(await pushMediaCheck(state, check)) });
    return pushes;
  });

  app.post('/__sandbox/faults', async (request, reply) => {
    const parsed = parseFaultRule(jsonBody(request));
    if (!parsed.ok) return badRequest(reply, parsed.error);
    return state.faultRules.add(parsed.value);
  });

  app.get('/__sandbox/faults', async () => state.faultRules.list());

  app.delete('/__sandbox/faults', async () => {
    state.faultRules.clear();
    return { ok: true };
  });

  app.post('/__sandbox/templates', async (request, reply) => {
    const body = jsonBody(request);
    const kind = body?.app;
    const id = text(body?.id);
    if (kind !== 'miniProgram' && kind !== 'officialAccount') {
      return badRequest(reply, 'app must be miniProgram or officialAccount');
    }
    if (!id) return badRequest(reply, 'id is required');
    const template: SandboxTemplate = { id, title: text(body?.title) };
    if (isStringArray(body?.keys)) template.keys = body.keys;
    if (isRecord(body?.enums)) template.enums = body.enums as Record<string, string[]>;
    state.apps[kind as AppKind].templates.set(id, template);
    return template;
  });

  app.get('/__sandbox/messages', async (request, reply) => {
    const query = queryOf(request);
    const channel = text(query.channel);
    if (channel && channel !== 'subscribe' && channel !== 'template') {
      return badRequest(reply, 'channel must be subscribe or template');
    }
    const touser = text(query.touser);
    return state.messages.filter(
      (message) => (!touser || message.touser === touser) && (!channel || message.channel === channel),
    );
  });

  app.get('/__sandbox/calls', async () => state.calls);

  app.post('/__sandbox/reset', async () => {
    state.reset();
    return { ok: true };
  });

  for (const url of ['/__sandbox', '/__sandbox/']) {
    app.get(url, async (_request, reply) => reply.type('text/html; charset=utf-8').send(renderPage(state)));
  }
}

function jsonBody(request: FastifyRequest): Record<string, unknown> | undefined {
  if (typeof request.body !== 'string' || request.body.trim() === '') return undefined;
  try {
    const body: unknown = JSON.parse(request.body);
    return isRecord(body) ? body : undefined;
  } catch {
    return undefined;
  }
}

function queryOf(request: FastifyRequest): Record<string, unknown> {
  return isRecord(request.query) ? request.query : {};
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '');
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** The label a verdict carries: given, or porn for risky, ad for review, normal for pass. */
function labelOf(value: unknown, suggest: Suggest): number | null {
  if (value === undefined) return suggest === 'risky' ? 20002 : suggest === 'review' ? 10001 : 100;
  return Number.isInteger(value) && (value as number) >= 100 && (value as number) <= 99_999 ? (value as number) : null;
}

function badRequest(reply: FastifyReply, error: string): FastifyReply {
  return reply.code(400).send({ error });
}
