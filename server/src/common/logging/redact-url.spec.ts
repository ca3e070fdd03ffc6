import { REDACTED, redactUrl } from './redact-url';

describe('redacting secrets from logged URLs', () => {
  it('redacts a signed official-account push, keeping the names and the harmless parameters', () => {
    const url =
      '/api/wechat/official-account?signature=0f1e2d&timestamp=1764806401&nonce=123456789&openid=oa-wang' +
      '&encrypt_type=aes&msg_signature=9a8b7c';
    expect(redactUrl(url)).toBe(
      `/api/wechat/official-account?signature=${REDACTED}&timestamp=${REDACTED}&nonce=${REDACTED}&openid=oa-wang` +
        `&encrypt_type=aes&msg_signature=${REDACTED}`,
    );
  });

  it('redacts echostr, photo signatures, access tokens and login codes', () => {
    expect(redactUrl('/api/wechat/official-account?echostr=hello&signature=x')).toBe(
      `/api/wechat/official-account?echostr=${REDACTED}&signature=${REDACTED}`,
    );
    expect(redactUrl('/api/photos/7/file?variant=thumb&exp=1764806401&sig=AbC-_')).toBe(
      `/api/photos/7/file?variant=thumb&exp=1764806401&sig=${REDACTED}`,
    );
    expect(redactUrl('https://api.weixin.qq.com/cgi-bin/user/info?access_token=TOKEN&openid=o1')).toBe(
      `https://api.weixin.qq.com/cgi-bin/user/info?access_token=${REDACTED}&openid=o1`,
    );
    expect(redactUrl('/sns/jscode2session?js_code=a&code=b')).toBe(`/sns/jscode2session?js_code=a&code=${REDACTED}`);
  });

  it('cannot be dodged by repeating, encoding or capitalising a name, or by a broken escape', () => {
    expect(redactUrl('/x?sig=a&sig=b')).toBe(`/x?sig=${REDACTED}&sig=${REDACTED}`);
    expect(redactUrl('/x?%73ig=a&SIG=b&Signature=c')).toBe(
      `/x?%73ig=${REDACTED}&SIG=${REDACTED}&Signature=${REDACTED}`,
    );
    expect(redactUrl('/x?%zz=1&sig=%E0%A4%A')).toBe(`/x?%zz=1&sig=${REDACTED}`);
    expect(redactUrl('/x?nonce=1#frag')).toBe(`/x?nonce=${REDACTED}#frag`);
  });

  it('leaves URLs without secrets as they are', () => {
    for (const url of ['/api/health', '/api/requests?page=2&pageSize=20', '/x?', '/x?sig', '/x?signatures=1']) {
      expect(redactUrl(url)).toBe(url);
    }
  });
});
