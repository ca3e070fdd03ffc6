import type { UserView } from '@linli/shared';
import type { User } from './user.entity';

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    role: user.role,
    name: user.name,
    phone: user.phone,
    phoneVerified: user.phone !== null && user.phoneVerifiedAt !== null,
    openid: user.openid,
  };
}
