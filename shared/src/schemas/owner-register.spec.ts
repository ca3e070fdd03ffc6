import { formatZodIssues } from './fields';
import { registerRowSchema, relationOfWord } from './owner-register';

const row = (overrides: Record<string, string> = {}) => ({
  building: '1栋',
  unit: '1单元',
  room: '101',
  name: '张伟',
  phone: '13800000001',
  relation: '',
  area: '',
  ...overrides,
});

describe('registerRowSchema', () => {
  it('takes a mobile or a landline, 身份 in its words (blank = 业主) and an optional area', () => {
    expect(registerRowSchema.parse(row({ relation: '租客', area: '89.555' }))).toMatchObject({
      relation: 'tenant',
      area: 89.56,
    });
    expect(registerRowSchema.parse(row({ phone: '0755-12345678' }))).toMatchObject({ relation: 'owner', area: null });
    expect(relationOfWord('家庭成员')).toBe('family');
  });

  it('names each faulty field in Chinese', () => {
    const result = registerRowSchema.safeParse(
      row({ name: '', phone: '12345', relation: '房东', area: '0', room: '' }),
    );
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(formatZodIssues(result.error)).toEqual([
      { field: 'room', message: '请填写房号' },
      { field: 'name', message: '请填写业主姓名' },
      { field: 'phone', message: '联系电话格式不正确，请填写 11 位手机号或带区号的座机' },
      { field: 'relation', message: '身份应为 业主、家属 或 租户（收到的是 房东）' },
      { field: 'area', message: '面积应为大于 0 的数字（平方米）' },
    ]);
  });
});
