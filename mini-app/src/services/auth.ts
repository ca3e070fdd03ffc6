import Taro from '@tarojs/taro';
import type { AuthTokens, DemoAccount, MeView } from '@linli/shared';
import { request } from './http';
import { forgetUnread } from './notifications';
import { clearSession, saveSession, saveUser } from './session';

/** Exchanges a login code (from Taro.login, or the dev sandbox) for tokens and keeps them. */
export async function loginWithCode(code: string): Promise<AuthTokens> {
  const tokens = await request<AuthTokens>('/api/auth/wechat', { method: 'POST', data: { code }, auth: false });
  saveSession(tokens);
  return tokens;
}

/** The mini-program's login: wx.login's code goes to the server, which asks WeChat who it is. */
export async function wechatLogin(): Promise<AuthTokens> {
  const { code } = await Taro.login();
  return loginWithCode(code);
}

/** Development only: the server's demo accounts (h5 demo login screen). */
export function fetchDemoAccounts(): Promise<DemoAccount[]> {
  return request<DemoAccount[]>('/api/dev/demo-accounts', { auth: false, toast: false });
}

/** Development only: a sandbox login code for a demo account, then the same login as weapp. */
export async function demoLogin(openid: string): Promise<AuthTokens> {
  const { code } = await request<{ code: string }>('/api/dev/login-code', {
    method: 'POST',
    data: { openid },
    auth: false,
  });
  return loginWithCode(code);
}

export async function fetchMe(): Promise<MeView> {
  const me = await request<MeView>('/api/auth/me', { toast: false });
  saveUser(me.user);
  return me;
}

export function logout(): void {
  clearSession();
  forgetUnread();
}
