import Taro from '@tarojs/taro';
import type { FieldError } from '@linli/shared';

/** First message per field, e.g. `{ content: '投诉内容至少 5 个字' }`. */
export function firstErrors(issues: FieldError[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    if (!(issue.field in errors)) errors[issue.field] = issue.message;
  }
  return errors;
}

/** The element id of a form field's wrapper, the target of scrolling to its error. */
export const fieldId = (form: string, field: string) => `field-${form}-${field}`;

/**
 * The field, of those in `order` (the form's fields top to bottom), that comes first among the
 * ones with a message. A server path such as `photoIds.2` counts as its field (`photoIds`).
 */
export function firstErrorField(errors: Record<string, string>, order: readonly string[]): string | null {
  const wrong = new Set(
    Object.entries(errors)
      .filter(([, message]) => message)
      .map(([field]) => field.split('.')[0]),
  );
  return order.find((field) => wrong.has(field)) ?? null;
}

/**
 * Brings the first field in error into view, so a resident who tapped submit at the bottom sees
 * what to fix. `anchor` names a field's wrapper (several fields may share one, as a room picker's).
 * Waits a tick: the messages just set must be laid out before the position is read.
 */
export function scrollToFirstError(
  errors: Record<string, string>,
  order: readonly string[],
  anchor: (field: string) => string,
): void {
  const field = firstErrorField(errors, order);
  if (!field) return;
  Taro.nextTick(() => {
    // A little above the field, so its label is not flush with the top edge.
    void Taro.pageScrollTo({ selector: `#${anchor(field)}`, offsetTop: -12, duration: 200 }).catch(() => undefined);
  });
}
