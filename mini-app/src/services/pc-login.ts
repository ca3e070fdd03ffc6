import type { PcLoginState, PcLoginTicket, SessionView } from '@linli/shared';
import { request } from './http';
import { saveSession } from './session';

/** The PC (h5 login page): a new one-time QR ticket, good for two minutes. */
export function startPcLogin(): Promise<PcLoginTicket> {
  return request<PcLoginTicket>('/api/auth/pc-login', { method: 'POST', auth: false, toast: false });
}

/** The PC's poll; the answer that carries tokens is this PC's login, kept at once. */
export async function pollPcLogin(ticket: string): Promise<PcLoginState> {
  const state = await request<PcLoginState>(`/api/auth/pc-login/${encodeURIComponent(ticket)}`, {
    auth: false,
    toast: false,
  });
  if (state.tokens) saveSession(state.tokens);
  return state;
}

/** The phone (pages/pc-login): scanned, confirmed or cancelled by the member of staff. */
export function pcLoginStep(ticket: string, step: 'scan' | 'confirm' | 'cancel'): Promise<PcLoginState> {
  return request<PcLoginState>(`/api/auth/pc-login/${encodeURIComponent(ticket)}/${step}`, { method: 'POST' });
}

export function mySessions(): Promise<SessionView[]> {
  return request<SessionView[]>('/api/me/sessions');
}

/** Ends one of my logins (a PC): its tokens stop at once. */
export function endSession(id: string): Promise<void> {
  return request<void>(`/api/me/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
