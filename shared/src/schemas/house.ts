import { z } from 'zod';
import { id, phone, text } from './fields';

/**
 * A resident asking to bind a room. `phoneCode` comes from the mini-program's
 * getPhoneNumber button: only a phone WeChat verified can bind at once (the server decides).
 */
const phoneCode = z
  .string({ error: '手机号验证凭证应为文字' })
  .trim()
  .min(1, '手机号验证已失效，请重新获取')
  .max(128, '手机号验证已失效，请重新获取');

export const houseBindingSchema = z.object({
  roomId: id('房间'),
  name: text('姓名', { max: 20 }),
  phone: phone('手机号'),
  phoneCode: phoneCode.optional(),
});
export type HouseBindingInput = z.output<typeof houseBindingSchema>;

/**
 * 修改 a pending (or refused) claim: the same fields but the room, which stays the claim's own
 * (a wrong room is withdrawn and claimed anew). With `phoneCode` a corrected claim that now
 * matches the register binds at once.
 */
export const correctBindingSchema = houseBindingSchema.omit({ roomId: true });
export type CorrectBindingInput = z.output<typeof correctBindingSchema>;

/**
 * A decision names the revision of the claim it was made on (`HouseBindingReviewView.revision`):
 * a claim the resident corrected after the reviewer read it is refused with 409, not decided
 * unseen. Optional so a client reading an older list still works; the app always sends it.
 */
const revision = z
  .string({ error: '请刷新后再审核' })
  .max(40, { error: '请刷新后再审核' })
  .refine((value) => !Number.isNaN(Date.parse(value)), { error: '请刷新后再审核' });

export const approveBindingSchema = z.object({ revision: revision.optional() });
export type ApproveBindingInput = z.output<typeof approveBindingSchema>;

export const rejectBindingSchema = z.object({
  reason: text('驳回原因', { min: 2, max: 200 }),
  revision: revision.optional(),
});

/**
 * 微信手机号快捷填写: the getPhoneNumber button's one-use code, exchanged by the server for the
 * number WeChat holds for this account, which becomes the account's verified phone.
 */
export const verifyPhoneSchema = z.object({ phoneCode });
export type VerifyPhoneInput = z.output<typeof verifyPhoneSchema>;
