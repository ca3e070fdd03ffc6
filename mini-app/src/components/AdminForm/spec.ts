import { formatZodIssues } from '@linli/shared';

/** A shared zod schema as this module uses it (the mini-app does not depend on zod itself). */
export interface Schema<T> {
  safeParse(
    input: unknown,
  ): { success: true; data: T } | { success: false; error: Parameters<typeof formatZodIssues>[0] };
}

/**
 * Admin screens as data (issue 14): each resource names its fields once, one renderer draws
 * them and the resource's shared zod schema validates them, as the server will.
 */
export interface FieldChoice<V extends string | number = string | number> {
  id: V;
  label: string;
}

export type AdminField =
  | { kind: 'text'; name: string; label: string; max: number; placeholder?: string }
  | { kind: 'number'; name: string; label: string; unit?: string; placeholder?: string; optional?: boolean }
  | { kind: 'choice'; name: string; label: string; choices: FieldChoice[]; emptyText?: string; optional?: boolean }
  | { kind: 'multi'; name: string; label: string; choices: FieldChoice<number>[]; emptyText?: string }
  | { kind: 'switch'; name: string; label: string; on: string; off: string };

/** What the form holds: numbers stay text while typed, so a half-typed value is not lost. */
export type AdminValues = Record<string, string | number | boolean | number[] | null>;

/** Form values → the payload the schema and the API take: numbers parsed, empty numbers null. */
export function toPayload(fields: AdminField[], values: AdminValues): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.name];
    if (field.kind === 'number') {
      const textValue = value === null || value === undefined ? '' : String(value).trim();
      payload[field.name] = textValue === '' ? null : Number(textValue);
    } else payload[field.name] = value ?? null;
  }
  return payload;
}

/** A record → form values (numbers as text for their inputs). */
export function toValues(fields: AdminField[], record: Record<string, unknown>): AdminValues {
  const values: AdminValues = {};
  for (const field of fields) {
    const value = record[field.name];
    if (field.kind === 'number') values[field.name] = value === null || value === undefined ? '' : String(value);
    else if (field.kind === 'multi') values[field.name] = Array.isArray(value) ? (value as number[]) : [];
    else if (field.kind === 'switch') values[field.name] = Boolean(value);
    else values[field.name] = (value as string | number | null | undefined) ?? (field.kind === 'text' ? '' : null);
  }
  return values;
}

export type ValidationResult<T> = { ok: true; data: T } | { ok: false; errors: Record<string, string> };

/** The first message per top-level field, keyed as the form's fields are. */
export function validate<T>(schema: Schema<T>, payload: unknown): ValidationResult<T> {
  const result = schema.safeParse(payload);
  if (result.success) return { ok: true, data: result.data };
  const errors: Record<string, string> = {};
  for (const issue of formatZodIssues(result.error)) {
    const field = issue.field.split('.')[0]!;
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

/** Server field errors (`details[]`) in the same shape. */
export function fieldErrors(details: { field: string; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const detail of details) errors[detail.field.split('.')[0]!] ??= detail.message;
  return errors;
}
