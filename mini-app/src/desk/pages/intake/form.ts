import {
  REQUEST_SOURCES,
  SOURCE_LABELS,
  type CategoryNode,
  type PhotoView,
  type RepairScopeValue,
  type RepairUrgency,
  type RequestKind,
  type RequestSource,
} from '@linli/shared';
import { chosenLeaf } from '../../../utils/categories';
import { pickedToShanghaiIso, type PickedTime } from '../../../utils/time';

/** 代客登记 channels: every source but the mini-program itself. */
export const INTAKE_SOURCES = REQUEST_SOURCES.filter((source) => source !== 'mini_program').map((source) => ({
  id: source,
  label: SOURCE_LABELS[source],
}));

export interface IntakeFormState {
  kind: RequestKind;
  source: RequestSource | null;
  projectId: number | null;
  roomId: number | null;
  area: string;
  categoryPath: number[];
  content: string;
  subjectOfComplaint: string;
  occurredAt: PickedTime | null;
  occurredPlace: string;
  demand: string;
  repairScope: RepairScopeValue | null;
  urgency: RepairUrgency;
  repairItem: string;
  repairLocation: string;
  repairModel: string;
  appointmentAt: PickedTime | null;
  contactName: string;
  contactPhone: string;
  photos: PhotoView[];
}

export const EMPTY_INTAKE_FORM: IntakeFormState = {
  kind: 'complaint',
  source: 'phone',
  projectId: null,
  roomId: null,
  area: '',
  categoryPath: [],
  content: '',
  subjectOfComplaint: '',
  occurredAt: null,
  occurredPlace: '',
  demand: '',
  repairScope: 'in_home',
  urgency: 'normal',
  repairItem: '',
  repairLocation: '',
  repairModel: '',
  appointmentAt: null,
  contactName: '',
  contactPhone: '',
  photos: [],
};

const orNull = (text: string) => text.trim() || null;

/**
 * The body for `intakeFormSchema`: only the kind's own fields are filled (a complaint sends no
 * repair details and the other way round); missing choices stay undefined so the schema names them.
 */
export function toIntakeInput(form: IntakeFormState, tree: CategoryNode[]) {
  const complaint = form.kind === 'complaint';
  const repair = form.kind === 'repair';
  return {
    kind: form.kind,
    source: form.source ?? undefined,
    projectId: form.projectId ?? undefined,
    roomId: form.roomId,
    area: orNull(form.area),
    categoryId: chosenLeaf(tree, form.categoryPath)?.id,
    content: form.content,
    subjectOfComplaint: complaint ? orNull(form.subjectOfComplaint) : null,
    occurredAt: complaint && form.occurredAt ? pickedToShanghaiIso(form.occurredAt) : null,
    occurredPlace: complaint ? orNull(form.occurredPlace) : null,
    demand: repair ? null : orNull(form.demand),
    repairScope: repair ? form.repairScope : null,
    urgency: repair ? form.urgency : null,
    repairItem: repair ? orNull(form.repairItem) : null,
    repairLocation: repair ? orNull(form.repairLocation) : null,
    repairModel: repair ? orNull(form.repairModel) : null,
    appointmentAt: repair && form.appointmentAt ? pickedToShanghaiIso(form.appointmentAt) : null,
    contactName: form.contactName,
    contactPhone: form.contactPhone,
    photoIds: form.photos.map((photo) => photo.id),
  };
}

/** The page's fields top to bottom, every kind's: the first one in error is scrolled to. */
export const INTAKE_FIELD_ORDER = [
  'kind',
  'source',
  'projectId',
  'roomId',
  'area',
  'categoryId',
  'repairScope',
  'urgency',
  'repairItem',
  'repairLocation',
  'repairModel',
  'content',
  'subjectOfComplaint',
  'occurredPlace',
  'occurredAt',
  'appointmentAt',
  'demand',
  'photoIds',
  'contactName',
  'contactPhone',
];

export const INTAKE_FIELDS = Object.keys(toIntakeInput(EMPTY_INTAKE_FORM, [])).concat('roomId');
