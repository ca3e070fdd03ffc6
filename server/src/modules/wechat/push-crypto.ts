import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * WeChat's 安全模式 for official-account pushes (its WXBizMsgCrypt): AES-256-CBC with the key
 * base64-decoded from the 43-character EncodingAESKey, the key's first 16 bytes as IV, PKCS#7
 * padding to 32-byte blocks, and a plaintext of 16 random bytes, the XML's length (4 bytes,
 * big-endian), the XML and the appid. `msg_signature` is sha1 over the sorted token, timestamp,
 * nonce and ciphertext, so unlike plaintext mode the body is covered.
 */
const BLOCK = 32;
const RANDOM_BYTES = 16;
/** Far above any push (the XML parser's limit is 64 KB); refuses absurd lengths before decrypting. */
const MAX_CIPHERTEXT_CHARS = 128 * 1024;

export const ENCODING_AES_KEY_PATTERN = /^[A-Za-z0-9]{43}$/;

export interface PushKeys {
  token: string;
  /** 32 bytes, from aesKeyOf(EncodingAESKey). */
  aesKey: Buffer;
  /** The official account's appid, the last part of every plaintext. */
  appid: string;
}

export function aesKeyOf(encodingAesKey: string): Buffer {
  if (!ENCODING_AES_KEY_PATTERN.test(encodingAesKey)) throw new Error('EncodingAESKey must be 43 letters or digits');
  return Buffer.from(`${encodingAesKey}=`, 'base64');
}

export function msgSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

export function verifyMsgSignature(
  token: string,
  timestamp: string,
  nonce: string,
  encrypt: string,
  given: string,
): boolean {
  const expected = Buffer.from(msgSignature(token, timestamp, nonce, encrypt));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function encryptMessage(keys: PushKeys, xml: string, random: Buffer = randomBytes(RANDOM_BYTES)): string {
  const body = Buffer.from(xml, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const plain = Buffer.concat([random, length, body, Buffer.from(keys.appid, 'utf8')]);
  const pad = BLOCK - (plain.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', keys.aesKey, keys.aesKey.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString(
    'base64',
  );
}

export type DecryptResult = { ok: true; xml: string } | { ok: false; reason: 'malformed' | 'appid' };

/**
 * The XML inside a ciphertext, or why not: anything that is not exactly WeChat's layout
 * (bad base64, a length that is no whole block, wrong padding or length field) is `malformed`;
 * a message for another account is `appid`. Never throws: a forged body must not give 500.
 */
export function decryptMessage(keys: PushKeys, encrypt: string): DecryptResult {
  if (encrypt.length > MAX_CIPHERTEXT_CHARS || !/^[A-Za-z0-9+/]+={0,2}$/.test(encrypt) || encrypt.length % 4 !== 0) {
    return { ok: false, reason: 'malformed' };
  }
  const data = Buffer.from(encrypt, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) return { ok: false, reason: 'malformed' };
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', keys.aesKey, keys.aesKey.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const pad = plain[plain.length - 1];
  if (pad < 1 || pad > BLOCK || pad > plain.length) return { ok: false, reason: 'malformed' };
  for (let i = plain.length - pad; i < plain.length; i++)
    if (plain[i] !== pad) return { ok: false, reason: 'malformed' };
  const content = plain.subarray(RANDOM_BYTES, plain.length - pad);
  if (content.length < 4) return { ok: false, reason: 'malformed' };
  const length = content.readUInt32BE(0);
  if (4 + length > content.length) return { ok: false, reason: 'malformed' };
  const appid = content.subarray(4 + length).toString('utf8');
  if (appid !== keys.appid) return { ok: false, reason: 'appid' };
  return { ok: true, xml: content.subarray(4, 4 + length).toString('utf8') };
}

/** A passive reply in safe mode: the reply XML encrypted and signed, as WeChat expects it back. */
export function encryptedReply(keys: PushKeys, xml: string, timestamp: string, nonce: string): string {
  const encrypt = encryptMessage(keys, xml);
  const signature = msgSignature(keys.token, timestamp, nonce, encrypt);
  return (
    `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt><MsgSignature><![CDATA[${signature}]]></MsgSignature>` +
    `<TimeStamp>${timestamp}</TimeStamp><Nonce><![CDATA[${nonce}]]></Nonce></xml>`
  );
}
