import { complaintFormSchema, formatZodIssues, type CategoryNode } from '@linli/shared';
import { EMPTY_COMPLAINT_FORM, chosenLeaf, toComplaintInput, walkCategories, type ComplaintFormState } from './form';

const node = (id: number, name: string, children: CategoryNode[] = []): CategoryNode => ({
  id,
  name,
  kind: 'complaint',
  defaultGrade: 'C',
  defaultDepartmentId: null,
  children,
});
const tree = [node(1, '服务态度', [node(11, '客服态度差'), node(12, '保安态度差')]), node(3, '噪音扰民')];

const filled: ComplaintFormState = {
  ...EMPTY_COMPLAINT_FORM,
  houseBindingId: 5,
  categoryPath: [1, 11],
  content: '客服电话打过去直接挂断',
  contactName: '张三',
  contactPhone: '13800138000',
};

function errorsOf(form: ComplaintFormState) {
  const result = complaintFormSchema.safeParse(toComplaintInput(form, tree));
  return result.success ? [] : formatZodIssues(result.error).map((issue) => issue.field);
}

describe('complaint form', () => {
  it('walks the category tree and accepts only a leaf', () => {
    expect(walkCategories(tree, [1, 12]).map((n) => n.name)).toEqual(['服务态度', '保安态度差']);
    expect(chosenLeaf(tree, [1])).toBeNull();
    expect(chosenLeaf(tree, [1, 12])?.id).toBe(12);
    expect(chosenLeaf(tree, [3])?.id).toBe(3);
    expect(chosenLeaf(tree, [99])).toBeNull();
  });

  it('builds a body the shared schema accepts, with empty optional fields as null', () => {
    const parsed = complaintFormSchema.parse(toComplaintInput(filled, tree));
    expect(parsed).toEqual({
      kind: 'complaint',
      houseBindingId: 5,
      categoryId: 11,
      content: '客服电话打过去直接挂断',
      occurredAt: null,
      occurredPlace: null,
      demand: null,
      contactName: '张三',
      contactPhone: '13800138000',
    });
  });

  it('sends the picked time as Asia/Shanghai time', () => {
    const input = toComplaintInput(
      { ...filled, occurredAt: { year: 2026, month: 1, day: 2, hour: 8, minute: 5 }, occurredPlace: ' 1栋大堂 ' },
      tree,
    );
    expect(input.occurredAt).toBe('2026-01-02T08:05:00+08:00');
    expect(input.occurredPlace).toBe('1栋大堂');
    expect(errorsOf({ ...filled, occurredAt: { year: 2026, month: 1, day: 2, hour: 8, minute: 5 } })).toEqual([]);
  });

  it('lets the schema name what is missing (house, a non-leaf category, short content)', () => {
    expect(errorsOf({ ...filled, houseBindingId: null, categoryPath: [1], content: '太吵' })).toEqual([
      'houseBindingId',
      'categoryId',
      'content',
    ]);
  });
});
