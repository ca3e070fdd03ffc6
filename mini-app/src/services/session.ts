import Taro from '@tarojs/taro';
import type { AuthTokens, UserView } from '@linli/shared';

/** Tokens and the signed-in user live in the mini-program's storage (localStorage in h5). */
const KEYS = {
  accessToken: 'linli.accessToken',
  refreshToken: 'linli.refreshToken',
  user: 'linli.user',
} as const;

function read(key: string): string {
  try {
    const value: unknown = Taro.getStorageSync(key);
    return typeof value === 'string' ? value : '';
  } catch {
    return '';
  }
}

export function getAccessToken(): string {
  return read(KEYS.accessToken);
}

export function getRefreshToken(): string {
  return read(KEYS.refreshToken);
}

export function getUser(): UserView | null {
  const raw = read(KEYS.user);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as UserView;
  } catch {
    return null;
  }
}

export function saveSession(tokens: AuthTokens): void {
  Taro.setStorageSync(KEYS.accessToken, tokens.accessToken);
  Taro.setStorageSync(KEYS.refreshToken, tokens.refreshToken);
  saveUser(tokens.user);
}

export function saveUser(user: UserView): void {
  Taro.setStorageSync(KEYS.user, JSON.stringify(user));
}

export function clearSession(): void {
  for (const key of Object.values(KEYS)) {
    try {
      Taro.removeStorageSync(key);
    } catch {
      // storage unavailable: nothing to clear
    }
  }
}

export function isLoggedIn(): boolean {
  return getAccessToken() !== '';
}
