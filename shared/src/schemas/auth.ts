import { z } from 'zod';
import { optionalText, text } from './fields';

export const wechatLoginSchema = z.object({ code: text('登录凭证 code', { max: 128 }) });
export const refreshTokenSchema = z.object({ refreshToken: text('刷新令牌', { max: 2048 }) });
/** Logout: the access token names the login to end; the refresh token, if sent, ends its login too. */
export const logoutSchema = z.object({ refreshToken: optionalText('刷新令牌', 2048) });
export const demoLoginCodeSchema = z.object({ openid: text('openid', { max: 64 }) });
/** What 扫码登录电脑 reads from a PC's QR code (`linli-pc-login:<ticket>`). */
export const PC_LOGIN_QR_PREFIX = 'linli-pc-login:';
/** A PC-login ticket: 32 random bytes, base64url (43 characters). */
export const PC_LOGIN_TICKET = /^[A-Za-z0-9_-]{43}$/;
/** The ticket in a scanned QR text, or null when the text is not one of ours. */
export function pcLoginTicketOf(scanned: string): string | null {
  const text = scanned.trim();
  if (!text.startsWith(PC_LOGIN_QR_PREFIX)) return null;
  const ticket = text.slice(PC_LOGIN_QR_PREFIX.length);
  return PC_LOGIN_TICKET.test(ticket) ? ticket : null;
}
