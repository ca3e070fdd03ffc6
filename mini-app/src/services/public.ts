import type { ServiceInfo } from '@linli/shared';
import { request } from './http';

/** The property's hotline and company: public, so a guest's home can show it before any login. */
export function fetchServiceInfo(): Promise<ServiceInfo> {
  return request<ServiceInfo>('/api/public/service-info', { auth: false, toast: false });
}

/** What to dial: WeChat's makePhoneCall wants the digits (and a leading +), not the spacing. */
export function dialable(hotline: string): string {
  return hotline.replace(/[^\d+]/g, '');
}
