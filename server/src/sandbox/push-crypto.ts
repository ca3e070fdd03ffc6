import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * The sandbox's own copy of WeChat's 安全模式 (WXBizMsgCrypt), kept apart from the server's so a
 * mistake on one side shows up as a failed push instead of cancelling out: AES-256-CBC, key =
 * base64(EncodingAESKey + "="), IV = its first 16 bytes, PKCS#7 to 32 bytes, plaintext =
 * 16 random bytes + 4-byte big-endian length + XML + appid.
 */
export interface SafeModeKeys {
  token: string;
  encodingAesKey: string;
  appid: string;
}

export function msgSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

function keyOf(encodingAesKey: string): Buffer {
  return Buffer.from(`${encodingAesKey}=`, 'base64');
}

export function encrypt(keys: SafeModeKeys, xml: string): string {
  const key = keyOf(keys.encodingAesKey);
  const body = Buffer.from(xml, 'utf8');
  const head = Buffer.alloc(20);
  randomBytes(16).copy(head);
  head.writeUInt32BE(body.length, 16);
  const plain = Buffer.concat([head, body, Buffer.from(keys.appid, 'utf8')]);
  const pad = 32 - (plain.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString(
    'base64',
  );
}

/** The XML inside, or the reason WeChat would drop the reply. */
export function decrypt(keys: SafeModeKeys, ciphertext: string): { xml: string } | { error: string } {
  const key = keyOf(keys.encodingAesKey);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]);
  } catch {
    return { error: 'not AES-256-CBC ciphertext' };
  }
  const pad = plain.at(-1) ?? 0;
  if (pad < 1 || pad > 32 || plain.length < 20 + pad) return { error: 'bad padding' };
  const length = plain.readUInt32BE(16);
  if (20 + length > plain.length - pad) return { error: 'bad length' };
  const appid = plain.subarray(20 + length, plain.length - pad).toString('utf8');
  if (appid !== keys.appid) return { error: `appid ${appid} is not ${keys.appid}` };
  return { xml: plain.subarray(20, 20 + length).toString('utf8') };
}
