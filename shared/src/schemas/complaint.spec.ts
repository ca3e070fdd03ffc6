import { complaintFormSchema } from './complaint';
import { formatZodIssues } from './fields';
import { houseBindingSchema } from './house';
import { paginationSchema } from './pagination';

const valid = {
  kind: 'complaint',
  houseBindingId: 1,
  categoryId: 3,
  content: '楼道灯坏了一周没人修',
  occurredAt: '2026-11-24T10:00:00+08:00',
  occurredPlace: '1栋2单元楼道',
  demand: '尽快修好',
  contactName: '张三',
  contactPhone: '13800138000',
};

function errorsOf(input: unknown) {
  const result = complaintFormSchema.safeParse(input);
  return result.success ? [] : formatZodIssues(result.error);
}

describe('complaint form schema', () => {
  it('accepts a complete form and trims text', () => {
    const parsed = complaintFormSchema.parse({ ...valid, content: '  楼道灯坏了一周没人修  ' });
    expect(parsed.content).toBe('楼道灯坏了一周没人修');
  });

  it('accepts the optional fields left out, as nulls', () => {
    const { occurredAt, occurredPlace, demand, ...rest } = valid;
    void occurredAt;
    void occurredPlace;
    void demand;
    expect(complaintFormSchema.parse(rest)).toMatchObject({ occurredAt: null, occurredPlace: null, demand: null });
  });

  it('names each missing field in Chinese', () => {
    expect(errorsOf({ kind: 'complaint' })).toEqual(
      expect.arrayContaining([
        { field: 'houseBindingId', message: '请选择房屋' },
        { field: 'categoryId', message: '请选择投诉分类' },
        { field: 'content', message: '请填写投诉内容' },
        { field: 'contactName', message: '请填写联系人' },
        { field: 'contactPhone', message: '请填写联系电话' },
      ]),
    );
  });

  it('bounds the content to 5–500 characters', () => {
    expect(errorsOf({ ...valid, content: '太吵' })).toEqual([{ field: 'content', message: '投诉内容至少 5 个字' }]);
    expect(errorsOf({ ...valid, content: '吵'.repeat(501) })).toEqual([
      { field: 'content', message: '投诉内容不能超过 500 个字' },
    ]);
    expect(errorsOf({ ...valid, content: '吵'.repeat(500) })).toEqual([]);
    expect(errorsOf({ ...valid, content: '     ' })).toEqual([{ field: 'content', message: '投诉内容至少 5 个字' }]);
  });

  it('rejects wrong types, bad phones, future times and foreign kinds', () => {
    expect(errorsOf({ ...valid, categoryId: 'abc' })).toEqual([{ field: 'categoryId', message: '投诉分类无效' }]);
    expect(errorsOf({ ...valid, categoryId: -1 })).toEqual([{ field: 'categoryId', message: '投诉分类无效' }]);
    expect(errorsOf({ ...valid, contactPhone: '12345' })[0].field).toBe('contactPhone');
    expect(errorsOf({ ...valid, contactPhone: '010-12345678' })).toEqual([]);
    expect(errorsOf({ ...valid, occurredAt: '2999-01-01T00:00:00Z' })).toEqual([
      { field: 'occurredAt', message: '发生时间不能晚于现在' },
    ]);
    expect(errorsOf({ ...valid, occurredAt: 'yesterday' })).toEqual([
      { field: 'occurredAt', message: '发生时间格式不正确' },
    ]);
    expect(errorsOf({ ...valid, kind: 'repair' })).toEqual([{ field: 'kind', message: '诉求类型无效' }]);
  });

  it('reports a non-object body at the root', () => {
    expect(errorsOf('hello')[0].field).toBe('(body)');
  });
});

describe('house binding schema', () => {
  it('requires room, name and a valid phone', () => {
    const result = houseBindingSchema.safeParse({ roomId: 5, name: '', phone: '1380013800' });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(formatZodIssues(result.error).map((e) => e.field)).toEqual(['name', 'phone']);
    }
  });
});

describe('pagination', () => {
  it('coerces query strings and applies defaults and bounds', () => {
    expect(paginationSchema.parse({})).toEqual({ page: 1, pageSize: 10 });
    expect(paginationSchema.parse({ page: '2', pageSize: '20' })).toEqual({ page: 2, pageSize: 20 });
    expect(paginationSchema.safeParse({ pageSize: '500' }).success).toBe(false);
    expect(paginationSchema.safeParse({ page: '0' }).success).toBe(false);
  });
});
