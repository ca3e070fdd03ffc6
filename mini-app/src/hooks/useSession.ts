import { useEffect, useState } from 'react';
import type { UserView } from '@linli/shared';
import { sendToLogin } from '../services/http';
import { getAccessToken, getUser } from '../services/session';

/**
 * The signed-in user, read from storage. Pages that need a login call this: without a token
 * the user is sent to the login page (and `null` is returned meanwhile).
 */
export function useRequireLogin(): UserView | null {
  const [user] = useState<UserView | null>(() => (getAccessToken() ? getUser() : null));

  useEffect(() => {
    if (!getAccessToken() || !getUser()) sendToLogin();
  }, []);

  return user;
}
