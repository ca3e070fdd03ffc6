import { isLocalClient, isLocalHost, isLoopbackAddress } from '../src/common/net/loopback';

/** Loopback in every spelling (unit, no app): the demo login's client check and the WeChat base check. */

describe('isLoopbackAddress (a socket peer)', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '::1',
    '0:0:0:0:0:0:0:1',
    '::ffff:127.0.0.1',
    '::FFFF:127.1.2.3',
    '::ffff:7f00:1',
  ])('%s is this machine', (address) => expect(isLoopbackAddress(address)).toBe(true));

  it.each([
    '192.0.2.2',
    '10.0.0.1',
    '128.0.0.1',
    '::2',
    'fd00::1',
    '::ffff:192.0.2.2',
    '::ffff:8.8.8.8',
    '',
    undefined,
    'localhost',
    'x',
  ])('%s is not', (address) => expect(isLoopbackAddress(address)).toBe(false));
});

describe('isLocalHost (a URL host, after WHATWG normalisation)', () => {
  it.each([
    ['http://[::ffff:127.0.0.1]'],
    ['http://[::1]'],
    ['http://0x7f.1'],
    ['http://2130706433'],
    ['http://127.1'],
    ['http://localhost.'],
    ['http://[::ffff:7f00:1]'],
    ['http://api.localhost'],
    ['http://0.0.0.0'],
    ['http://[::]'],
  ])('%s reaches this machine', (url) => expect(isLocalHost(new URL(url).hostname)).toBe(true));

  it.each([
    ['https://api.weixin.qq.com'],
    ['https://[2001:db8::1]'],
    ['https://8.8.8.8'],
    ['https://localhost.example.com'],
  ])('%s does not', (url) => expect(isLocalHost(new URL(url).hostname)).toBe(false));
});

describe('isLocalClient (a request)', () => {
  const request = (remoteAddress: string, headers: Record<string, string> = {}) => ({
    socket: { remoteAddress },
    headers,
  });

  it('trusts the socket, not the headers', () => {
    expect(isLocalClient(request('127.0.0.1'))).toBe(true);
    expect(isLocalClient(request('203.0.113.7', { 'x-forwarded-for': '127.0.0.1' }))).toBe(false);
    expect(isLocalClient(request('127.0.0.1', { 'x-forwarded-for': '203.0.113.7' }))).toBe(false);
    expect(isLocalClient({ headers: {} })).toBe(false);
  });
});
