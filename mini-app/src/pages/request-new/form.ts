import type { CategoryNode, PhotoView, RepairScopeValue, RepairUrgency, RequestKind } from '@linli/shared';
import { chosenLeaf } from '../../utils/categories';
import { pickedToShanghaiIso, type PickedTime } from '../../utils/time';

/** What the filing page keeps while the resident types; each kind uses its own fields. */
export interface RequestFormState {
  houseBindingId: number | null;
  /** Chosen category at each level of the tree; the last one must be a leaf. */
  categoryPath: number[];
  content: string;
  photos: PhotoView[];
  contactName: string;
  contactPhone: string;
  // complaint
  occurredPlace: string;
  occurredAt: PickedTime | null;
  demand: string;
  // repair
  repairScope: RepairScopeValue | null;
  urgency: RepairUrgency;
  repairItem: string;
  repairLocation: string;
  repairModel: string;
  appointmentAt: PickedTime | null;
}

export const EMPTY_REQUEST_FORM: RequestFormState = {
  houseBindingId: null,
  categoryPath: [],
  content: '',
  photos: [],
  contactName: '',
  contactPhone: '',
  occurredPlace: '',
  occurredAt: null,
  demand: '',
  repairScope: 'in_home',
  urgency: 'normal',
  repairItem: '',
  repairLocation: '',
  repairModel: '',
  appointmentAt: null,
};

/** Per kind: the page title, the content label and the fields the page shows (for errors). */
export const KIND_FORMS: Record<
  RequestKind,
  { title: string; submit: string; contentLabel: string; contentPlaceholder: string; fields: string[] }
> = {
  complaint: {
    title: '我要投诉',
    submit: '提交投诉',
    contentLabel: '投诉内容',
    contentPlaceholder: '请描述发生了什么（5–500 字）',
    fields: ['occurredPlace', 'occurredAt', 'demand'],
  },
  repair: {
    title: '我要报修',
    submit: '提交报修',
    contentLabel: '故障描述',
    contentPlaceholder: '请描述故障情况（5–500 字）',
    fields: ['repairScope', 'urgency', 'repairItem', 'repairLocation', 'repairModel', 'appointmentAt'],
  },
  suggestion: {
    title: '建议/咨询',
    submit: '提交',
    contentLabel: '建议或咨询内容',
    contentPlaceholder: '您的建议或想咨询的问题（5–500 字）',
    fields: [],
  },
};

export const COMMON_FIELDS = [
  'kind',
  'houseBindingId',
  'categoryId',
  'content',
  'contactName',
  'contactPhone',
  'photoIds',
];

/** Every kind's fields, top to bottom as the page draws them: the first one in error is scrolled to. */
export const FIELD_ORDER = [
  'houseBindingId',
  'repairScope',
  'urgency',
  'categoryId',
  'repairItem',
  'repairLocation',
  'repairModel',
  'content',
  'occurredPlace',
  'occurredAt',
  'demand',
  'appointmentAt',
  'photoIds',
  'contactName',
  'contactPhone',
];

export function isRequestKind(value: unknown): value is RequestKind {
  return value === 'complaint' || value === 'repair' || value === 'suggestion';
}

const orNull = (text: string) => text.trim() || null;

/**
 * The body to validate with `requestFormSchema` and send: missing choices stay undefined (so
 * the schema names them), empty optional text becomes null, picked times are Shanghai time.
 */
export function toRequestInput(kind: RequestKind, form: RequestFormState, tree: CategoryNode[]) {
  const common = {
    houseBindingId: form.houseBindingId ?? undefined,
    categoryId: chosenLeaf(tree, form.categoryPath)?.id,
    content: form.content,
    contactName: form.contactName,
    contactPhone: form.contactPhone,
    photoIds: form.photos.map((photo) => photo.id),
  };
  if (kind === 'repair') {
    return {
      kind,
      ...common,
      repairScope: form.repairScope ?? undefined,
      urgency: form.urgency,
      repairItem: form.repairItem,
      repairLocation: form.repairLocation,
      repairModel: orNull(form.repairModel),
      appointmentAt: form.appointmentAt ? pickedToShanghaiIso(form.appointmentAt) : null,
    };
  }
  if (kind === 'suggestion') return { kind, ...common };
  return {
    kind,
    ...common,
    occurredAt: form.occurredAt ? pickedToShanghaiIso(form.occurredAt) : null,
    occurredPlace: orNull(form.occurredPlace),
    demand: orNull(form.demand),
  };
}
