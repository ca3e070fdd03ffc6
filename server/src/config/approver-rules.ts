import { APPROVAL_TYPES, DEFAULT_APPROVER_RULES, ROLES, type ApproverRules } from '@linli/shared';
import { z } from 'zod';

const deciders = z.enum(ROLES.filter((role) => role !== 'resident' && role !== 'staff') as [string, ...string[]]);

const schema = z.object({
  default: deciders.optional(),
  byType: z.partialRecord(z.enum(APPROVAL_TYPES), deciders).optional(),
  longExtensionDays: z.number().int().min(1).max(365).optional(),
  longExtensionRole: deciders.optional(),
});

/** APPROVER_RULES overrides parts of the defaults (project manager; general manager beyond 15 days). */
export function parseApproverRules(json: string | undefined): ApproverRules | { error: string } {
  if (json === undefined) return DEFAULT_APPROVER_RULES;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { error: 'APPROVER_RULES: not valid JSON' };
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    return {
      error: parsed.error.issues
        .map((issue) => `APPROVER_RULES.${issue.path.join('.')}: ${issue.message}`)
        .join('\n  '),
    };
  }
  return {
    ...DEFAULT_APPROVER_RULES,
    ...parsed.data,
    byType: { ...DEFAULT_APPROVER_RULES.byType, ...parsed.data.byType },
  } as ApproverRules;
}
