import { formatZodIssues, intakeFormSchema, type CategoryNode } from '@linli/shared';
import { firstErrorField } from '../../../utils/form';
import {
  EMPTY_INTAKE_FORM,
  INTAKE_FIELD_ORDER,
  INTAKE_FIELDS,
  INTAKE_SOURCES,
  toIntakeInput,
  type IntakeFormState,
} from './form';

const tree: CategoryNode[] = [
  { id: 7, name: '噪音扰民', kind: 'complaint', defaultGrade: 'C', defaultDepartmentId: null, children: [] },
];

const phoneComplaint: IntakeFormState = {
  ...EMPTY_INTAKE_FORM,
  projectId: 1,
  categoryPath: [7],
  content: '业主来电：楼下商铺夜间施工噪音',
  occurredPlace: '南门商铺',
  contactName: '王先生',
  contactPhone: '13900000001',
};

function errorsOf(form: IntakeFormState) {
  const result = intakeFormSchema.safeParse(toIntakeInput(form, tree));
  return result.success ? [] : [...new Set(formatZodIssues(result.error).map((issue) => issue.field))];
}

describe('代客登记 form', () => {
  it('offers every source but the mini-program', () => {
    expect(INTAKE_SOURCES.map((s) => s.label)).toEqual([
      '电话',
      '来访',
      '信函',
      '邮件',
      '呼叫中心',
      '网络舆情',
      '其他部门转来',
    ]);
  });

  it('registers a phone complaint without a room', () => {
    expect(intakeFormSchema.parse(toIntakeInput(phoneComplaint, tree))).toMatchObject({
      kind: 'complaint',
      source: 'phone',
      projectId: 1,
      roomId: null,
      categoryId: 7,
      occurredPlace: '南门商铺',
      repairScope: null,
      repairItem: null,
      photoIds: [],
    });
  });

  it('sends repair details only for repairs', () => {
    const input = toIntakeInput(
      { ...phoneComplaint, kind: 'repair', source: 'visit', roomId: 12, repairItem: '门锁', repairLocation: '入户门' },
      tree,
    );
    expect(input).toMatchObject({
      kind: 'repair',
      source: 'visit',
      roomId: 12,
      repairScope: 'in_home',
      urgency: 'normal',
      repairItem: '门锁',
      repairLocation: '入户门',
      occurredPlace: null,
      demand: null,
    });
  });

  it('names what is missing', () => {
    expect(errorsOf({ ...EMPTY_INTAKE_FORM, source: null })).toEqual([
      'source',
      'projectId',
      'categoryId',
      'content',
      'contactName',
      'contactPhone',
    ]);
  });

  it('knows where every field sits, and scrolls to the project before the content', () => {
    expect(INTAKE_FIELDS.filter((field) => !INTAKE_FIELD_ORDER.includes(field))).toEqual([]);
    const errors = { contactPhone: '请填写联系电话', content: '请填写内容', projectId: '请选择项目' };
    expect(firstErrorField(errors, INTAKE_FIELD_ORDER)).toBe('projectId');
  });
});
