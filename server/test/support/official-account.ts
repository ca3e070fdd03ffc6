import { createHash, randomInt } from 'node:crypto';
import { decrypt, encrypt, msgSignature } from '../../src/sandbox/push-crypto';
import type { TestContext } from './test-app';

/**
 * Pushes to /api/wechat/official-account built by hand with the secrets WeChat holds (token,
 * EncodingAESKey, appid), encrypted with the sandbox's (WeChat's side) code: what an attacker
 * captures and replays, or what WeChat would send with odd content.
 */
export interface CraftedPush {
  /** Path and signed query, exactly as WeChat would call it. */
  url: string;
  body: string;
  query: Record<string, string>;
}

export interface PushOptions {
  mode?: 'safe' | 'plaintext';
  /** Seconds since the epoch; defaults to the test clock's now. */
  timestamp?: number;
  nonce?: string;
  /** Overrides for the keys WeChat uses (another account's appid, a wrong key…). */
  appid?: string;
  encodingAesKey?: string;
}

export function eventXml(ctx: TestContext, openid: string, event: 'subscribe' | 'unsubscribe'): string {
  return `<xml><ToUserName><![CDATA[gh_linli_demo]]></ToUserName><FromUserName><![CDATA[${openid}]]></FromUserName><CreateTime>${now(ctx)}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${event}]]></Event></xml>`;
}

export function textXml(ctx: TestContext, openid: string, content: string): string {
  return `<xml><ToUserName><![CDATA[gh_linli_demo]]></ToUserName><FromUserName><![CDATA[${openid}]]></FromUserName><CreateTime>${now(ctx)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${randomInt(1, 2 ** 47)}</MsgId></xml>`;
}

export function craftPush(ctx: TestContext, xml: string, options: PushOptions = {}): CraftedPush {
  const account = ctx.config.wechat.officialAccount;
  const timestamp = String(options.timestamp ?? now(ctx));
  const nonce = options.nonce ?? freshNonce();
  const token = account.callbackToken;
  const signature = createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
  const query: Record<string, string> = { signature, timestamp, nonce, openid: fieldOf(xml, 'FromUserName') ?? '' };
  let body = xml;
  if ((options.mode ?? 'safe') === 'safe') {
    const keys = {
      token,
      encodingAesKey: options.encodingAesKey ?? account.aesKey!,
      appid: options.appid ?? account.appid,
    };
    const ciphertext = encrypt(keys, xml);
    query.encrypt_type = 'aes';
    query.msg_signature = msgSignature(token, timestamp, nonce, ciphertext);
    body = `<xml><ToUserName><![CDATA[gh_linli_demo]]></ToUserName><Encrypt><![CDATA[${ciphertext}]]></Encrypt></xml>`;
  }
  return { url: `/api/wechat/official-account?${new URLSearchParams(query).toString()}`, body, query };
}

export interface PushAnswer {
  status: number;
  /** What the server answered; in safe mode an encrypted reply is opened (and its signature checked). */
  text: string;
  encrypted: boolean;
}

export async function sendPush(ctx: TestContext, push: CraftedPush): Promise<PushAnswer> {
  const res = await ctx.app.inject({
    method: 'POST',
    url: push.url,
    headers: { 'content-type': 'text/xml' },
    payload: push.body,
  });
  const account = ctx.config.wechat.officialAccount;
  const ciphertext = fieldOf(res.body, 'Encrypt');
  if (!ciphertext) return { status: res.statusCode, text: res.body, encrypted: false };
  const signature = msgSignature(
    account.callbackToken,
    fieldOf(res.body, 'TimeStamp') ?? '',
    fieldOf(res.body, 'Nonce') ?? '',
    ciphertext,
  );
  expect(fieldOf(res.body, 'MsgSignature')).toBe(signature);
  const opened = decrypt(
    { token: account.callbackToken, encodingAesKey: account.aesKey!, appid: account.appid },
    ciphertext,
  );
  if (!('xml' in opened)) throw new Error(`reply does not decrypt: ${opened.error}`);
  return { status: res.statusCode, text: opened.xml, encrypted: true };
}

/** The text of one element of flat XML, CDATA or not. */
export function fieldOf(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${name}>`).exec(xml);
  return match ? (match[1] ?? match[2]) : undefined;
}

/**
 * A random nonce as WeChat sends, never one this process has sent before: the server rightly
 * refuses a repeat as a replay, and a suite that sends thousands would otherwise meet one by
 * the birthday paradox now and then (3,000 draws of 2³¹: about one run in 500).
 */
const sentNonces = new Set<string>();
function freshNonce(): string {
  let nonce: string;
  do nonce = String(randomInt(100_000_000, 2_147_483_647));
  while (sentNonces.has(nonce));
  sentNonces.add(nonce);
  return nonce;
}

function now(ctx: TestContext): number {
  return Math.floor(ctx.clock.now().getTime() / 1000);
}
