import { cutGraphemes } from '@linli/shared';
import { checkContent } from './content-check';
import { argumentInvalid, WechatErrcode } from './errors';
import { newTraceId, type MediaCheck } from './media-check';
import { scheduleMediaPush } from './media-push';
import type { SandboxState } from './sandbox.state';
import type { SandboxTemplate } from './sandbox.types';
import { charCount, checkValue } from './value-rules';
import { fail, fromError, isRecord, ok, okWithMsgid, text, type WechatReply } from './wechat-reply';
import { authorize, type WechatRoute } from './wechat-route';

const MAX_CONTENT_CHARS = 2500;
/** Official-account cards show each line cut to this many characters (since 2023-05). */
const TEMPLATE_LINE_CHARS = 20;
/** Fields official-account templates dropped in 2023-05; senders may still include them. */
const DROPPED_TEMPLATE_KEYS = new Set(['first', 'remark']);

/** Subscribe and template messages, and msgSecCheck and mediaCheckAsync, WECHAT.md §3–5. */
export function messageRoutes(state: SandboxState): WechatRoute[] {
  return [
    {
      api: 'subscribe_send',
      method: 'POST',
      url: '/cgi-bin/message/subscribe/send',
      handle: ({ query, body }) => {
        const denied = authorize(state, query, 'miniProgram');
        if (denied) return denied;
        const touser = text(body.touser);
        if (!touser || !state.users.has(touser)) return fail(WechatErrcode.InvalidOpenid);
        const template = state.apps.miniProgram.templates.get(text(body.template_id) ?? '');
        if (!template) return fail(WechatErrcode.InvalidTemplateId);
        const data = subscribeData(body.data, template);
        if ('errcode' in data) return data;
        // Only a delivered message spends the user's permission (WECHAT.md §3: each 允许 earns one
        // send). So the credit is checked last: a send WeChat refuses (40003, 40037, 47003, a bad
        // token) or never runs (a 5xx from the gateway, a dropped connection, -1 busy — the fault
        // rules answer before this handler) leaves it. A slow answer is still a delivery: the
        // message is recorded and the credit spent even when the caller gave up waiting (§8).
        if (!state.takeCredit(touser, template.id)) return fail(WechatErrcode.UserRefused);
        const message = state.recordMessage({
          channel: 'subscribe',
          touser,
          template_id: template.id,
          page: text(body.page),
          miniprogram_state: text(body.miniprogram_state),
          lang: text(body.lang),
          data: data.values,
        });
        return okWithMsgid(message.msgid);
      },
      injected: (errcode, { body }) => {
        // An injected 43101 stands for the user having switched the template off in WeChat's
        // settings: WeChat then sends none of it, so the permissions it held are gone here too.
        const touser = text(body.touser);
        const templateId = text(body.template_id);
        if (errcode === WechatErrcode.UserRefused && touser && templateId) state.clearCredits(touser, templateId);
      },
    },
    {
      api: 'template_send',
      method: 'POST',
      url: '/cgi-bin/message/template/send',
      handle: ({ query, body }) => {
        const denied = authorize(state, query, 'officialAccount');
        if (denied) return denied;
        const follower = state.followers.get(text(body.touser) ?? '');
        if (!follower) return fail(WechatErrcode.InvalidOpenid);
        if (!follower.following) return fail(WechatErrcode.RequireSubscribe);
        const template = state.apps.officialAccount.templates.get(text(body.template_id) ?? '');
        if (!template) return fail(WechatErrcode.InvalidTemplateId);
        const data = templateData(body.data, template);
        if ('errcode' in data) return data;
        const message = state.recordMessage({
          channel: 'template',
          touser: follower.openid,
          template_id: template.id,
          url: text(body.url),
          miniprogram: miniprogramLink(body.miniprogram),
          client_msg_id: text(body.client_msg_id),
          data: data.values,
          shown: Object.fromEntries(
            Object.entries(data.values).map(([key, entry]) => [key, truncateLine(entry.value)]),
          ),
        });
        return okWithMsgid(message.msgid);
      },
    },
    {
      api: 'uniform_send',
      method: 'POST',
      url: '/cgi-bin/message/wxopen/template/uniform_send',
      // Withdrawn on 2023-09-20; kept so a client still calling it fails the way WeChat fails.
      handle: () => fail(WechatErrcode.ApiOffline),
    },
    {
      api: 'msg_sec_check',
      method: 'POST',
      url: '/wxa/msg_sec_check',
      handle: ({ query, body }) => {
        const denied = authorize(state, query, 'miniProgram');
        if (denied) return denied;
        if (body.version !== 2) return fail(WechatErrcode.DataFormatError, 'data format error, version must be 2');
        if (body.content === undefined || body.content === '') return fail(WechatErrcode.EmptyPostData);
        if (typeof body.content !== 'string' || charCount(body.content) > MAX_CONTENT_CHARS) {
          return fail(WechatErrcode.DataFormatError);
        }
        if (typeof body.scene !== 'number' || ![1, 2, 3, 4].includes(body.scene)) {
          return fail(WechatErrcode.InvalidScene);
        }
        const openid = text(body.openid);
        if (!openid || !state.users.has(openid)) return fail(WechatErrcode.InvalidOpenid);
        return ok({ errcode: 0, errmsg: 'ok', ...checkContent(body.content, state.contentRules) });
      },
    },
    {
      api: 'media_check_async',
      method: 'POST',
      url: '/wxa/media_check_async',
      // Answers at once with a trace_id; the verdict comes later as a wxa_media_check push.
      handle: ({ query, body }) => {
        const denied = authorize(state, query, 'miniProgram');
        if (denied) return denied;
        if (body.version !== 2) return fail(WechatErrcode.DataFormatError, 'data format error, version must be 2');
        const mediaUrl = text(body.media_url);
        if (!mediaUrl) return fail(WechatErrcode.EmptyPostData);
        if (!isFetchableUrl(mediaUrl)) return fail(WechatErrcode.DataFormatError, 'invalid media_url');
        if (body.media_type !== 1 && body.media_type !== 2) return fail(WechatErrcode.DataFormatError);
        if (typeof body.scene !== 'number' || ![1, 2, 3, 4].includes(body.scene)) {
          return fail(WechatErrcode.InvalidScene);
        }
        const openid = text(body.openid);
        if (!openid || !state.users.has(openid)) return fail(WechatErrcode.InvalidOpenid);
        const check: MediaCheck = {
          trace_id: newTraceId(),
          media_url: mediaUrl,
          media_type: body.media_type,
          openid,
          scene: body.scene,
          receivedAt: state.now(),
          pushed: false,
        };
        state.recordMediaCheck(check);
        scheduleMediaPush(state, check);
        return ok({ errcode: 0, errmsg: 'ok', trace_id: check.trace_id });
      },
    },
  ];
}

