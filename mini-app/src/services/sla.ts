import type { CalendarYearInput, CalendarYearView, SlaLimitInput, SlaPolicyInput, SlaPolicyView } from '@linli/shared';
import { request } from './http';

/** Time-limit rules (managers read, admins edit). */
export function listSlaPolicies(): Promise<SlaPolicyView[]> {
  return request<SlaPolicyView[]>('/api/admin/sla-policies', { toast: false });
}

export function createSlaPolicy(input: SlaPolicyInput): Promise<SlaPolicyView> {
  return request<SlaPolicyView>('/api/admin/sla-policies', { method: 'POST', data: input, idempotent: true });
}

export function updateSlaPolicy(id: number, limit: SlaLimitInput): Promise<SlaPolicyView> {
  return request<SlaPolicyView>(`/api/admin/sla-policies/${id}`, { method: 'PATCH', data: limit });
}

export function deleteSlaPolicy(id: number): Promise<void> {
  return request<void>(`/api/admin/sla-policies/${id}`, { method: 'DELETE' });
}

/** A year's 放假 and 调休上班 days. */
export function fetchCalendarYear(year: number): Promise<CalendarYearView> {
  return request<CalendarYearView>('/api/admin/calendar', { query: { year }, toast: false });
}

/** Replaces the whole year (and it is no longer provisional). */
export function saveCalendarYear(year: number, input: CalendarYearInput): Promise<CalendarYearView> {
  return request<CalendarYearView>(`/api/admin/calendar/${year}`, { method: 'PUT', data: input });
}
