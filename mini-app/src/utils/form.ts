import type { FieldError } from '@linli/shared';

/** First message per field, e.g. `{ content: '投诉内容至少 5 个字' }`. */
export function firstErrors(issues: FieldError[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    if (!(issue.field in errors)) errors[issue.field] = issue.message;
  }
  return errors;
}
