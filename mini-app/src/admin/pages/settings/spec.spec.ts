import { checkSetting, defaultText, fromDraft, SETTING_FORMS, toDraft } from './spec';

const form = (key: string) => SETTING_FORMS.find((item) => item.key === key)!;

describe('settings forms as data', () => {
  it('round-trips a stored value through the draft, nested paths included', () => {
    const approvers = form('approvers');
    const value = {
      default: 'manager',
      byType: { fee_waiver: 'supervisor' },
      longExtensionDays: 15,
      longExtensionRole: 'admin',
    };
    const draft = toDraft(approvers, value);
    expect(draft['byType.fee_waiver']).toBe('supervisor');
    expect(draft['byType.extension']).toBe('');
    expect(checkSetting(approvers, draft)).toEqual({ ok: true, value });
  });

  it('names the wrong field with the shared schema’s Chinese message', () => {
    const urge = form('urge');
    const draft = { intervalMinutes: '3', supervisorAt: '4', managerAt: '2' };
    expect(fromDraft(urge, draft)).toEqual({ intervalMinutes: 3, supervisorAt: 4, managerAt: 2 });
    expect(checkSetting(urge, draft)).toEqual({
      ok: false,
      errors: { intervalMinutes: '间隔至少 5 分钟', managerAt: '升级到项目经理的次数应多于升级到主管的次数' },
    });
    expect(checkSetting(urge, { intervalMinutes: '', supervisorAt: '3', managerAt: '5' })).toMatchObject({
      ok: false,
      errors: { intervalMinutes: '请填写间隔' },
    });
  });

  it('says the default beside each field', () => {
    const approvers = form('approvers');
    const value = { default: 'manager', byType: {}, longExtensionDays: 15, longExtensionRole: 'admin' };
    expect(approvers.fields.map((field) => defaultText(field, value)).slice(0, 2)).toEqual([
      '默认 项目经理',
      '默认 按默认审批人',
    ]);
  });
});
