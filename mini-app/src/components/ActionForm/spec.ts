import {
  ACTION_LABELS,
  ACTION_PAYLOADS,
  formatZodIssues,
  SATISFACTION_LABELS,
  type ActionName,
  type FieldError,
  type Grade,
  type PhotoView,
  type RepairUrgency,
  type RequestDetail,
  type RootCause,
  type Satisfaction,
} from '@linli/shared';
import { formatFen, yuanToFen } from '../../utils/money';

/** Material rows and fee items are typed as text (yuan, quantities) and converted on submit. */
export interface MaterialRow {
  name: string;
  quantity: string;
  unit: string;
  unitPrice: string;
}

export interface FeeRow {
  name: string;
  amount: string;
}

/** Everything any action form can hold; each form uses a few of these. */
export interface ActionValues {
  note: string;
  photos: PhotoView[];
  materials: MaterialRow[];
  feeItems: FeeRow[];
  grade: Grade | null;
  /** A repair's 紧急程度, asked instead of the complaint grade when it is accepted. */
  urgency: RepairUrgency | null;
  departmentId: number | null;
  assigneeUserId: number | null;
  satisfaction: Satisfaction | null;
  speed: number;
  quality: number;
  attitude: number;
  comment: string;
  responsibleBody: string;
  shortcomings: string;
  suggestions: string;
  /** 总结: the root cause code, 补救措施, 纠正措施. */
  rootCause: RootCause | null;
  remedy: string;
  correctiveMeasure: string;
  /** 答复 on a rating: which one (null: an answer about the request itself). */
  ratingId: number | null;
}

export type TextFieldName =
  'comment' | 'responsibleBody' | 'shortcomings' | 'suggestions' | 'remedy' | 'correctiveMeasure';
export type ScoreName = 'speed' | 'quality' | 'attitude';

export type ActionField =
  | { kind: 'note'; label: string; required: boolean; placeholder?: string; max: number }
  | { kind: 'text'; name: TextFieldName; label: string; required: boolean; max: number; multiline?: boolean }
  | { kind: 'photos' }
  | { kind: 'materials' }
  | { kind: 'feeItems' }
  | { kind: 'grade' }
  | { kind: 'department'; label: string; required: boolean }
  | { kind: 'assignee' }
  | { kind: 'satisfaction'; options: Satisfaction[] }
  | { kind: 'rootCause' }
  /** 答复: which of the resident's ratings it answers, when the request has any. */
  | { kind: 'ratingTarget' }
  | { kind: 'scores'; required: boolean };

export type ActionTone = 'primary' | 'default' | 'danger';

export interface ActionFormSpec {
  /** Popup title and button text. */
  title: string;
  submitLabel: string;
  tone: ActionTone;
  /** A sentence above the fields (what happens, e.g. before cancelling). */
  intro?: string;
  fields: ActionField[];
  /** Sent at once on a tap, without a form (take, start…). */
  direct?: boolean;
}

export const SCORE_LABELS: Record<ScoreName, string> = { speed: '响应速度', quality: '处理质量', attitude: '服务态度' };

const note = (label: string, required: boolean, placeholder?: string, max = 500): ActionField => ({
  kind: 'note',
  label,
  required,
  placeholder,
  max,
});

