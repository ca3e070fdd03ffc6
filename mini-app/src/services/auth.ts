import Taro from '@tarojs/taro';
import type { AuthTokens, DemoAccount, MeView } from '@linli/shared';
import { request } from './http';
import { forgetUnread } from './notifications';
import { forgetPending } from './tab-badges';
import { clearSession, getAccessToken, getRefreshToken, saveSession, saveUser } from './session';
import { LOGIN_PAGE } from '../utils/routes';

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

/**
 * Ends this login on the server, so that a copy of its tokens is worthless too, then forgets it
 * here. Offline or already ended, forgetting the tokens is still a logout for this device.
 */
export async function logout(): Promise<void> {
  const refreshToken = getRefreshToken();
  if (getAccessToken()) {
    await request<void>('/api/auth/logout', {
      method: 'POST',
      data: refreshToken ? { refreshToken } : {},
      toast: false,
    }).catch(() => undefined);
  }
  clearSession();
  forgetUnread();
  forgetPending();
}

/** 退出登录 / 切换账号: asks first, then ends the login and opens the login page. */
export async function confirmLogout(): Promise<void> {
  const answer = await Taro.showModal({
    title: '退出登录',
    content: '退出后需重新登录才能查看和提交诉求，确定退出吗？',
    confirmText: '退出',
  });
  if (!answer.confirm) return;
  await logout();
  await Taro.reLaunch({ url: LOGIN_PAGE });
}
