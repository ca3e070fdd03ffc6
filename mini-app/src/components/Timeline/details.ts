import { GRADE_LABELS, SATISFACTION_LABELS, type Grade, type RequestEventView, type Satisfaction } from '@linli/shared';
import { formatFen } from '../../utils/money';

type Data = Record<string, unknown>;

const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const list = (value: unknown): Data[] =>
  Array.isArray(value) ? value.filter((item): item is Data => typeof item === 'object' && item !== null) : [];

function stars(label: string, value: unknown): string | null {
  const n = num(value);
  return n === null ? null : `${label} ${'★'.repeat(Math.max(0, Math.min(5, Math.round(n))))}`;
}

/**
 * The structured part of a timeline event (`data`: assignee, department, grade, materials, fee
 * items, scores…) as short Chinese lines. Unknown keys are left out, so the server may add more.
 */
export function eventDetailLines(data: Data | null | undefined, note?: string | null): string[] {
  if (!data || typeof data !== 'object') return [];
  const lines: string[] = [];

  // The dispatch note often names the person already (派给 王建国（水电维修工）).
  const assignee = str(data.assigneeName);
  if (assignee && !(note ?? '').includes(assignee)) lines.push(`处理人：${assignee}`);
  const department = str(data.departmentName) ?? str(data.toDepartmentName);
  if (department) lines.push(`部门：${department}`);
  const grade = str(data.grade);
  if (grade) lines.push(`等级：${grade}${grade in GRADE_LABELS ? ` ${GRADE_LABELS[grade as Grade]}` : ''}`);
  const body = str(data.responsibleBody);
  if (body) lines.push(`责任单位：${body}`);

  for (const material of list(data.materials)) {
    const name = str(material.name);
    if (!name) continue;
    const quantity = num(material.quantity);
    const unit = str(material.unit) ?? '';
    const price = num(material.unitPriceFen);
    lines.push(
      `材料：${name}${quantity !== null ? ` ×${quantity}${unit}` : ''}${price !== null ? `，单价 ${formatFen(price)}` : ''}`,
    );
  }

  const materialsFen = num(data.materialsFen);
  if (materialsFen !== null && materialsFen > 0) lines.push(`材料合计：${formatFen(materialsFen)}`);

  const items = list(data.items);
  for (const item of items) {
    const name = str(item.name);
    const amount = num(item.amountFen);
    if (name && amount !== null) lines.push(`收费：${name} ${formatFen(amount)}`);
  }
  const total = num(data.totalFen);
  if (total !== null) lines.push(`合计：${formatFen(total)}`);

  const satisfaction = str(data.satisfactionLabel) ?? str(data.satisfaction);
  if (satisfaction) lines.push(`满意度：${SATISFACTION_LABELS[satisfaction as Satisfaction] ?? satisfaction}`);
  const scores = [stars('速度', data.speed), stars('质量', data.quality), stars('态度', data.attitude)].filter(Boolean);
  if (scores.length > 0) lines.push(scores.join('  '));
  const shortcomings = str(data.shortcomings);
  if (shortcomings) lines.push(`不足之处：${shortcomings}`);
  const suggestions = str(data.suggestions);
  if (suggestions) lines.push(`业主建议：${suggestions}`);
  const comment = str(data.comment);
  if (comment) lines.push(`评价：${comment}`);
  const round = num(data.round);
  if (round !== null && round > 1) lines.push(`进入第 ${round} 次处理`);
  const urgeCount = num(data.urgeCount);
  if (urgeCount !== null) lines.push(`第 ${urgeCount} 次催办`);
  const told = str(data.told);
  if (told) lines.push(told);
  return lines;
}

/** Oldest first, so the newest event is last. */
export function chronological(events: RequestEventView[]): RequestEventView[] {
  return [...events].sort((a, b) => {
    const diff = new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime();
    return diff !== 0 ? diff : a.id - b.id;
  });
}