/** WeChat fetches the file itself: only an http(s) URL can be checked. */
function isFetchableUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

type Values = Record<string, { value: string }>;

/** Every key checked by its type's rule; the template's declared keys must all be there. */
function subscribeData(data: unknown, template: SandboxTemplate): { values: Values } | WechatReply {
  if (!isRecord(data) || Object.keys(data).length === 0) {
    return fromError(argumentInvalid('data is empty'));
  }
  const keys = template.keys ?? Object.keys(data);
  const values: Values = {};
  for (const key of keys) {
    const entry = data[key];
    const value = isRecord(entry) ? entry.value : undefined;
    const check = checkValue(key, value, { enumValues: template.enums?.[key] });
    if (check === 'empty') return fromError(argumentInvalid(`data.${key}.value is empty`));
    if (check === 'invalid') return fromError(argumentInvalid(`data.${key}.value invalid`));
    values[key] = { value: value as string };
  }
  return { values };
}

/** Official-account lines are not typed-checked: long values are cut on the phone, not refused. */
function templateData(data: unknown, template: SandboxTemplate): { values: Values } | WechatReply {
  if (!isRecord(data)) return fromError(argumentInvalid('data is empty'));
  const keys = template.keys ?? Object.keys(data).filter((key) => !DROPPED_TEMPLATE_KEYS.has(key));
  const values: Values = {};
  for (const key of keys) {
    const entry = data[key];
    const value = isRecord(entry) ? entry.value : undefined;
    if (value === undefined || value === '') return fromError(argumentInvalid(`data.${key}.value is empty`));
    if (typeof value !== 'string') return fromError(argumentInvalid(`data.${key}.value invalid`));
    // Custom colours are ignored since 2023-05, so only the value is kept.
    values[key] = { value };
  }
  return { values };
}

function miniprogramLink(value: unknown): { appid?: string; pagepath?: string } | undefined {
  if (!isRecord(value)) return undefined;
  return { appid: text(value.appid), pagepath: text(value.pagepath) };
}

// The phone counts the line's characters (code points) but never shows half of an emoji or a flag.
function truncateLine(value: string): string {
  return cutGraphemes(value, TEMPLATE_LINE_CHARS, '…', 'codePoint');
}
