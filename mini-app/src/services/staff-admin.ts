import Taro from '@tarojs/taro';
import type {
  AdminChangeEntity,
  AdminChangeView,
  AuthTokens,
  CreatedInvitation,
  InvitationInput,
  InvitationPreview,
  InvitationView,
  Page,
  Role,
  StaffFormOptions,
  StaffMemberView,
  StaffUpdateInput,
} from '@linli/shared';
import { API_ROOT, request, toApiError } from './http';
import { getAccessToken, saveSession } from './session';

/** 邀请成员, 成员管理 and 操作记录 (issue 14): admins over the company, managers over their projects. */
export function fetchStaffOptions(): Promise<StaffFormOptions> {
  return request<StaffFormOptions>('/api/admin/staff-options', { toast: false });
}

export function createInvitation(input: InvitationInput): Promise<CreatedInvitation> {
  return request<CreatedInvitation>('/api/admin/invitations', { method: 'POST', data: input });
}

export function listInvitations(page: number): Promise<Page<InvitationView>> {
  return request<Page<InvitationView>>('/api/admin/invitations', { query: { page }, toast: false });
}

/**
 * The invitation's mini-program code as a data URL (weapp shows it; WeChat answers the PNG itself,
 * so this is a raw request for bytes, not the JSON wrapper's).
 */
export async function fetchInvitationWxacode(code: string): Promise<string> {
  const response = await Taro.request<ArrayBuffer>({
    url: `${API_ROOT}/api/admin/invitations/wxacode`,
    method: 'POST',
    data: { code },
    header: { Authorization: `Bearer ${getAccessToken()}`, 'content-type': 'application/json' },
    responseType: 'arraybuffer',
  });
  if (response.statusCode !== 200) {
    let body: unknown = null;
    try {
      body = JSON.parse(utf8(response.data));
    } catch {
      body = null;
    }
    throw toApiError(response.statusCode, body);
  }
  return `data:image/png;base64,${Taro.arrayBufferToBase64(response.data)}`;
}

export function fetchInvitation(code: string): Promise<InvitationPreview> {
  return request<InvitationPreview>(`/api/invitations/${encodeURIComponent(code)}`, { toast: false });
}

/** Accepting makes this account staff: the answer carries tokens with the new role, kept at once. */
export async function acceptInvitation(code: string, name?: string): Promise<AuthTokens> {
  const tokens = await request<AuthTokens>(`/api/invitations/${encodeURIComponent(code)}/accept`, {
    method: 'POST',
    data: name ? { name } : {},
  });
  saveSession(tokens);
  return tokens;
}

export interface StaffFilter {
  role?: Role;
  departmentId?: number;
}

export function listStaff(page: number, filter: StaffFilter): Promise<Page<StaffMemberView>> {
  return request<Page<StaffMemberView>>('/api/admin/staff', { query: { page, ...filter }, toast: false });
}

export function updateStaff(userId: number, input: StaffUpdateInput): Promise<StaffMemberView> {
  return request<StaffMemberView>(`/api/admin/staff/${userId}`, { method: 'PATCH', data: input });
}

export function deactivateStaff(userId: number): Promise<StaffMemberView> {
  return request<StaffMemberView>(`/api/admin/staff/${userId}/deactivate`, { method: 'POST' });
}

export function listChanges(page: number, entity?: AdminChangeEntity): Promise<Page<AdminChangeView>> {
  return request<Page<AdminChangeView>>('/api/admin/changes', { query: { page, entity }, toast: false });
}

/** The error JSON's bytes as text; weapp has no TextDecoder on every base library. */
function utf8(buffer: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return decodeURIComponent(escape(binary));
}
