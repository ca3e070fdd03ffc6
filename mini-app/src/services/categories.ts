import type { CategoryNode, RequestKind } from '@linli/shared';
import { request } from './http';

export function listCategories(kind: RequestKind): Promise<CategoryNode[]> {
  return request<CategoryNode[]>('/api/categories', { query: { kind }, toast: false });
}
