import { createCipheriv } from 'node:crypto';
import {
  aesKeyOf,
  decryptMessage,
  encryptedReply,
  encryptMessage,
  msgSignature,
  verifyMsgSignature,
} from './push-crypto';

// The sample in Tencent's WXBizMsgCrypt SDKs: a real push, signed and encrypted by WeChat's algorithm.
const SAMPLE = {
  token: 'spamtest',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  appid: 'wx2c2769f8efd9abc2',
  timestamp: '1409735669',
  nonce: '1320562132',
  msgSignature: '5d197aaffba7e9b25a30732f161a50dee96bd5fa',
  encrypt:
    'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXp' +
    'bUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzj' +
    'lpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYY' +
    'I1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=',
};
const keys = { token: SAMPLE.token, aesKey: aesKeyOf(SAMPLE.encodingAesKey), appid: SAMPLE.appid };

describe('official-account safe mode (安全模式)', () => {
  it('verifies and decrypts Tencent’s own sample push', () => {
    expect(msgSignature(SAMPLE.token, SAMPLE.timestamp, SAMPLE.nonce, SAMPLE.encrypt)).toBe(SAMPLE.msgSignature);
    expect(verifyMsgSignature(SAMPLE.token, SAMPLE.timestamp, SAMPLE.nonce, SAMPLE.encrypt, SAMPLE.msgSignature)).toBe(
      true,
    );
    const result = decryptMessage(keys, SAMPLE.encrypt);
    expect(result.ok).toBe(true);
    expect(result.ok && result.xml).toContain('<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>');
    expect(result.ok && result.xml).toContain('<Content><![CDATA[abcdteT]]></Content>');
  });

  it('round-trips any XML, Chinese included, with padding to 32-byte blocks', () => {
    for (const xml of ['', '<xml/>', '<xml><Content><![CDATA[绑定码 1234 567890]]></Content></xml>', 'x'.repeat(31)]) {
      const encrypt = encryptMessage(keys, xml);
      expect(Buffer.from(encrypt, 'base64').length % 32).toBe(0);
      expect(decryptMessage(keys, encrypt)).toEqual({ ok: true, xml });
    }
  });

  it('refuses a message for another appid', () => {
    const encrypt = encryptMessage({ ...keys, appid: 'wx-someone-else' }, '<xml/>');
    expect(decryptMessage(keys, encrypt)).toEqual({ ok: false, reason: 'appid' });
  });

  it('refuses a tampered body: the signature no longer matches, and the plaintext is garbage', () => {
    const bytes = Buffer.from(SAMPLE.encrypt, 'base64');
    bytes[40] ^= 1;
    const tampered = bytes.toString('base64');
    expect(verifyMsgSignature(SAMPLE.token, SAMPLE.timestamp, SAMPLE.nonce, tampered, SAMPLE.msgSignature)).toBe(false);
    // Flipping a bit in block n scrambles block n of the plaintext: the appid at the end survives only if untouched.
    const last = Buffer.from(SAMPLE.encrypt, 'base64');
    last[last.length - 20] ^= 1;
    expect(decryptMessage(keys, last.toString('base64')).ok).toBe(false);
  });

  it('refuses bad padding, bad lengths and bad base64 without throwing', () => {
    const iv = keys.aesKey.subarray(0, 16);
    const raw = (plain: Buffer) => {
      const cipher = createCipheriv('aes-256-cbc', keys.aesKey, iv);
      cipher.setAutoPadding(false);
      return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
    };
    const block = (fill: number, last: number) => Buffer.concat([Buffer.alloc(31, fill), Buffer.from([last])]);
    expect(decryptMessage(keys, raw(block(0, 0)))).toEqual({ ok: false, reason: 'malformed' }); // pad 0
    expect(decryptMessage(keys, raw(block(0, 33)))).toEqual({ ok: false, reason: 'malformed' }); // pad > 32
    expect(decryptMessage(keys, raw(block(7, 3)))).toEqual({ ok: false, reason: 'malformed' }); // pad bytes differ
    // A length field pointing past the end.
    const lying = Buffer.alloc(64, 1);
    lying.writeUInt32BE(1000, 16);
    expect(decryptMessage(keys, raw(lying))).toEqual({ ok: false, reason: 'malformed' });
    for (const junk of ['', 'not base64!', 'QUJD', 'A'.repeat(200_000), `${SAMPLE.encrypt.slice(0, -4)}`]) {
      expect(decryptMessage(keys, junk).ok).toBe(false);
    }
  });

  it('wraps a passive reply as WeChat expects it, signed over the ciphertext', () => {
    const reply = encryptedReply(keys, '<xml><Content><![CDATA[绑定成功]]></Content></xml>', '1409735669', '42');
    const encrypt = /<Encrypt><!\[CDATA\[([^\]]+)\]\]><\/Encrypt>/.exec(reply)![1];
    const signature = /<MsgSignature><!\[CDATA\[([0-9a-f]{40})\]\]><\/MsgSignature>/.exec(reply)![1];
    expect(reply).toMatch(/<TimeStamp>1409735669<\/TimeStamp><Nonce><!\[CDATA\[42\]\]><\/Nonce><\/xml>$/);
    expect(signature).toBe(msgSignature(SAMPLE.token, '1409735669', '42', encrypt));
    expect(decryptMessage(keys, encrypt)).toEqual({
      ok: true,
      xml: '<xml><Content><![CDATA[绑定成功]]></Content></xml>',
    });
  });

  it('accepts only 43-character EncodingAESKeys', () => {
    expect(aesKeyOf(SAMPLE.encodingAesKey)).toHaveLength(32);
    for (const bad of ['', 'short', `${SAMPLE.encodingAesKey}A`, `${SAMPLE.encodingAesKey.slice(0, 42)}+`]) {
      expect(() => aesKeyOf(bad)).toThrow(/43/);
    }
  });
});
