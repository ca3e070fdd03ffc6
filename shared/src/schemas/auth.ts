import { z } from 'zod';
import { optionalText, text } from './fields';

export const wechatLoginSchema = z.object({ code: text('登录凭证 code', { max: 128 }) });
export const refreshTokenSchema = z.object({ refreshToken: text('刷新令牌', { max: 2048 }) });
/** Logout: the access token names the login to end; the refresh token, if sent, ends its login too. */
export const logoutSchema = z.object({ refreshToken: optionalText('刷新令牌', 2048) });
export const demoLoginCodeSchema = z.object({ openid: text('openid', { max: 64 }) });
