import { wechatError, type WechatErrcodeValue, type WechatErrorBody } from './errors';

/** A WeChat answer: the errcode for the call log and the exact JSON text to send. */
export interface WechatReply {
  errcode: number;
  json: string;
  /** Success of the APIs that answer with a file (getwxacodeunlimit): the bytes instead of JSON. */
  image?: { contentType: string; bytes: Buffer };
}

export function fail(errcode: WechatErrcodeValue, message?: string): WechatReply {
  return fromError(wechatError(errcode, message));
}

export function fromError(error: WechatErrorBody): WechatReply {
  return { errcode: error.errcode, json: JSON.stringify(error) };
}

export function ok(body: object): WechatReply {
  return { errcode: 0, json: JSON.stringify(body) };
}

/**
 * Send success. msgid is an int64 above 2^53; it is written as a bare number literal, as
 * WeChat does, so a client that parses it as a JS number gets wrong digits and notices.
 */
export function okWithMsgid(msgid: string): WechatReply {
  if (!/^\d+$/.test(msgid)) throw new Error(`msgid must be digits: ${msgid}`);
  return { errcode: 0, json: `{"errcode":0,"errmsg":"ok","msgid":${msgid}}` };
}

/** Strings from a query or JSON body; anything else counts as absent. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
