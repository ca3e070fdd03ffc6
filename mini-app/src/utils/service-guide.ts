import {
  DEFAULT_SLA_POLICIES,
  KIND_LABELS,
  formatLimit,
  resolvePolicy,
  type Grade,
  type RequestKind,
  type SlaPolicyRule,
  type SlaStep,
} from '@linli/shared';

/** 服务指南: what each kind of request is for, and what the property promises, in people's words. */
export interface GuideEntry {
  kind: RequestKind;
  name: string;
  purpose: string;
  /** e.g. '10 分钟内派单', '一般投诉 3 个工作日内办结', '办结后 3 天内回访'. */
  promises: string[];
}

const PURPOSES: Record<RequestKind, string> = {
  repair: '家里或公共区域的设施坏了：水电、门窗、电梯、管道等，可预约上门时间',
  complaint: '对物业服务不满意：卫生、秩序、噪音、服务态度等，全程可查进度',
  suggestion: '对小区管理的意见、建议，或想问物业的问题',
};

/**
 * The limits differ by complaint grade; a resident filing one cannot know the grade the desk
 * will give it, so the guide quotes the ordinary one (C, 一般投诉) and says so.
 */
const GUIDE_GRADE: Grade = 'C';
const RESOLUTION_PREFIX: Partial<Record<RequestKind, string>> = { complaint: '一般投诉 ' };

const PHRASES: { step: SlaStep; say: (limit: string) => string }[] = [
  { step: 'dispatch', say: (limit) => `${limit}内派单` },
  { step: 'first_reply', say: (limit) => `${limit}内答复您` },
  { step: 'resolution', say: (limit) => `${limit}内办结` },
  { step: 'callback', say: (limit) => `办结后 ${limit}内回访` },
];

const ORDER: RequestKind[] = ['repair', 'complaint', 'suggestion'];

/** The guide from these rules (the shipped defaults unless told otherwise); a step with no rule is left out. */
export function serviceGuide(rules: readonly SlaPolicyRule[] = DEFAULT_SLA_POLICIES): GuideEntry[] {
  return ORDER.map((kind) => ({
    kind,
    name: KIND_LABELS[kind],
    purpose: PURPOSES[kind],
    promises: PHRASES.flatMap(({ step, say }) => {
      const rule = resolvePolicy(rules, { kind, grade: GUIDE_GRADE, categoryPath: [] }, step);
      if (!rule) return [];
      const text = say(formatLimit(rule.limit));
      return [step === 'resolution' ? `${RESOLUTION_PREFIX[kind] ?? ''}${text}` : text];
    }),
  }));
}
