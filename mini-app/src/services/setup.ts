import type {
  CategoryAdminNode,
  CategoryAdminTree,
  CategoryCreateInput,
  CategoryRouteInput,
  CategoryUpdateInput,
  RequestKind,
  SettingKey,
  Settings,
  SettingView,
  WechatTemplatesView,
} from '@linli/shared';
import { request } from './http';

/** 分类与派单: the whole tree of a kind with its flags (managers read, admins edit). */
export function fetchCategoryTree(kind: RequestKind): Promise<CategoryAdminTree> {
  return request<CategoryAdminTree>('/api/admin/categories', { query: { kind }, toast: false });
}

export function createCategory(
  input: Partial<CategoryCreateInput> & { kind: RequestKind },
): Promise<CategoryAdminNode> {
  return request<CategoryAdminNode>('/api/admin/categories', { method: 'POST', data: input, idempotent: true });
}

export function updateCategory(id: number, input: CategoryUpdateInput): Promise<CategoryAdminNode> {
  return request<CategoryAdminNode>(`/api/admin/categories/${id}`, { method: 'PATCH', data: input });
}

export function deleteCategory(id: number): Promise<void> {
  return request<void>(`/api/admin/categories/${id}`, { method: 'DELETE' });
}

/** A project's own department for the category; `departmentId: null` returns it to the default. */
export function setCategoryRoute(id: number, projectId: number, input: CategoryRouteInput): Promise<CategoryAdminNode> {
  return request<CategoryAdminNode>(`/api/admin/categories/${id}/routes/${projectId}`, { method: 'PUT', data: input });
}

/** 系统设置 */
export function listSettings(): Promise<SettingView[]> {
  return request<SettingView[]>('/api/admin/settings', { toast: false });
}

export function saveSetting<K extends SettingKey>(key: K, value: Settings[K]): Promise<SettingView<K>> {
  return request<SettingView<K>>(`/api/admin/settings/${key}`, { method: 'PUT', data: value });
}

export function resetSetting<K extends SettingKey>(key: K): Promise<SettingView<K>> {
  return request<SettingView<K>>(`/api/admin/settings/${key}`, { method: 'DELETE' });
}

export function fetchWechatTemplates(): Promise<WechatTemplatesView> {
  return request<WechatTemplatesView>('/api/admin/wechat-templates', { toast: false });
}