/** The form of every action, from its `ACTION_PAYLOADS` schema. */
export const ACTION_FORMS: Record<ActionName, ActionFormSpec> = {
  accept: {
    title: '受理',
    submitLabel: '确认受理',
    tone: 'primary',
    fields: [
      { kind: 'grade' },
      { kind: 'department', label: '处理部门（不选则按分类默认部门）', required: false },
      note('受理说明', false),
    ],
  },
  rule_invalid: {
    title: '判定无效',
    submitLabel: '提交无效判定',
    tone: 'danger',
    intro: '不属于物业职责范围的诉求：向业主说明原因并指明责任单位，经项目经理批准后告知业主。',
    fields: [
      note('无效说明（将告知业主）', true, '说明为什么不属于物业职责（至少 5 个字）'),
      { kind: 'text', name: 'responsibleBody', label: '责任单位', required: true, max: 100 },
    ],
  },
  approve_invalid: {
    title: '批准无效判定',
    submitLabel: '批准',
    tone: 'primary',
    intro: '批准后业主将看到无效说明和责任单位。',
    fields: [note('审批意见', false)],
  },
  reject_invalid: {
    title: '驳回无效判定',
    submitLabel: '驳回',
    tone: 'danger',
    intro: '驳回后诉求回到已受理，继续处理。',
    fields: [note('驳回理由', true)],
  },
  dispatch: {
    title: '派单',
    submitLabel: '派单',
    tone: 'primary',
    fields: [{ kind: 'assignee' }, note('派单说明', false)],
  },
  claim: { title: '抢单', submitLabel: '抢单', tone: 'primary', fields: [], direct: true },
  take: { title: '接单', submitLabel: '接单', tone: 'primary', fields: [], direct: true },
  reassign: {
    title: '改派',
    submitLabel: '改派',
    tone: 'default',
    fields: [{ kind: 'assignee' }, note('改派原因', false)],
  },
  transfer: {
    title: '转部门',
    submitLabel: '转部门',
    tone: 'default',
    fields: [{ kind: 'department', label: '转入部门', required: true }, note('转部门原因', true)],
  },
  return: {
    title: '退单',
    submitLabel: '退单',
    tone: 'danger',
    intro: '退回后由客服重新派单。',
    fields: [note('退单原因', true)],
  },
  start: { title: '上门处理', submitLabel: '开始处理', tone: 'primary', fields: [], direct: true },
  progress: {
    title: '处理进展',
    submitLabel: '提交进展',
    tone: 'default',
    fields: [note('进展说明', true, '做了什么、还需要什么'), { kind: 'photos' }, { kind: 'materials' }],
  },
  quote_fee: {
    title: '报价',
    submitLabel: '发送报价',
    tone: 'default',
    intro: '有偿服务：报价发给业主确认，确认后再继续施工。',
    fields: [{ kind: 'feeItems' }, note('报价说明', false)],
  },
  confirm_fee: {
    title: '确认费用',
    submitLabel: '确认费用',
    tone: 'primary',
    intro: '确认后维修人员将按报价继续施工。',
    fields: [note('备注', false)],
  },
  decline_fee: {
    title: '不接受费用',
    submitLabel: '不接受',
    tone: 'danger',
    intro: '不接受报价时，维修人员将与您沟通其他处理方式。',
    fields: [note('不接受的原因', false)],
  },
  pause: {
    title: '挂起',
    submitLabel: '挂起',
    tone: 'default',
    fields: [note('挂起原因', true, '如：等待配件到货')],
  },
  resume: { title: '恢复处理', submitLabel: '恢复处理', tone: 'primary', fields: [], direct: true },
  complete: {
    title: '处理完成',
    submitLabel: '确认完成',
    tone: 'primary',
    fields: [note('处理结果', true, '怎么处理的、结果如何'), { kind: 'photos' }],
  },
  rate: {
    title: '评价',
    submitLabel: '提交评价',
    tone: 'primary',
    fields: [
      { kind: 'satisfaction', options: ['satisfied', 'basically_satisfied'] },
      { kind: 'scores', required: true },
      { kind: 'text', name: 'comment', label: '评价（选填）', required: false, max: 300, multiline: true },
    ],
  },
  callback: {
    title: '回访',
    submitLabel: '提交回访',
    tone: 'primary',
    intro: '电话回访业主，记录对处理结果的评价；不满意将退回重新处理。',
    fields: [
      { kind: 'satisfaction', options: ['satisfied', 'basically_satisfied', 'unsatisfied'] },
      note('回访结果', true, '业主的反馈'),
      { kind: 'text', name: 'shortcomings', label: '不足之处', required: false, max: 300, multiline: true },
      { kind: 'text', name: 'suggestions', label: '业主建议', required: false, max: 300, multiline: true },
    ],
  },
  reopen: {
    title: '不满意，重新处理',
    submitLabel: '提交，重新处理',
    tone: 'danger',
    intro: '告诉我们哪里不满意，物业将安排二次处理，直到您满意为止。',
    fields: [note('不满意的原因', true), { kind: 'scores', required: false }],
  },
  ask_callback: {
    title: '请电话回访',
    submitLabel: '请客服来电',
    tone: 'default',
    intro: '不方便在线评价？客服会电话联系您，了解处理结果是否满意。',
    fields: [note('方便接听的时间（选填）', false, '如：工作日晚上 7 点后', 100)],
  },
  summarize: {
    title: '总结',
    submitLabel: '保存总结',
    tone: 'primary',
    intro: '原因分析、补救措施和纠正措施仅员工可见，计入月度统计；投诉须先总结再回访关闭。',
    fields: [
      { kind: 'rootCause' },
      { kind: 'text', name: 'remedy', label: '补救措施', required: true, max: 500, multiline: true },
      { kind: 'text', name: 'correctiveMeasure', label: '纠正措施', required: true, max: 500, multiline: true },
      note('备注（选填）', false),
    ],
  },
  cancel: {
    title: '撤销',
    submitLabel: '确认撤销',
    tone: 'danger',
    intro: '撤销后物业将不再处理这条诉求，确定撤销吗？',
    fields: [note('撤销原因（选填）', false)],
  },
  urge: { title: '催办', submitLabel: '催办', tone: 'default', fields: [], direct: true },
  add_info: {
    title: '补充说明',
    submitLabel: '提交补充',
    tone: 'default',
    fields: [note('补充内容', true), { kind: 'photos' }],
  },
  ask_info: {
    title: '请业主补充',
    submitLabel: '发给业主',
    tone: 'default',
    intro: '业主会在小程序消息和微信中收到，补充后处理人员会收到通知。',
    fields: [note('需要业主补充的内容', true, '如：请拍一张漏水处的照片')],
  },
  resolve_on_spot: {
    title: '当场解决',
    submitLabel: '确认已解决',
    tone: 'primary',
    intro: '登记时已当场答复或处理完毕：记录结果后诉求即为已处理，按规定回访。',
    fields: [note('当场答复或处理结果（将告知业主）', true), { kind: 'photos' }],
  },
  reply: {
    title: '答复业主',
    submitLabel: '发给业主',
    tone: 'default',
    intro: '业主会在诉求详情和消息中看到这条答复；诉求状态不变。',
    fields: [{ kind: 'ratingTarget' }, note('答复内容', true, '如：已联系供水公司，预计今晚 8 点前恢复供水')],
  },
  note: {
    title: '内部备注',
    submitLabel: '保存备注',
    tone: 'default',
    intro: '内部备注仅员工可见，业主看不到。',
    fields: [note('备注（业主不可见）', true)],
  },
};

