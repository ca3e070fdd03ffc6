import { projectInputSchema, roomPatternSchema } from '@linli/shared';
import { toPayload, toValues, validate, type AdminField } from './spec';

const fields: AdminField[] = [
  { kind: 'text', name: 'name', label: '项目名称', max: 100 },
  { kind: 'choice', name: 'kind', label: '类型', choices: [{ id: 'villa', label: '别墅' }] },
  { kind: 'number', name: 'areaSqm', label: '建筑面积', optional: true },
  { kind: 'number', name: 'households', label: '户数', optional: true },
];

describe('admin resource spec', () => {
  it('keeps numbers as text in the form and sends them as numbers, empty as null', () => {
    const values = toValues(fields, { name: '云栖', kind: 'villa', areaSqm: 12000, households: null });
    expect(values).toEqual({ name: '云栖', kind: 'villa', areaSqm: '12000', households: '' });
    expect(toPayload(fields, values)).toEqual({ name: '云栖', kind: 'villa', areaSqm: 12000, households: null });
  });

  it('validates with the shared schema, one Chinese message per field', () => {
    const result = validate(
      projectInputSchema,
      toPayload(fields, { name: '', kind: null, areaSqm: '1.5', households: '' }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['areaSqm', 'kind', 'name']);
    expect(result.errors.name).toBe('请填写项目名称');
  });

  it('refuses a room pattern beyond 5000 rooms on the per-floor field', () => {
    const result = validate(roomPatternSchema, { buildings: 10, units: 4, floors: 30, perFloor: 6 });
    expect(result.ok ? null : result.errors.perFloor).toContain('5000');
  });
});
