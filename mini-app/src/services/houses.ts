import type {
  CorrectBindingInput,
  HouseBindingInput,
  HouseBindingReviewView,
  HouseBindingView,
  NamedRef,
  Page,
  RoomView,
} from '@linli/shared';
import { request } from './http';

export function listProjects(): Promise<NamedRef[]> {
  return request<NamedRef[]>('/api/projects', { toast: false });
}

export function listBuildings(projectId: number): Promise<NamedRef[]> {
  return request<NamedRef[]>(`/api/projects/${projectId}/buildings`, { toast: false });
}

export function listUnits(buildingId: number): Promise<NamedRef[]> {
  return request<NamedRef[]>(`/api/buildings/${buildingId}/units`, { toast: false });
}

export function listRooms(unitId: number): Promise<RoomView[]> {
  return request<RoomView[]>(`/api/units/${unitId}/rooms`, { toast: false });
}

/**
 * `status` is `bound` only when `phoneCode` (the getPhoneNumber button's) verifies the register's
 * phone for a room nobody holds yet; otherwise `pending` until a receptionist approves.
 */
export function bindHouse(input: HouseBindingInput): Promise<HouseBindingView> {
  return request<HouseBindingView>('/api/house-bindings', { method: 'POST', data: input, idempotent: true });
}

/**
 * Development only (the h5 demo has no getPhoneNumber button): the WeChat sandbox mints the
 * phone code a tap would give, for the number typed in.
 */
export async function demoPhoneCode(phone: string): Promise<string> {
  const { code } = await request<{ code: string }>('/api/dev/phone-code', { method: 'POST', data: { phone } });
  return code;
}

/**
 * 修改 one's own pending (or refused) claim; with `phoneCode` it binds at once when it now
 * matches the register, replacing the pending claim (same id).
 */
export function correctBinding(id: number, input: CorrectBindingInput): Promise<HouseBindingView> {
  return request<HouseBindingView>(`/api/house-bindings/${id}/correct`, {
    method: 'POST',
    data: input,
    idempotent: true,
  });
}

/** 撤回 one's own claim still waiting for review. */
export function withdrawBinding(id: number): Promise<HouseBindingView> {
  return request<HouseBindingView>(`/api/house-bindings/${id}/withdraw`, { method: 'POST', idempotent: true });
}

export function myHouses(): Promise<HouseBindingView[]> {
  return request<HouseBindingView[]>('/api/house-bindings/mine', { toast: false });
}

/** Bindings waiting for a receptionist, each beside the room's register entries (masked) and what did not match. */
export function pendingBindings(page = 1, pageSize = 10): Promise<Page<HouseBindingReviewView>> {
  return request<Page<HouseBindingReviewView>>('/api/house-bindings', {
    query: { status: 'pending', page, pageSize },
    toast: false,
  });
}

/** `revision` is the one the reviewer read: a claim the resident corrected since is refused (409). */
export function approveBinding(id: number, revision: string): Promise<HouseBindingView> {
  return request<HouseBindingView>(`/api/house-bindings/${id}/approve`, {
    method: 'POST',
    data: { revision },
    idempotent: true,
  });
}

export function rejectBinding(id: number, reason: string, revision: string): Promise<HouseBindingView> {
  return request<HouseBindingView>(`/api/house-bindings/${id}/reject`, {
    method: 'POST',
    data: { reason, revision },
    idempotent: true,
  });
}
