import type { ComplaintForm, Page, RequestDetail, RequestSummary } from '@linli/shared';
import { request } from './http';

export const MY_REQUESTS_PAGE_SIZE = 10;

export function createComplaint(form: ComplaintForm): Promise<RequestDetail> {
  return request<RequestDetail>('/api/requests', { method: 'POST', data: form });
}

/** The resident's own requests, newest first. */
export function myRequests(page = 1, pageSize = MY_REQUESTS_PAGE_SIZE): Promise<Page<RequestSummary>> {
  return request<Page<RequestSummary>>('/api/requests/mine', { query: { page, pageSize }, toast: false });
}

export function getRequest(id: number): Promise<RequestDetail> {
  return request<RequestDetail>(`/api/requests/${id}`, { toast: false });
}
