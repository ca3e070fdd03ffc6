import { formatZodIssues } from './fields';
import { intakeFormSchema, requestFormSchema } from './request-forms';

const fieldsOf = (input: unknown) => {
  const result = requestFormSchema.safeParse(input);
  return result.success
    ? []
    : formatZodIssues(result.error)
        .map((issue) => issue.field)
        .sort();
};

describe('request forms by kind', () => {
  it('names every complaint field when the kind is missing', () => {
    expect(fieldsOf({})).toEqual(['categoryId', 'contactName', 'contactPhone', 'content', 'houseBindingId', 'kind']);
  });

  it('checks repair-specific fields for repairs', () => {
    expect(fieldsOf({ kind: 'repair' })).toEqual([
      'categoryId',
      'contactName',
      'contactPhone',
      'content',
      'houseBindingId',
      'repairItem',
      'repairLocation',
      'repairScope',
    ]);
  });

  it('accepts a repair with an appointment and photos, and a suggestion', () => {
    const repair = requestFormSchema.parse({
      kind: 'repair',
      houseBindingId: 1,
      categoryId: 2,
      repairScope: 'in_home',
      repairItem: '卫生间水龙头',
      repairLocation: '主卫',
      appointmentAt: '2999-01-01T10:00:00+08:00',
      content: '水龙头一直滴水关不紧',
      contactName: '张三',
      contactPhone: '13800138000',
      photoIds: [3, 4],
    });
    expect(repair).toMatchObject({ kind: 'repair', repairModel: null, photoIds: [3, 4] });
    expect(
      fieldsOf({
        kind: 'suggestion',
        houseBindingId: 1,
        categoryId: 2,
        content: '建议增加快递柜',
        contactName: '张三',
        contactPhone: '13800138000',
      }),
    ).toEqual([]);
  });

  it('refuses more than 9 photos and a past appointment', () => {
    const base = {
      kind: 'suggestion',
      houseBindingId: 1,
      categoryId: 2,
      content: '建议增加快递柜',
      contactName: '张三',
      contactPhone: '13800138000',
    };
    expect(fieldsOf({ ...base, photoIds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] })).toEqual(['photoIds']);
    expect(
      fieldsOf({
        ...base,
        kind: 'repair',
        repairScope: 'common_area',
        repairItem: '路灯',
        repairLocation: '3栋门口',
        appointmentAt: '2020-01-01T10:00:00+08:00',
      }),
    ).toEqual(['appointmentAt']);
  });
});

describe('intake form (代客登记)', () => {
  it('requires a non-mini-program source and a project', () => {
    const result = intakeFormSchema.safeParse({
      kind: 'complaint',
      source: 'mini_program',
      categoryId: 1,
      content: '门口垃圾没人清理',
      contactName: '王先生',
      contactPhone: '13900000000',
    });
    expect(result.success).toBe(false);
    if (!result.success)
      expect(
        formatZodIssues(result.error)
          .map((e) => e.field)
          .sort(),
      ).toEqual(['projectId', 'source']);
  });
});
