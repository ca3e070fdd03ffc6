/**
 * Query parameters whose values let whoever reads a log line act: WeChat's push signatures and
 * their timestamp/nonce (a replay needs all three), the echostr, photo link signatures, access
 * tokens and login codes. Their values are replaced; the names stay, so a log still tells what
 * kind of request it was.
 */
export const SECRET_QUERY_PARAMS = [
  'signature',
  'msg_signature',
  'timestamp',
  'nonce',
  'echostr',
  'sig',
  'access_token',
  'code',
] as const;

export const REDACTED = '[REDACTED]';

const SECRET = new Set<string>(SECRET_QUERY_PARAMS);

/**
 * The URL (path and query, or absolute) with every secret parameter's value redacted. Works on
 * the raw text, so a malformed escape or a repeated parameter cannot slip through by failing a
 * parse; names are compared decoded and case-insensitively (`%73ig=` is `sig=`).
 */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const hashStart = url.indexOf('#', queryStart);
  const end = hashStart === -1 ? url.length : hashStart;
  const query = url
    .slice(queryStart + 1, end)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals === -1 ? pair : pair.slice(0, equals);
      return isSecret(name) && equals !== -1 ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, queryStart + 1)}${query}${url.slice(end)}`;
}

function isSecret(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    // A broken escape in the name: compare it as written.
  }
  return SECRET.has(decoded.trim().toLowerCase());
}
