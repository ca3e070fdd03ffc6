import type { UserView } from '@linli/shared';
import { request } from './http';
import { saveUser } from './session';

/**
 * 微信手机号快捷填写: the getPhoneNumber button's code → the server → WeChat; the account's phone
 * is then the one WeChat verified (kept in the stored session too). A used or expired code is a
 * field error on `phoneCode`, shown by the caller.
 */
export async function verifyPhone(phoneCode: string): Promise<UserView> {
  const user = await request<UserView>('/api/me/phone', { method: 'PUT', data: { phoneCode }, toast: false });
  saveUser(user);
  return user;
}
