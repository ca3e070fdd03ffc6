import { createHash, randomInt } from 'node:crypto';
import { decrypt, encrypt, msgSignature, type SafeModeKeys } from './push-crypto';
import type { SandboxState } from './sandbox.state';
import type { EventPushResult, SandboxCallback } from './sandbox.types';

/** WeChat gives up on the developer server after 5 seconds. */
export const PUSH_TIMEOUT_MS = 5000;

/** What the official account pushes: a follow change, or a text the user typed in the chat. */
export type PushMessage =
  { kind: 'event'; event: 'subscribe' | 'unsubscribe' } | { kind: 'text'; content: string; msgid: string };

/**
 * WeChat's signature over a push (and over the URL check when the callback is configured):
 * sha1 of token, timestamp and nonce, sorted as strings and joined without separator.
 */
export function wechatSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

/** The plaintext-mode XML body, element order as WeChat sends it. */
export function pushXml(originalId: string, openid: string, createTime: number, message: PushMessage): string {
  const fields =
    message.kind === 'event'
      ? `<MsgType>${cdata('event')}</MsgType><Event>${cdata(message.event)}</Event>`
      : `<MsgType>${cdata('text')}</MsgType><Content>${cdata(message.content)}</Content><MsgId>${message.msgid}</MsgId>`;
  return `<xml><ToUserName>${cdata(originalId)}</ToUserName><FromUserName>${cdata(openid)}</FromUserName><CreateTime>${createTime}</CreateTime>${fields}</xml>`;
}

/** "]]>" cannot appear inside CDATA: it is split across two sections. */
export function cdata(value: string): string {
  return `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/**
 * Pushes to the configured callback as WeChat does (one attempt; WeChat's retries are left out
 * so a test sees exactly one push) and logs it as an event_push call.
 */
export async function pushToDeveloper(
  state: SandboxState,
  openid: string,
  message: PushMessage,
): Promise<EventPushResult> {
  const callback = state.callback;
  if (!callback) throw new Error('no callback configured');
  const xml = pushXml(state.originalId, openid, Math.floor(state.now() / 1000), message);
  return deliverPush(state, {
    callback,
    appid: state.apps.officialAccount.appid,
    originalId: state.originalId,
    xml,
    // The official account names the follower in the query as well.
    openid,
  });
}

export interface PushTarget {
  callback: Required<SandboxCallback>;
  /** Whose pushes these are: the appid inside the ciphertext. */
  appid: string;
  /** ToUserName of the envelope. */
  originalId: string;
  /** The message in clear. */
  xml: string;
  openid?: string;
}

/** Signs (and in safe mode encrypts) one push, sends it to the developer server and logs it. */
export async function deliverPush(state: SandboxState, target: PushTarget): Promise<EventPushResult> {
  const { callback, xml } = target;
  const now = state.now();
  const timestamp = String(Math.floor(now / 1000));
  // WeChat's nonces are decimal numbers.
  const nonce = String(randomInt(100_000_000, 2_147_483_647));
  const url = new URL(callback.url);
  const keys: SafeModeKeys = {
    token: callback.token,
    encodingAesKey: callback.encodingAesKey,
    appid: target.appid,
  };
  const query: Record<string, string> = {
    signature: wechatSignature(callback.token, timestamp, nonce),
    timestamp,
    nonce,
    ...(target.openid ? { openid: target.openid } : {}),
  };
  let body = xml;
  if (callback.mode === 'safe') {
    // WeChat's safe-mode body: only the recipient in clear, everything else inside Encrypt.
    const ciphertext = encrypt(keys, xml);
    query.encrypt_type = 'aes';
    query.msg_signature = msgSignature(callback.token, timestamp, nonce, ciphertext);
    body = `<xml><ToUserName>${cdata(target.originalId)}</ToUserName><Encrypt>${cdata(ciphertext)}</Encrypt></xml>`;
  }
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);

  let result: EventPushResult;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body,
      signal: AbortSignal.timeout(PUSH_TIMEOUT_MS),
    });
    const answer = await response.text();
    result = { delivered: response.ok, status: response.status, body: answer };
    if (callback.mode === 'safe' && response.ok) result = { ...result, ...openReply(keys, answer) };
  } catch (error) {
    result = { delivered: false, status: null, body: null, error: failureReason(error) };
  }
  state.recordCall({
    api: 'event_push',
    method: 'POST',
    path: `${url.origin}${url.pathname}`,
    query,
    // The page shows what the follower sent and saw, so the plaintext, not the ciphertext.
    body: xml,
    errcode: null,
    status: result.status,
    response: result.replyError ? `${result.body} (${result.replyError})` : (result.body ?? result.error),
  });
  return result;
}

/**
 * A safe-mode passive reply, as WeChat reads it: "success" or an empty body mean no reply; any
 * other answer must be the signed <Encrypt> envelope, and the body shown is what it decrypts to.
 */
function openReply(keys: SafeModeKeys, answer: string): { body: string; replyError?: string } {
  if (answer === '' || answer === 'success') return { body: answer };
  const ciphertext = element(answer, 'Encrypt');
  const signature = element(answer, 'MsgSignature');
  const timestamp = element(answer, 'TimeStamp');
  const nonce = element(answer, 'Nonce');
  if (!ciphertext || !signature || !timestamp || !nonce) return { body: answer, replyError: 'reply not encrypted' };
  if (msgSignature(keys.token, timestamp, nonce, ciphertext) !== signature) {
    return { body: answer, replyError: 'reply MsgSignature does not match' };
  }
  const opened = decrypt(keys, ciphertext);
  return 'xml' in opened ? { body: opened.xml } : { body: answer, replyError: opened.error };
}

function element(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${name}>`).exec(xml);
  return match ? (match[1] ?? match[2]) : undefined;
}

/** Duck-typed: fetch's errors may come from another realm (e.g. under Jest), so instanceof fails. */
function failureReason(error: unknown): string {
  const failure = error as { name?: string; message?: string; cause?: { code?: string; message?: string } } | null;
  if (failure?.name === 'TimeoutError') return `no answer within ${PUSH_TIMEOUT_MS} ms`;
  return failure?.cause?.code ?? failure?.cause?.message ?? failure?.message ?? String(error);
}
