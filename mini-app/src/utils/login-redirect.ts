import Taro from '@tarojs/taro';
import type { Role } from '@linli/shared';
import { isLoggedIn } from '../services/session';
import {
  HOME_PAGE,
  HOUSE_BIND_PAGE,
  INVITE_PAGE,
  LOGIN_PAGE,
  MESSAGES_PAGE,
  REQUEST_DETAIL_PAGE,
  REQUEST_NEW_PAGE,
  REQUESTS_PAGE,
  landingPage,
  pageTarget,
} from './routes';

/**
 * Look before logging in (WeChat's 帐号登录规范): a guest may open these without a login; every
 * other page asks for one at the tap that opens it, and the login returns there.
 */
export const GUEST_PAGES: readonly string[] = [HOME_PAGE];

/** Where a resident may be sent back to after logging in: the resident's own pages. */
export const RESIDENT_RETURN_PAGES: readonly string[] = [
  HOME_PAGE,
  MESSAGES_PAGE,
  REQUESTS_PAGE,
  HOUSE_BIND_PAGE,
  REQUEST_NEW_PAGE,
  REQUEST_DETAIL_PAGE,
  // A newcomer opening an invitation logs in first and comes back to accept it.
  INVITE_PAGE,
];

const MAX_REDIRECT_LENGTH = 512;
/** `kind=repair`, `id=12&action=rate`: what our own links carry, nothing that could end a URL or start another. */
const SAFE_QUERY = /^[A-Za-z0-9_.~%-]+=[A-Za-z0-9_.~%-]*(&[A-Za-z0-9_.~%-]+=[A-Za-z0-9_.~%-]*)*$/;

/**
 * The login page, asked to come back to `target` (encoded, since it carries its own query). 首页
 * needs no asking: every login lands there anyway.
 */
export function loginUrl(target?: string | null): string {
  if (!target || target.split('?')[0] === HOME_PAGE) return LOGIN_PAGE;
  return `${LOGIN_PAGE}?redirect=${encodeURIComponent(target)}`;
}

/**
 * The in-app page a `redirect` parameter names, or null when it names anything else: another
 * site (`https://…`, `//host`), the login page itself, a page a resident does not have, or a
 * query that is not plain `key=value` pairs. WeChat and Taro's h5 router both hand the value over
 * still encoded; it is decoded once here.
 */
export function redirectTarget(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let url = raw;
  if (/^%2F/i.test(url)) {
    try {
      url = decodeURIComponent(url);
    } catch {
      return null;
    }
  }
  if (url.length > MAX_REDIRECT_LENGTH || !url.startsWith('/') || url.startsWith('//')) return null;
  const mark = url.indexOf('?');
  const path = mark < 0 ? url : url.slice(0, mark);
  const query = mark < 0 ? '' : url.slice(mark + 1);
  if (!RESIDENT_RETURN_PAGES.includes(path)) return null;
  if (query && !SAFE_QUERY.test(query)) return null;
  return query ? `${path}?${query}` : path;
}

/**
 * Where a login lands: a resident back on what they tapped (when it is one of their pages); staff,
 * the desk and managers on their own home as always, whatever they tapped as a guest.
 */
export function landingAfterLogin(role: Role, redirect: string | null | undefined): string {
  if (role !== 'resident') return landingPage(role);
  return redirectTarget(redirect) ?? landingPage(role);
}

/** Opens an in-app page the way its kind needs: tab pages are switched to, the rest pushed. */
function open(url: string): void {
  const target = pageTarget(url);
  if (target.tab) void Taro.switchTab({ url: target.url });
  else void Taro.navigateTo({ url: target.url });
}

/**
 * For a tap that needs a login (filing, 我的, 消息): opens `url` when logged in (or when a guest may
 * see it); otherwise opens the login page, which comes back to `url` afterwards. Pushed, not
 * relaunched, so the guest can step back without logging in.
 */
export function loginThen(url: string): void {
  if (isLoggedIn() || GUEST_PAGES.includes(pageTarget(url).url.split('?')[0])) {
    open(url);
    return;
  }
  void Taro.navigateTo({ url: loginUrl(url) });
}

/**
 * After a login: the landing page with a fresh page stack. A page that is not a tab is opened over
 * a fresh 首页, so that 返回 leads home rather than out of the app (or back to the login page).
 */
export async function landAfterLogin(role: Role, redirect: string | null | undefined): Promise<void> {
  const target = pageTarget(landingAfterLogin(role, redirect));
  if (target.tab) {
    await Taro.reLaunch({ url: target.url });
    return;
  }
  await Taro.reLaunch({ url: HOME_PAGE });
  await Taro.navigateTo({ url: target.url });
}
