import type { AuthTokens } from '@linli/shared';

/**
 * The PC's QR login lives in h5 only (PcQrLogin.h5.tsx): in the mini-program the login is WeChat's,
 * and the QR library stays out of the weapp bundle.
 */
export default function PcQrLogin(_props: { onLoggedIn: (user: AuthTokens['user']) => void }) {
  return null;
}