/** Button order on a detail page: the step forward first, the side steps after. */
export const ACTION_ORDER: ActionName[] = [
  'accept',
  'resolve_on_spot',
  'dispatch',
  'claim',
  'take',
  'start',
  'resume',
  'complete',
  'progress',
  'quote_fee',
  'confirm_fee',
  'decline_fee',
  'rate',
  'ask_callback',
  'callback',
  'summarize',
  'approve_invalid',
  'reject_invalid',
  'reopen',
  'urge',
  'reply',
  'add_info',
  'ask_info',
  'pause',
  'reassign',
  'transfer',
  'return',
  'rule_invalid',
  'cancel',
  'note',
];

/** What the server lists in `detail.actions`, known to this app, in button order. */
export function orderedActions(actions: readonly string[]): ActionName[] {
  return ACTION_ORDER.filter((action) => actions.includes(action));
}

export function buttonLabel(action: ActionName): string {
  return action === 'reopen' ? '不满意' : (ACTION_FORMS[action]?.title ?? ACTION_LABELS[action] ?? action);
}

export const EMPTY_MATERIAL: MaterialRow = { name: '', quantity: '1', unit: '', unitPrice: '' };
export const EMPTY_FEE: FeeRow = { name: '', amount: '' };

/** Starting values; some are taken from the request (its grade and urgency for 受理). */
export function initialValues(
  action: ActionName,
  detail?:
    | (Pick<RequestDetail, 'grade'> & {
        repair?: Pick<NonNullable<RequestDetail['repair']>, 'urgency'> | null;
        status?: RequestDetail['status'];
        ratings?: readonly Pick<RequestDetail['ratings'][number], 'id'>[];
      })
    | null,
): ActionValues {
  return {
    note: '',
    photos: [],
    materials: [],
    feeItems: action === 'quote_fee' ? [{ ...EMPTY_FEE }] : [],
    grade: action === 'accept' ? (detail?.grade ?? null) : null,
    urgency: action === 'accept' ? (detail?.repair?.urgency ?? null) : null,
    departmentId: null,
    assigneeUserId: null,
    satisfaction: null,
    speed: 0,
    quality: 0,
    attitude: 0,
    comment: '',
    responsibleBody: '',
    shortcomings: '',
    suggestions: '',
    rootCause: null,
    remedy: '',
    correctiveMeasure: '',
    // On a closed request an answer is most often to the rating that closed it.
    ratingId: action === 'reply' && detail?.status === 'closed' ? (detail.ratings?.at(-1)?.id ?? null) : null,
  };
}

