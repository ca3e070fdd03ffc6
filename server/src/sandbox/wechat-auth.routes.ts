import { randomBytes } from 'node:crypto';
import { WechatErrcode } from './errors';
import type { SandboxState } from './sandbox.state';
import type { AppKind } from './sandbox.types';
import type { TokenRecord } from './tokens';
import { fail, ok, text, type WechatReply } from './wechat-reply';
import type { WechatRoute } from './wechat-route';

/** Login (code2Session) and the two access-token lineages, WECHAT.md §1–2. */
export function authRoutes(state: SandboxState): WechatRoute[] {
  return [
    {
      api: 'jscode2session',
      method: 'GET',
      url: '/sns/jscode2session',
      handle: ({ query }) => {
        const credentialError = checkCredentials(state, query.appid, query.secret, {
          code: query.js_code,
          grantType: query.grant_type,
          expectedGrantType: 'authorization_code',
          app: 'miniProgram',
        });
        if (credentialError) return credentialError;
        const redeemed = state.redeemLoginCode(query.js_code);
        if (!redeemed.ok) return fail(redeemed.errcode);
        const { openid, unionid } = redeemed.user;
        // A fresh session_key per login, as WeChat may rotate it; it never leaves Linli's server.
        const sessionKey = randomBytes(16).toString('base64');
        return ok(unionid ? { session_key: sessionKey, openid, unionid } : { session_key: sessionKey, openid });
      },
    },
    {
      api: 'token',
      method: 'GET',
      url: '/cgi-bin/token',
      handle: ({ query }) => {
        const app = state.appByAppid(query.appid ?? '');
        const credentialError = checkCredentials(state, query.appid, query.secret, {
          grantType: query.grant_type,
          expectedGrantType: 'client_credential',
        });
        if (credentialError || !app) return credentialError ?? fail(WechatErrcode.InvalidAppid);
        return tokenReply(state, state.tokens.issue(app));
      },
    },
    {
      api: 'stable_token',
      method: 'POST',
      url: '/cgi-bin/stable_token',
      handle: ({ body }) => {
        const appid = text(body.appid);
        const app = state.appByAppid(appid ?? '');
        const credentialError = checkCredentials(state, appid, text(body.secret), {
          grantType: text(body.grant_type),
          expectedGrantType: 'client_credential',
        });
        if (credentialError || !app) return credentialError ?? fail(WechatErrcode.InvalidAppid);
        return tokenReply(state, state.tokens.stable(app, body.force_refresh === true));
      },
    },
  ];
}

interface CredentialRules {
  grantType: string | undefined;
  expectedGrantType: string;
  /** code2Session also needs a code and only knows the mini-program. */
  code?: string;
  app?: AppKind;
}

/** Missing parameters first (the 410xx codes), then the grant type, then appid and secret themselves. */
function checkCredentials(
  state: SandboxState,
  appid: string | undefined,
  secret: string | undefined,
  rules: CredentialRules,
): WechatReply | undefined {
  if (!text(appid)) return fail(WechatErrcode.AppidMissing);
  if (!text(secret)) return fail(WechatErrcode.AppsecretMissing);
  if ('code' in rules && !text(rules.code)) return fail(WechatErrcode.CodeMissing);
  if (rules.grantType !== rules.expectedGrantType) return fail(WechatErrcode.InvalidGrantType);
  const app = state.appByAppid(appid as string);
  if (!app || (rules.app && app !== rules.app)) return fail(WechatErrcode.InvalidAppid);
  if (state.apps[app].secret !== secret) return fail(WechatErrcode.InvalidAppsecret);
  return undefined;
}

function tokenReply(state: SandboxState, token: TokenRecord): WechatReply {
  // stable_token reports the time left on the token it returns, not always the full 7200;
  // rounded up so a token issued a few ms ago still reads 7200, as WeChat answers.
  const expiresIn = Math.ceil((token.expiresAt - state.now()) / 1000);
  return ok({ access_token: token.value, expires_in: expiresIn });
}
