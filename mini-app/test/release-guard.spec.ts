import { isRelease, releaseProblems, releaseRefusal } from '../config/release-guard';

const REAL_APPID = 'wx0123456789abcdef';
const release = { LINLI_RELEASE: '1', NODE_ENV: 'production', TARO_ENV: 'weapp' };
const good = { ...release, LINLI_API_BASE: 'https://api.linli.example.com', WECHAT_APPID: REAL_APPID };

describe('releaseProblems', () => {
  it('asks nothing of a development build: the defaults stay', () => {
    expect(releaseProblems({ NODE_ENV: 'production' }, 'touristappid')).toEqual([]);
    expect(releaseProblems({ LINLI_RELEASE: '0', LINLI_API_BASE: 'http://localhost:3000' }, 'touristappid')).toEqual(
      [],
    );
  });

  it('knows the release switch', () => {
    expect(isRelease({ LINLI_RELEASE: '1' })).toBe(true);
    expect(isRelease({ LINLI_RELEASE: 'true' })).toBe(true);
    expect(isRelease({ LINLI_RELEASE: '' })).toBe(false);
    expect(isRelease({})).toBe(false);
  });

  it('accepts a release with an https API and a real appid', () => {
    expect(releaseProblems(good, 'touristappid')).toEqual([]);
    expect(releaseProblems({ ...good, LINLI_API_BASE: 'https://wy.example.cn:8443/linli' })).toEqual([]);
  });

  it('takes the appid already in project.config.json when WECHAT_APPID is not set', () => {
    expect(releaseProblems({ ...good, WECHAT_APPID: undefined }, REAL_APPID)).toEqual([]);
    expect(releaseProblems({ ...good, WECHAT_APPID: '' }, 'touristappid')).toHaveLength(1);
  });

  it('refuses a release without either variable, naming both in Chinese and English', () => {
    const problems = releaseProblems(release, 'touristappid');
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/LINLI_API_BASE 未设置/);
    expect(problems[0]).toMatch(/Set LINLI_API_BASE to the server’s https origin/);
    expect(problems[1]).toMatch(/appid 仍是 touristappid/);
    expect(problems[1]).toMatch(/Set WECHAT_APPID to the mini-program’s AppID/);
  });

  it.each([
    ['http://api.linli.example.com', /不是 https/],
    ['https://localhost:3000', /本机或 IP/],
    ['https://127.0.0.1', /本机或 IP/],
    ['https://0x7f.1', /本机或 IP/],
    ['https://[::1]:3000', /本机或 IP/],
    ['https://192.168.1.20', /本机或 IP/],
    ['https://api.example.com/?x=1', /只能是地址本身/],
    ['api.example.com', /不是有效的网址/],
  ])('refuses LINLI_API_BASE=%s', (apiBase, message) => {
    const problems = releaseProblems({ ...good, LINLI_API_BASE: apiBase });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
    expect(problems[0]).toContain('LINLI_API_BASE');
  });

  it.each([['touristappid'], ['wx-linli-demo'], ['WX0123456789ABCDEF']])('refuses WECHAT_APPID=%s', (appid) => {
    const problems = releaseProblems({ ...good, WECHAT_APPID: appid });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('WECHAT_APPID');
  });

  it('refuses a development (unminified) release build', () => {
    expect(releaseProblems({ ...good, NODE_ENV: 'development' })).toEqual([
      expect.stringContaining('NODE_ENV=development'),
    ]);
  });

  it('asks h5 for neither: it calls its own origin and has no appid', () => {
    expect(releaseProblems({ ...release, TARO_ENV: 'h5' }, 'touristappid')).toEqual([]);
  });

  it('prints every problem under one heading that says how to build for development instead', () => {
    const message = releaseRefusal(releaseProblems(release, 'touristappid'));
    expect(message.split('\n')[0]).toBe(
      '[linli] 发布构建被拒绝（LINLI_RELEASE=1）/ Release build refused (LINLI_RELEASE=1):',
    );
    expect(message).toContain('  - LINLI_API_BASE');
    expect(message).toContain('unset LINLI_RELEASE');
  });
});