/** The fields an action's form shows, by name (for errors and tests). */
export function formFieldNames(action: ActionName): string[] {
  const names: string[] = [];
  for (const field of ACTION_FORMS[action].fields) {
    switch (field.kind) {
      case 'note':
        names.push('note');
        break;
      case 'text':
        names.push(field.name);
        break;
      case 'photos':
        names.push('photos');
        break;
      case 'materials':
        names.push('materials');
        break;
      case 'feeItems':
        names.push('feeItems');
        break;
      case 'grade':
        names.push('grade');
        break;
      case 'department':
        names.push('departmentId');
        break;
      case 'assignee':
        names.push('assigneeUserId');
        break;
      case 'satisfaction':
        names.push('satisfaction');
        break;
      case 'scores':
        names.push('speed', 'quality', 'attitude');
        break;
      case 'rootCause':
        names.push('rootCause');
        break;
      case 'ratingTarget':
        names.push('ratingId');
        break;
    }
  }
  return names;
}

/** The payload's field → the form's field (photoIds → photos, items → feeItems). */
const PAYLOAD_TO_FORM: Record<string, string> = { photoIds: 'photos', items: 'feeItems' };

/**
 * Field errors (from zod or from the server's `details[]`) keyed by form field, first one
 * wins; errors inside a list say which row (`第 2 项：请填写材料名称`).
 */
export function errorsByField(issues: FieldError[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const [head, index] = issue.field.split('.');
    const field = PAYLOAD_TO_FORM[head] ?? head;
    if (field in errors) continue;
    const row = index !== undefined && /^\d+$/.test(index) ? `第 ${Number(index) + 1} 项：` : '';
    errors[field] = `${row}${issue.message}`;
  }
  return errors;
}

const trimmed = (text: string) => text.trim();
const optional = (text: string) => text.trim() || null;
const score = (value: number) => (value >= 1 && value <= 5 ? value : undefined);

/** Sum of the fee rows that parse, in fen. */
export function feeTotalFen(rows: FeeRow[]): number {
  return rows.reduce((total, row) => total + (yuanToFen(row.amount) ?? 0), 0);
}

export function formatFeeTotal(rows: FeeRow[]): string {
  return formatFen(feeTotalFen(rows));
}

const blankMaterial = (row: MaterialRow) => !row.name.trim() && !row.unitPrice.trim() && !row.unit.trim();
const blankFee = (row: FeeRow) => !row.name.trim() && !row.amount.trim();

