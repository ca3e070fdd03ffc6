/**
 * One WeChat API call over HTTP, reduced to what callers decide on: WeChat's answer (errcode 0
 * or not) or a transport failure. WeChat answers HTTP 200 even for errors (WECHAT.md).
 */
export type WechatCallResult =
  | { kind: 'answer'; errcode: number; errmsg: string; body: Record<string, unknown> }
  | { kind: 'transport'; reason: 'timeout' | 'network' | 'http'; status?: number; message: string };

export interface WechatCall {
  method: 'GET' | 'POST';
  path: string;
  query: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
}

export async function callWechat(apiBase: string, call: WechatCall): Promise<WechatCallResult> {
  const url = new URL(call.path, apiBase);
  url.search = new URLSearchParams(call.query).toString();
  let response: Response;
  try {
    response = await fetch(url, {
      method: call.method,
      headers: call.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: AbortSignal.timeout(call.timeoutMs),
    });
  } catch (error) {
    // By name, not instanceof Error: the DOMException fetch throws may come from another realm
    // (a test runner's), and a timeout read as a refused connection would hide that WeChat may
    // have delivered the message.
    const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    return {
      kind: 'transport',
      reason: timedOut ? 'timeout' : 'network',
      message: timedOut ? `超时（${call.timeoutMs} ms）` : `连接失败：${errorMessage(error)}`,
    };
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    return { kind: 'transport', reason: 'network', message: `读取应答失败：${errorMessage(error)}` };
  }
  if (!response.ok)
    return { kind: 'transport', reason: 'http', status: response.status, message: `HTTP ${response.status}` };
  const body = parseWechatJson(text);
  if (!body) return { kind: 'transport', reason: 'http', status: response.status, message: '应答不是 JSON' };
  const errcode = typeof body.errcode === 'number' ? body.errcode : 0;
  return { kind: 'answer', errcode, errmsg: typeof body.errmsg === 'string' ? body.errmsg : '', body };
}

/** msgid is an int64 above 2^53: kept as digits, never as a JS number that would lose some. */
export function parseWechatJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text.replace(/"msgid"\s*:\s*(\d+)/g, '"msgid":"$1"'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function errorMessage(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  return cause ?? (error instanceof Error ? error.message : String(error));
}
