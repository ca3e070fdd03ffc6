import {
  GRADES,
  KIND_LABELS,
  REQUEST_KINDS,
  SLA_STEPS,
  SLA_STEP_LABELS,
  SLA_UNITS,
  formatZodIssues,
  slaLimitSchema,
  slaPolicySchema,
  type Grade,
  type RequestKind,
  type SlaLimitInput,
  type SlaPolicyInput,
  type SlaPolicyView,
  type SlaStep,
  type SlaUnit,
} from '@linli/shared';
import { firstErrors } from '../../../utils/form';

/** Chip labels; `formatLimit` words them for reading ('3 个工作日'). */
export const UNIT_CHOICES: { id: SlaUnit; label: string }[] = SLA_UNITS.map((unit) => ({
  id: unit,
  label: { minutes: '分钟', hours: '小时', days: '天', working_days: '工作日' }[unit],
}));

/** The chip that stands for "any" in the kind and grade rows (ids are `…-all`). */
export const ANY = 'all';

export interface StepGroup {
  step: SlaStep;
  label: string;
  policies: SlaPolicyView[];
}

const rank = <T>(list: readonly T[], value: T | null) => (value === null ? -1 : list.indexOf(value));

/**
 * Rules under 派单, 首次答复, 办结, 回访, every step even without a rule (it is then not timed).
 * Within a step the broad rules come first and the narrower ones that override them after:
 * by kind, then grade, then category, then age.
 */
export function groupByStep(policies: readonly SlaPolicyView[]): StepGroup[] {
  return SLA_STEPS.map((step) => ({
    step,
    label: SLA_STEP_LABELS[step],
    policies: policies
      .filter((policy) => policy.step === step)
      .sort(
        (a, b) =>
          rank(REQUEST_KINDS, a.kind) - rank(REQUEST_KINDS, b.kind) ||
          rank(GRADES, a.grade) - rank(GRADES, b.grade) ||
          (a.categoryId === null ? 0 : 1) - (b.categoryId === null ? 0 : 1) ||
          a.id - b.id,
      ),
  }));
}

/** '投诉 · A 级 · 电梯故障', or '全部' for a rule that applies to every request. */
export function scopeText(policy: Pick<SlaPolicyView, 'kind' | 'grade' | 'categoryId' | 'categoryName'>): string {
  const parts: string[] = [];
  if (policy.kind) parts.push(KIND_LABELS[policy.kind] ?? policy.kind);
  if (policy.grade) parts.push(`${policy.grade} 级`);
  if (policy.categoryId !== null) parts.push(policy.categoryName ?? `分类 ${policy.categoryId}`);
  return parts.length > 0 ? parts.join(' · ') : '全部';
}

/** An amount as typed: empty is "not given" (the schema then asks for it). */
export function parseAmount(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : Number(trimmed);
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

export interface LimitDraft {
  unit: SlaUnit | null;
  amount: string;
}

export function checkLimit(draft: LimitDraft): Checked<SlaLimitInput> {
  const parsed = slaLimitSchema.safeParse({ unit: draft.unit ?? undefined, amount: parseAmount(draft.amount) });
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors = firstErrors(formatZodIssues(parsed.error));
  if (draft.unit === null) errors.unit = '请选择时限单位';
  return { ok: false, errors };
}

export interface RuleDraft {
  kind: RequestKind | null;
  grade: Grade | null;
  /** Chosen down the kind's category tree; the rule names the last one (any level). */
  categoryPath: number[];
  step: SlaStep | null;
  unit: SlaUnit | null;
  amount: string;
}

export const EMPTY_RULE: RuleDraft = {
  kind: null,
  grade: null,
  categoryPath: [],
  step: null,
  unit: 'hours',
  amount: '',
};

export function toPolicyInput(draft: RuleDraft) {
  const categoryId = draft.kind ? (draft.categoryPath[draft.categoryPath.length - 1] ?? null) : null;
  return {
    kind: draft.kind,
    grade: draft.grade,
    categoryId,
    step: draft.step ?? undefined,
    unit: draft.unit ?? undefined,
    amount: parseAmount(draft.amount),
  };
}

/**
 * The new rule, checked by `slaPolicySchema`; a rule with the same step and scope as an existing
 * one is refused (which of the two wins would depend on their order): edit that one instead.
 */
export function checkRule(draft: RuleDraft, existing: readonly SlaPolicyView[]): Checked<SlaPolicyInput> {
  const parsed = slaPolicySchema.safeParse(toPolicyInput(draft));
  if (!parsed.success) {
    const errors = firstErrors(formatZodIssues(parsed.error));
    if (draft.step === null) errors.step = '请选择环节';
    if (draft.unit === null) errors.unit = '请选择时限单位';
    return { ok: false, errors };
  }
  const input = parsed.data;
  const twin = existing.find(
    (policy) =>
      policy.step === input.step &&
      policy.kind === input.kind &&
      policy.grade === input.grade &&
      policy.categoryId === input.categoryId,
  );
  if (twin) {
    return {
      ok: false,
      errors: {
        form: `${SLA_STEP_LABELS[input.step]}环节已有「${scopeText(twin)}」的规则（${twin.limitLabel}），请直接修改它`,
      },
    };
  }
  return { ok: true, value: input };
}
