import type { RequestKind } from '../kinds';

/**
 * 总结 (seed 003's last step; the causes are seed 002's 原因分析): why it happened, what was done
 * for this resident (补救措施) and what changes so it does not happen again (纠正措施).
 * Root causes are the five classes 人/机/料/法/环 and their sub-items, kept as one code each so
 * the monthly report can count them by class (a Pareto) and by item.
 */
export const ROOT_CAUSE_CLASSES = ['people', 'machine', 'material', 'method', 'environment'] as const;
export type RootCauseClass = (typeof ROOT_CAUSE_CLASSES)[number];

export const ROOT_CAUSE_CLASS_LABELS: Record<RootCauseClass, string> = {
  people: '人',
  machine: '机',
  material: '料',
  method: '法',
  environment: '环',
};

export const ROOT_CAUSES = {
  'people.attitude': { class: 'people', label: '服务态度' },
  'people.process': { class: 'people', label: '服务流程' },
  'people.skill': { class: 'people', label: '服务技能' },
  'machine.appearance': { class: 'machine', label: '设施外观' },
  'machine.quality': { class: 'machine', label: '设施质量' },
  'machine.suitability': { class: 'machine', label: '设施适用性' },
  'material.supplies': { class: 'material', label: '物料' },
  'material.information': { class: 'material', label: '信息' },
  'method.process': { class: 'method', label: '流程方法' },
  'environment.environment': { class: 'environment', label: '环境' },
} as const satisfies Record<string, { class: RootCauseClass; label: string }>;
export type RootCause = keyof typeof ROOT_CAUSES;
export const ROOT_CAUSE_CODES = Object.keys(ROOT_CAUSES) as RootCause[];

/** '人 · 服务态度'. */
export function rootCauseLabel(cause: RootCause): string {
  const { class: rootClass, label } = ROOT_CAUSES[cause];
  return `${ROOT_CAUSE_CLASS_LABELS[rootClass]} · ${label}`;
}

/**
 * Complaints are summed up before the desk closes them (by callback or by an approved 免回访关闭);
 * a resident's own rating still closes at once — the resident is never kept waiting on staff
 * paperwork — and the desk's 待总结 list then holds it until the summary is written.
 */
export function summaryRequired(kind: RequestKind): boolean {
  return kind === 'complaint';
}