export type PayloadResult =
  { ok: true; action: ActionName; body: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

/**
 * The body to send for `action` (with `version`), validated with the shared schema. Money typed
 * in 元 becomes fen; blank material / fee rows are dropped. A callback recorded as 不满意 is sent
 * as `reopen`, with the shortcomings and suggestions in its reason.
 */
export function toActionPayload(action: ActionName, values: ActionValues, version?: number): PayloadResult {
  const pre: Record<string, string> = {};
  let effective: ActionName = action;
  let body: Record<string, unknown>;

  switch (action) {
    case 'accept':
      body = {
        grade: values.grade ?? undefined,
        urgency: values.urgency ?? undefined,
        departmentId: values.departmentId ?? undefined,
        note: optional(values.note),
      };
      break;
    case 'rule_invalid':
      body = { note: trimmed(values.note), responsibleBody: trimmed(values.responsibleBody) };
      break;
    case 'dispatch':
    case 'reassign':
      body = { assigneeUserId: values.assigneeUserId ?? undefined, note: optional(values.note) };
      break;
    case 'transfer':
      body = { departmentId: values.departmentId ?? undefined, note: trimmed(values.note) };
      break;
    case 'progress': {
      const rows = values.materials.filter((row) => !blankMaterial(row));
      const materials = rows.map((row, i) => {
        const unitPriceFen = yuanToFen(row.unitPrice);
        const quantity = row.quantity.trim() === '' ? undefined : Number(row.quantity);
        if (!('materials' in pre)) {
          if (row.unitPrice.trim() && unitPriceFen === null) {
            pre.materials = `第 ${i + 1} 项：单价格式不正确（元，最多两位小数）`;
          } else if (quantity !== undefined && Number.isNaN(quantity)) {
            pre.materials = `第 ${i + 1} 项：数量格式不正确`;
          }
        }
        return {
          name: row.name.trim(),
          quantity,
          unit: optional(row.unit),
          unitPriceFen: unitPriceFen ?? undefined,
        };
      });
      body = { note: trimmed(values.note), photoIds: values.photos.map((p) => p.id), materials };
      break;
    }
    case 'quote_fee': {
      const rows = values.feeItems.filter((row) => !blankFee(row));
      const items = rows.map((row, i) => {
        const amountFen = yuanToFen(row.amount);
        if (row.amount.trim() && amountFen === null && !('feeItems' in pre)) {
          pre.feeItems = `第 ${i + 1} 项：金额格式不正确（元，最多两位小数）`;
        }
        return { name: row.name.trim(), amountFen: amountFen ?? undefined };
      });
      body = { items, note: optional(values.note) };
      break;
    }
    case 'complete':
    case 'resolve_on_spot':
    case 'add_info':
      body = { note: trimmed(values.note), photoIds: values.photos.map((p) => p.id) };
      break;
    case 'rate':
      body = {
        satisfaction: values.satisfaction ?? undefined,
        speed: score(values.speed),
        quality: score(values.quality),
        attitude: score(values.attitude),
        comment: optional(values.comment),
      };
      break;
    case 'callback':
      if (values.satisfaction === 'unsatisfied') {
        effective = 'reopen';
        const reason = [
          values.note.trim() ? `回访不满意：${values.note.trim()}` : '',
          values.shortcomings.trim() ? `不足之处：${values.shortcomings.trim()}` : '',
          values.suggestions.trim() ? `业主建议：${values.suggestions.trim()}` : '',
        ]
          .filter(Boolean)
          .join('\n');
        if (!values.note.trim()) pre.note = '请填写回访结果';
        body = { note: reason };
      } else {
        body = {
          satisfaction: values.satisfaction ?? undefined,
          note: trimmed(values.note),
          shortcomings: optional(values.shortcomings),
          suggestions: optional(values.suggestions),
        };
      }
      break;
    case 'reopen':
      body = {
        note: trimmed(values.note),
        speed: score(values.speed),
        quality: score(values.quality),
        attitude: score(values.attitude),
      };
      break;
    case 'summarize':
      body = {
        rootCause: values.rootCause ?? undefined,
        remedy: trimmed(values.remedy),
        correctiveMeasure: trimmed(values.correctiveMeasure),
        note: optional(values.note),
      };
      break;
    case 'reject_invalid':
    case 'return':
    case 'pause':
    case 'reply':
      body = { note: trimmed(values.note), ratingId: values.ratingId ?? undefined };
      break;
    case 'ask_info':
    case 'note':
      body = { note: trimmed(values.note) };
      break;
    default:
      // take, claim, start, resume, urge, cancel, confirm_fee, decline_fee, approve_invalid, ask_callback
      body = { note: optional(values.note) };
  }

  if (version !== undefined) body.version = version;
  const parsed = ACTION_PAYLOADS[effective].safeParse(body);
  const errors = parsed.success ? {} : errorsByField(formatZodIssues(parsed.error));
  if (effective !== action && errors.note && !pre.note) {
    // reopen's message names its own field; the callback form calls it 回访结果.
    pre.note = errors.note.replace('不满意的原因', '回访结果');
  }
  const all = { ...errors, ...pre };
  if (Object.keys(all).length > 0) return { ok: false, errors: all };
  return { ok: true, action: effective, body: parsed.success ? (parsed.data as Record<string, unknown>) : body };
}

export function satisfactionLabel(value: Satisfaction): string {
  return SATISFACTION_LABELS[value];
}
