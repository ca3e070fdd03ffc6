import type { CreatedInvitation } from '@linli/shared';
import { fetchInvitationWxacode } from '../services/staff-admin';

/**
 * weapp: the invitation's image is WeChat's mini-program code (scanned inside WeChat, it opens
 * the invite page with the code as `scene`). Taro builds `invitation-image.h5.ts` in its place for
 * h5, so the QR library never enters the mini-program's package.
 */
export function invitationImage(created: CreatedInvitation): Promise<string> {
  return fetchInvitationWxacode(created.code);
}

/** The invitation as text to send: the mini-program page with its code. */
export function invitationLink(created: CreatedInvitation): string {
  return created.path;
}
