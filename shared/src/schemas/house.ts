import { z } from 'zod';
import { id, phone, text } from './fields';

/** A resident asking to bind a room: matched against the owner register (业主名册). */
export const houseBindingSchema = z.object({
  roomId: id('房间'),
  name: text('姓名', { max: 20 }),
  phone: phone('手机号'),
});
export type HouseBindingInput = z.output<typeof houseBindingSchema>;

export const rejectBindingSchema = z.object({
  reason: text('驳回原因', { min: 2, max: 200 }),
});
