import { z } from 'zod';

// Zod's own messages (a body that is not an object, an unknown enum value…) in Chinese too.
z.config(z.locales.zhCN());

/**
 * Field builders that speak Chinese. Client and server validate with the same schemas, so a
 * resident sees the same message whether the mini-app or the server caught the mistake.
 */
const missingOr = (missing: string, wrongType: string) => (issue: { input?: unknown }) =>
  issue.input === undefined || issue.input === null ? missing : wrongType;

/**
 * Characters no resident types and an attacker uses: NUL and other control characters (tab and
 * line breaks excepted), bidi overrides and isolates (they make "…gnp.exe" read as "…exe.png" on
 * a staff member's screen), and lone surrogates (not text; MySQL's utf8mb4 refuses them).
 */
// eslint-disable-next-line no-control-regex -- finding these characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;

/**
 * True when a text holds none of the characters above. Surrogates are paired by hand: regex
 * lookbehind would be a syntax error that stops the whole bundle on iOS before 16.4.
 */
export function isSafeText(value: string): boolean {
  if (UNSAFE_CHARACTERS.test(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) return false;
  }
  return true;
}

const safe = (label: string) => [isSafeText, `${label}含有无法识别的特殊字符，请删除后重试`] as const;

export function text(label: string, { min = 1, max }: { min?: number; max: number }) {
  return z
    .string({ error: missingOr(`请填写${label}`, `${label}应为文字`) })
    .trim()
    .min(min, min <= 1 ? `请填写${label}` : `${label}至少 ${min} 个字`)
    .max(max, `${label}不能超过 ${max} 个字`)
    .refine(...safe(label));
}

export function optionalText(label: string, max: number) {
  return z
    .string({ error: `${label}应为文字` })
    .trim()
    .max(max, `${label}不能超过 ${max} 个字`)
    .refine(...safe(label))
    .optional()
    .nullable()
    .transform((value) => (value ? value : null));
}

/** A picked thing (category, house, assignee…): never typed, so a missing one is 请选择, not 请填写. */
export function id(label: string) {
  return z
    .number({ error: missingOr(`请选择${label}`, `${label}无效`) })
    .int(`${label}无效`)
    .positive(`${label}无效`);
}

/** Mainland mobile numbers, or a landline with area code (0xx-xxxxxxxx). */
const PHONE_PATTERN = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

export function phone(label = '联系电话') {
  return z
    .string({ error: missingOr(`请填写${label}`, `${label}应为文字`) })
    .trim()
    .min(1, `请填写${label}`)
    .regex(PHONE_PATTERN, `${label}格式不正确，请填写 11 位手机号或带区号的座机`);
}

export function optionalPastDateTime(label: string) {
  return z
    .string({ error: `${label}格式不正确` })
    .datetime({ offset: true, error: `${label}格式不正确`, abort: true })
    .refine((value) => new Date(value).getTime() <= Date.now() + 5 * 60 * 1000, `${label}不能晚于现在`)
    .optional()
    .nullable()
    .transform((value) => value ?? null);
}

export interface FieldError {
  field: string;
  message: string;
}

/** Flattens zod issues into the API's `details[]` shape: one Chinese message per field path. */
export function formatZodIssues(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}
