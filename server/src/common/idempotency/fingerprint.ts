import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth: the same body, however its keys were ordered. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** What makes two submissions "the same request": the route, its parameters and the body. */
export function requestFingerprint(route: string, params: unknown, body: unknown): string {
  return createHash('sha256')
    .update(canonicalJson({ route, params: params ?? {}, body: body ?? null }))
    .digest('hex');
}
