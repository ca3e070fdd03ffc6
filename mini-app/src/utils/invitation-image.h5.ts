import type { CreatedInvitation } from '@linli/shared';
import QRCode from 'qrcode';

/** h5: a QR code of the invitation's address, drawn in the browser (no WeChat involved). */
export function invitationImage(created: CreatedInvitation): Promise<string> {
  return QRCode.toDataURL(invitationLink(created), { width: 400, margin: 2 });
}

/** The h5 address of the invitation (hash router), to copy and to encode. */
export function invitationLink(created: CreatedInvitation): string {
  return `${window.location.origin}${window.location.pathname}#${created.path}`;
}
