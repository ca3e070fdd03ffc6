import { formatZodIssues, requestFormSchema, type CategoryNode, type PhotoView, type RequestKind } from '@linli/shared';
import { chosenLeaf, walkCategories } from '../../utils/categories';
import { firstErrorField } from '../../utils/form';
import {
  COMMON_FIELDS,
  EMPTY_REQUEST_FORM,
  FIELD_ORDER,
  KIND_FORMS,
  isRequestKind,
  toRequestInput,
  type RequestFormState,
} from './form';

const node = (id: number, name: string, children: CategoryNode[] = []): CategoryNode => ({
  id,
  name,
  kind: 'complaint',
  defaultGrade: 'C',
  defaultDepartmentId: null,
  children,
});
const tree = [node(1, '服务态度', [node(11, '客服态度差'), node(12, '保安态度差')]), node(3, '噪音扰民')];
const photo = (id: number): PhotoView => ({
  id,
  url: `/api/photos/${id}?sig=x`,
  thumbnailUrl: `/api/photos/${id}/thumb?sig=x`,
  width: 100,
  height: 100,
  size: 1000,
  mime: 'image/jpeg',
});

const filled: RequestFormState = {
  ...EMPTY_REQUEST_FORM,
  houseBindingId: 5,
  categoryPath: [1, 11],
  content: '客服电话打过去直接挂断',
  contactName: '张三',
  contactPhone: '13800138000',
};

function errorsOf(kind: RequestKind, form: RequestFormState) {
  const result = requestFormSchema.safeParse(toRequestInput(kind, form, tree));
  return result.success ? [] : formatZodIssues(result.error).map((issue) => issue.field);
}

describe('category tree', () => {
  it('walks the tree and accepts only a leaf', () => {
    expect(walkCategories(tree, [1, 12]).map((n) => n.name)).toEqual(['服务态度', '保安态度差']);
    expect(chosenLeaf(tree, [1])).toBeNull();
    expect(chosenLeaf(tree, [1, 12])?.id).toBe(12);
    expect(chosenLeaf(tree, [3])?.id).toBe(3);
    expect(chosenLeaf(tree, [99])).toBeNull();
  });
});

describe('complaint form', () => {
  it('builds a body the shared schema accepts, with empty optional fields as null', () => {
    const parsed = requestFormSchema.parse(toRequestInput('complaint', { ...filled, photos: [photo(7)] }, tree));
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
      photoIds: [7],
    });
  });

  it('sends the picked time as Asia/Shanghai time', () => {
    const input = toRequestInput(
      'complaint',
      { ...filled, occurredAt: { year: 2026, month: 1, day: 2, hour: 8, minute: 5 }, occurredPlace: ' 1栋大堂 ' },
      tree,
    ) as { occurredAt: string; occurredPlace: string };
    expect(input.occurredAt).toBe('2026-01-02T08:05:00+08:00');
    expect(input.occurredPlace).toBe('1栋大堂');
  });

  it('lets the schema name what is missing (house, a non-leaf category, short content)', () => {
    expect(errorsOf('complaint', { ...filled, houseBindingId: null, categoryPath: [1], content: '太吵' })).toEqual([
      'houseBindingId',
      'categoryId',
      'content',
    ]);
  });
});

describe('repair form', () => {
  const repair: RequestFormState = {
    ...filled,
    categoryPath: [3],
    content: '厨房水龙头一直滴水，关不紧',
    repairScope: 'in_home',
    repairItem: '水龙头',
    repairLocation: '厨房',
    photos: [photo(1), photo(2)],
  };

  it('sends scope, item, location, model and the appointment slot', () => {
    const nextYear = new Date().getUTCFullYear() + 1;
    const parsed = requestFormSchema.parse(
      toRequestInput(
        'repair',
        { ...repair, repairModel: ' 九牧 ', appointmentAt: { year: nextYear, month: 3, day: 1, hour: 9, minute: 30 } },
        tree,
      ),
    );
    expect(parsed).toMatchObject({
      kind: 'repair',
      repairScope: 'in_home',
      repairItem: '水龙头',
      repairLocation: '厨房',
      repairModel: '九牧',
      appointmentAt: `${nextYear}-03-01T09:30:00+08:00`,
      photoIds: [1, 2],
    });
    expect(parsed).not.toHaveProperty('occurredAt');
  });

  it('needs the item and location, and no appointment in the past', () => {
    expect(
      errorsOf('repair', {
        ...repair,
        repairItem: ' ',
        repairLocation: '',
        appointmentAt: { year: 2020, month: 1, day: 1, hour: 9, minute: 0 },
      }),
    ).toEqual(['repairItem', 'repairLocation', 'appointmentAt']);
  });

  it('needs a scope', () => {
    expect(errorsOf('repair', { ...repair, repairScope: null })).toEqual(['repairScope']);
  });
});

describe('suggestion form', () => {
  it('sends only the common fields', () => {
    const parsed = requestFormSchema.parse(toRequestInput('suggestion', { ...filled, demand: '不会发送' }, tree));
    expect(Object.keys(parsed).sort()).toEqual(
      ['categoryId', 'contactName', 'contactPhone', 'content', 'houseBindingId', 'kind', 'photoIds'].sort(),
    );
  });

  it('knows the kinds', () => {
    expect(['complaint', 'repair', 'suggestion', 'x', undefined].map(isRequestKind)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('scrolling to the first error', () => {
  it('knows where every field the page shows sits', () => {
    const shown = [...COMMON_FIELDS, ...Object.values(KIND_FORMS).flatMap((spec) => spec.fields)];
    expect(shown.filter((field) => field !== 'kind' && !FIELD_ORDER.includes(field))).toEqual([]);
  });

  it('picks the house above the category and the category above the content of an empty repair', () => {
    const errors = Object.fromEntries(
      formatZodIssues(requestFormSchema.safeParse(toRequestInput('repair', EMPTY_REQUEST_FORM, tree)).error!).map(
        (issue) => [issue.field, issue.message],
      ),
    );
    expect(firstErrorField(errors, FIELD_ORDER)).toBe('houseBindingId');
    expect(firstErrorField({ ...errors, houseBindingId: '' }, FIELD_ORDER)).toBe('categoryId');
    expect(errors.categoryId).toBe('请选择报修分类');
  });
});
