/**
 * What a release build of the mini-program (LINLI_RELEASE=1) must have that a development build
 * may leave at its defaults: on a phone WeChat only reaches https origins entered in the back
 * office as legal domains, and a real appid is needed to upload, preview on a phone or publish.
 * Development builds (no LINLI_RELEASE) keep http://localhost:3000 and the demo appid.
 */

export type BuildEnv = Readonly<Record<string, string | undefined>>;

/** The demo appid of WeChat DevTools: runs in the simulator only. */
export const TOURIST_APPID = 'touristappid';
const APPID = /^wx[0-9a-f]{16}$/;

/** `LINLI_RELEASE=1` (or `true`) asks for a release build. */
export function isRelease(env: BuildEnv): boolean {
  return /^(1|true|yes)$/i.test(env.LINLI_RELEASE?.trim() ?? '');
}

/** Hosts WeChat will never accept as a legal request domain: this machine and bare IP addresses. */
function isLocalOrIp(hostname: string): boolean {
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^[\d.]+$/.test(host) || host.includes(':');
}

function apiBaseProblem(value: string | undefined): string | undefined {
  const set =
    '请设置 LINLI_API_BASE 为服务器的 https 地址（须在微信后台配置为合法域名），例如 LINLI_API_BASE=https://api.example.com。\n' +
    '    Set LINLI_API_BASE to the server’s https origin (entered as a legal domain in the WeChat back office), e.g. LINLI_API_BASE=https://api.example.com.';
  const raw = value?.trim();
  if (!raw)
    return `LINLI_API_BASE 未设置（开发默认值 http://localhost:3000 在真机上无法访问）。/ LINLI_API_BASE is not set (the development default http://localhost:3000 cannot be reached from a phone).\n    ${set}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `LINLI_API_BASE=${raw} 不是有效的网址。/ LINLI_API_BASE=${raw} is not a URL.\n    ${set}`;
  }
  if (url.protocol !== 'https:') {
    return `LINLI_API_BASE=${raw} 不是 https 地址，微信只允许小程序访问 https。/ LINLI_API_BASE=${raw} is not https; WeChat lets a mini-program call https only.\n    ${set}`;
  }
  if (isLocalOrIp(url.hostname)) {
    return `LINLI_API_BASE=${raw} 指向本机或 IP 地址，微信合法域名必须是已备案的域名。/ LINLI_API_BASE=${raw} is this machine or an IP address; a WeChat legal domain must be a registered domain name.\n    ${set}`;
  }
  if (url.username || url.password || url.search || url.hash) {
    return `LINLI_API_BASE=${raw} 只能是地址本身，不能带用户名、查询参数或 #。/ LINLI_API_BASE=${raw} must be a plain origin, without credentials, query or fragment.\n    ${set}`;
  }
  return undefined;
}

function appidProblem(envAppid: string | undefined, projectAppid: string | undefined): string | undefined {
  const set =
    '请设置 WECHAT_APPID 为小程序的 AppID（微信公众平台 › 开发管理 › 开发设置），例如 WECHAT_APPID=wx0123456789abcdef。\n' +
    '    Set WECHAT_APPID to the mini-program’s AppID (WeChat back office › 开发管理 › 开发设置), e.g. WECHAT_APPID=wx0123456789abcdef.';
  const appid = envAppid?.trim() || projectAppid?.trim();
  if (!appid || appid === TOURIST_APPID) {
    return `小程序 appid 仍是 ${appid || '（空）'}，只能在开发者工具模拟器中运行，无法上传或真机预览。/ The appid is still ${appid || '(empty)'}: it runs in the DevTools simulator only, and cannot be uploaded or previewed on a phone.\n    ${set}`;
  }
  if (!APPID.test(appid)) {
    return `WECHAT_APPID=${appid} 不像小程序 AppID（wx 加 16 位十六进制）。/ WECHAT_APPID=${appid} does not look like a mini-program AppID (wx + 16 hex digits).\n    ${set}`;
  }
  return undefined;
}

/**
 * Everything a release build would get wrong, each a Chinese + English line naming the variable
 * to set; empty for a development build or a good release. `projectAppid` is the appid already
 * in the root project.config.json (what WeChat DevTools uses when WECHAT_APPID is not set).
 */
export function releaseProblems(env: BuildEnv, projectAppid?: string): string[] {
  if (!isRelease(env)) return [];
  const problems: (string | undefined)[] = [];
  if (env.NODE_ENV === 'development') {
    problems.push(
      'NODE_ENV=development 的构建不压缩代码（--watch 也会设为 development）：发布请去掉 NODE_ENV 或设为 production。/ A NODE_ENV=development build is not minified (--watch sets it too): for a release unset NODE_ENV or set it to production.',
    );
  }
  // h5 is served by the server itself and calls its own origin; it has no appid.
  if ((env.TARO_ENV ?? 'weapp') !== 'h5') {
    problems.push(apiBaseProblem(env.LINLI_API_BASE), appidProblem(env.WECHAT_APPID, projectAppid));
  }
  return problems.filter((problem): problem is string => problem !== undefined);
}

/** The message printed when a release build is refused. */
export function releaseRefusal(problems: string[]): string {
  return [
    '[linli] 发布构建被拒绝（LINLI_RELEASE=1）/ Release build refused (LINLI_RELEASE=1):',
    ...problems.map((problem) => `  - ${problem}`),
    '  开发构建请去掉 LINLI_RELEASE；发布步骤见 docs/deployment.md。/ For a development build unset LINLI_RELEASE; the release steps are in docs/deployment.md.',
  ].join('\n');
}
