import { createHash, timingSafeEqual } from 'node:crypto';
import type { FieldError } from '@linli/shared';

/** One message or event the official account pushes to us (flat XML). */
export type PushMessage = Record<string, string>;

/** The `openid` column's size; WeChat's openids are 28 characters. */
const MAX_ID_LENGTH = 64;
/** What WeChat pushes to an official account; anything else is answered "success" and ignored. */
const KNOWN_MSG_TYPES = new Set(['text', 'image', 'voice', 'video', 'shortvideo', 'location', 'link', 'event']);

/**
 * WeChat's push XML is one flat level of `<Name><![CDATA[value]]></Name>` or `<Name>value</Name>`;
 * anything else yields null. The safe-mode envelope (ToUserName + Encrypt) is one too.
 */
export function parseFlatXml(xml: string): PushMessage | null {
  const body = /^\s*<xml>([\s\S]*)<\/xml>\s*$/.exec(xml)?.[1];
  if (body === undefined) return null;
  const fields: PushMessage = {};
  const pattern = /<([A-Za-z][A-Za-z0-9_]*)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g;
  for (const match of body.matchAll(pattern)) fields[match[1]] = match[2] ?? match[3] ?? '';
  return fields;
}

/** A message or event: flat XML with a MsgType, or null. */
export function parsePushXml(xml: string): PushMessage | null {
  const fields = parseFlatXml(xml);
  return fields?.MsgType ? fields : null;
}

/**
 * What must hold before a push touches the database: sender and recipient fit their columns
 * (a 65-character FromUserName once gave 500). Empty when the push is fine.
 */
export function pushProblems(message: PushMessage): FieldError[] {
  const problems: FieldError[] = [];
  for (const field of ['FromUserName', 'ToUserName'] as const) {
    const value = message[field];
    if (!value) problems.push({ field, message: '缺少该字段' });
    else if (value.length > MAX_ID_LENGTH) problems.push({ field, message: `不能超过 ${MAX_ID_LENGTH} 个字符` });
    else if (!/^[A-Za-z0-9_-]+$/.test(value)) problems.push({ field, message: '只能包含字母、数字、下划线和短横线' });
  }
  return problems;
}

export function isKnownMsgType(message: PushMessage): boolean {
  return KNOWN_MSG_TYPES.has(message.MsgType);
}

/** sha1 of the sorted token, timestamp and nonce: how WeChat signs what it sends us. */
export function pushSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

export function verifyPushSignature(token: string, query: Record<string, unknown>): boolean {
  const { signature, timestamp, nonce } = query;
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || typeof nonce !== 'string') return false;
  const expected = Buffer.from(pushSignature(token, timestamp, nonce));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** A passive text reply: WeChat shows it to the follower in the chat. */
export function textReply(to: string, from: string, content: string, now: Date): string {
  const cdata = (value: string) => `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
  return (
    `<xml><ToUserName>${cdata(to)}</ToUserName><FromUserName>${cdata(from)}</FromUserName>` +
    `<CreateTime>${Math.floor(now.getTime() / 1000)}</CreateTime><MsgType>${cdata('text')}</MsgType>` +
    `<Content>${cdata(content)}</Content></xml>`
  );
}
