import { createHash, timingSafeEqual } from 'node:crypto';

/** One message or event the official account pushes to us (flat XML, WeChat's plaintext mode). */
export type PushMessage = Record<string, string>;

/**
 * WeChat's push XML is one flat level of `<Name><![CDATA[value]]></Name>` or `<Name>value</Name>`;
 * anything else is not from WeChat and yields null.
 */
export function parsePushXml(xml: string): PushMessage | null {
  const body = /^\s*<xml>([\s\S]*)<\/xml>\s*$/.exec(xml)?.[1];
  if (body === undefined) return null;
  const fields: PushMessage = {};
  const pattern = /<([A-Za-z][A-Za-z0-9_]*)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g;
  for (const match of body.matchAll(pattern)) fields[match[1]] = match[2] ?? match[3] ?? '';
  return fields.MsgType ? fields : null;
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
