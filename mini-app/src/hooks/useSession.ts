import { useEffect, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import type { UserView } from '@linli/shared';
import { sendToLogin } from '../services/http';
import { getAccessToken, getUser } from '../services/session';

function storedUser(): UserView | null {
  return getAccessToken() ? getUser() : null;
}

/**
 * The signed-in user, read from storage. Pages that need a login call this: without a token
 * the user is sent to the login page, which brings them back here (and `null` is returned
 * meanwhile). Taps into such pages ask first (utils/login-redirect.ts `loginThen`), so this
 * is for links opened from outside: a message, a shared card, an expired login.
 */
export function useRequireLogin(): UserView | null {
  const [user] = useState<UserView | null>(storedUser);

  useEffect(() => {
    if (!getAccessToken() || !getUser()) sendToLogin();
  }, []);

  return user;
}

/**
 * The signed-in user, or null for a guest, who may look around (首页). Read again on every show:
 * h5 keeps a tab page it has drawn, so 首页 drawn for the guest is shown again after the login
 * (返回 from the form the login opened) unless it looks afresh.
 */
export function useSessionUser(): UserView | null {
  const [user, setUser] = useState<UserView | null>(storedUser);
  useDidShow(() => {
    const now = storedUser();
    setUser((before) => (before?.id === now?.id && before?.role === now?.role ? before : now));
  });
  return user;
}
