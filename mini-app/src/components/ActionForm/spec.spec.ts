import { ACTION_PAYLOADS, LIFECYCLE_ACTIONS, type ActionName, type PhotoView } from '@linli/shared';
import {
  ACTION_FORMS,
  ACTION_ORDER,
  EMPTY_FEE,
  errorsByField,
  feeTotalFen,
  formFieldNames,
  initialValues,
  orderedActions,
  toActionPayload,
  type ActionValues,
} from './spec';

const ACTIONS = LIFECYCLE_ACTIONS.filter((a) => a !== 'create') as ActionName[];
const photo = (id: number) => ({ id }) as PhotoView;
const values = (action: ActionName, patch: Partial<ActionValues> = {}): ActionValues => ({
  ...initialValues(action, { grade: 'C' }),
  ...patch,
});

describe('action → form', () => {
  it('has a form and a button place for every action the server takes', () => {
    expect(Object.keys(ACTION_FORMS).sort()).toEqual(Object.keys(ACTION_PAYLOADS).sort());
    expect([...ACTION_ORDER].sort()).toEqual([...ACTIONS].sort());
  });

  it('maps each action to the fields its schema asks for', () => {
    expect(formFieldNames('accept')).toEqual(['grade', 'departmentId', 'note']);
    expect(formFieldNames('dispatch')).toEqual(['assigneeUserId', 'note']);
    expect(formFieldNames('transfer')).toEqual(['departmentId', 'note']);
    expect(formFieldNames('progress')).toEqual(['note', 'photos', 'materials']);
    expect(formFieldNames('quote_fee')).toEqual(['feeItems', 'note']);
    expect(formFieldNames('complete')).toEqual(['note', 'photos']);
    expect(formFieldNames('rate')).toEqual(['satisfaction', 'speed', 'quality', 'attitude', 'comment']);
    expect(formFieldNames('callback')).toEqual(['satisfaction', 'note', 'shortcomings', 'suggestions']);
    expect(formFieldNames('reopen')).toEqual(['note', 'speed', 'quality', 'attitude']);
    expect(formFieldNames('rule_invalid')).toEqual(['note', 'responsibleBody']);
    expect(formFieldNames('add_info')).toEqual(['note', 'photos']);
  });

  it('sends take, claim, start, resume and urge at once, without a form', () => {
    expect(ACTIONS.filter((a) => ACTION_FORMS[a].direct).sort()).toEqual(['claim', 'resume', 'start', 'take', 'urge']);
    for (const action of ['take', 'claim', 'start', 'resume', 'urge'] as ActionName[]) {
      expect(toActionPayload(action, values(action), 4)).toEqual({
        ok: true,
        action,
        body: { version: 4, note: null },
      });
    }
  });

  it('builds an empty form that the schema accepts for every action without required fields', () => {
    const accepted = ACTIONS.filter((a) => toActionPayload(a, values(a), 1).ok).sort();
    expect(accepted).toEqual(
      [
        'accept',
        'approve_invalid',
        'ask_callback',
        'cancel',
        'claim',
        'confirm_fee',
        'decline_fee',
        'resume',
        'start',
        'take',
        'urge',
      ].sort(),
    );
  });

  it('orders the server’s actions as buttons and ignores unknown ones', () => {
    expect(orderedActions(['note', 'cancel', 'urge', 'add_info', 'create', 'whatever'])).toEqual([
      'urge',
      'add_info',
      'cancel',
      'note',
    ]);
  });
});

describe('action payloads', () => {
  it('sends the version with every action', () => {
    const result = toActionPayload('cancel', values('cancel', { note: ' 不需要了 ' }), 7);
    expect(result).toEqual({ ok: true, action: 'cancel', body: { version: 7, note: '不需要了' } });
  });

  it('accepts with the request’s grade and an optional department', () => {
    expect(toActionPayload('accept', values('accept'), 2)).toEqual({
      ok: true,
      action: 'accept',
      body: { version: 2, grade: 'C', note: null },
    });
    expect(toActionPayload('accept', values('accept', { grade: 'A', departmentId: 3 }), 2)).toMatchObject({
      ok: true,
      body: { grade: 'A', departmentId: 3 },
    });
  });

  it('needs a person to dispatch to', () => {
    expect(toActionPayload('dispatch', values('dispatch'), 1)).toEqual({
      ok: false,
      errors: { assigneeUserId: '请选择处理人' },
    });
    expect(toActionPayload('dispatch', values('dispatch', { assigneeUserId: 9 }), 1)).toEqual({
      ok: true,
      action: 'dispatch',
      body: { version: 1, assigneeUserId: 9, note: null },
    });
  });

  it('answers the resident (答复) with the words typed, which it needs', () => {
    expect(toActionPayload('reply', values('reply'), 1)).toEqual({
      ok: false,
      errors: { note: '答复内容至少 2 个字' },
    });
    expect(toActionPayload('reply', values('reply', { note: ' 今晚 8 点前恢复供水 ' }), 2)).toEqual({
      ok: true,
      action: 'reply',
      body: { version: 2, note: '今晚 8 点前恢复供水' },
    });
  });

  it('needs a department and a reason to transfer', () => {
    const result = toActionPayload('transfer', values('transfer', { note: '不' }), 1);
    expect(result.ok).toBe(false);
    expect(!result.ok && Object.keys(result.errors).sort()).toEqual(['departmentId', 'note']);
  });

  it('turns materials typed in 元 into fen and drops blank rows', () => {
    const result = toActionPayload(
      'progress',
      values('progress', {
        note: '已更换阀芯',
        photos: [photo(4), photo(5)],
        materials: [
          { name: '阀芯', quantity: '2', unit: '个', unitPrice: '12.5' },
          { name: '', quantity: '1', unit: '', unitPrice: '' },
        ],
      }),
      3,
    );
    expect(result).toEqual({
      ok: true,
      action: 'progress',
      body: {
        version: 3,
        note: '已更换阀芯',
        photoIds: [4, 5],
        materials: [{ name: '阀芯', quantity: 2, unit: '个', unitPriceFen: 1250 }],
      },
    });
  });

  it('says which material row is wrong', () => {
    const bad = (patch: object) =>
      toActionPayload(
        'progress',
        values('progress', {
          note: '进展说明',
          materials: [
            { name: '阀芯', quantity: '1', unit: '', unitPrice: '1' },
            { name: '胶带', quantity: '1', unit: '卷', unitPrice: '1', ...patch },
          ],
        }),
        1,
      );
    expect(bad({ unitPrice: '1.234' })).toEqual({
      ok: false,
      errors: { materials: '第 2 项：单价格式不正确（元，最多两位小数）' },
    });
    expect(bad({ quantity: 'x' })).toEqual({ ok: false, errors: { materials: '第 2 项：数量格式不正确' } });
    expect(bad({ unitPrice: '' })).toEqual({ ok: false, errors: { materials: '第 2 项：请填写单价' } });
    expect(bad({ name: '' })).toEqual({ ok: false, errors: { materials: '第 2 项：请填写材料名称' } });
  });

  it('quotes fee items in fen with a total', () => {
    const rows = [{ name: '更换水龙头', amount: '80' }, { name: '上门费', amount: '20.5' }, { ...EMPTY_FEE }];
    expect(feeTotalFen(rows)).toBe(10050);
    expect(toActionPayload('quote_fee', values('quote_fee', { feeItems: rows }), 5)).toEqual({
      ok: true,
      action: 'quote_fee',
      body: {
        version: 5,
        items: [
          { name: '更换水龙头', amountFen: 8000 },
          { name: '上门费', amountFen: 2050 },
        ],
        note: null,
      },
    });
    expect(toActionPayload('quote_fee', values('quote_fee'), 5)).toEqual({
      ok: false,
      errors: { feeItems: '请至少填写一项收费' },
    });
    expect(
      toActionPayload('quote_fee', values('quote_fee', { feeItems: [{ name: '材料', amount: '1.001' }] }), 5),
    ).toEqual({
      ok: false,
      errors: { feeItems: '第 1 项：金额格式不正确（元，最多两位小数）' },
    });
  });

  it('rates with satisfaction and three scores', () => {
    expect(toActionPayload('rate', values('rate'), 1)).toEqual({
      ok: false,
      errors: {
        satisfaction: '请选择满意或基本满意；不满意请选择重新处理',
        speed: '请为响应速度打分',
        quality: '请为处理质量打分',
        attitude: '请为服务态度打分',
      },
    });
    expect(
      toActionPayload(
        'rate',
        values('rate', { satisfaction: 'satisfied', speed: 5, quality: 4, attitude: 5, comment: '师傅很专业' }),
        8,
      ),
    ).toEqual({
      ok: true,
      action: 'rate',
      body: { version: 8, satisfaction: 'satisfied', speed: 5, quality: 4, attitude: 5, comment: '师傅很专业' },
    });
  });

  it('reopens with a reason and optional scores', () => {
    expect(toActionPayload('reopen', values('reopen', { note: '还是漏水', speed: 2 }), 3)).toEqual({
      ok: true,
      action: 'reopen',
      body: { version: 3, note: '还是漏水', speed: 2 },
    });
  });

  it('records a callback, or reopens when the resident is not satisfied', () => {
    expect(
      toActionPayload('callback', values('callback', { satisfaction: 'basically_satisfied', note: '业主表示认可' }), 6),
    ).toEqual({
      ok: true,
      action: 'callback',
      body: {
        version: 6,
        satisfaction: 'basically_satisfied',
        note: '业主表示认可',
        shortcomings: null,
        suggestions: null,
      },
    });
    expect(
      toActionPayload(
        'callback',
        values('callback', { satisfaction: 'unsatisfied', note: '噪音仍在', shortcomings: '回复太慢' }),
        6,
      ),
    ).toEqual({
      ok: true,
      action: 'reopen',
      body: { version: 6, note: '回访不满意：噪音仍在\n不足之处：回复太慢' },
    });
    expect(toActionPayload('callback', values('callback', { satisfaction: 'unsatisfied' }), 6)).toEqual({
      ok: false,
      errors: { note: '请填写回访结果' },
    });
  });

  it('rules invalid with an explanation and the responsible body', () => {
    const result = toActionPayload(
      'rule_invalid',
      values('rule_invalid', { note: '市政道路', responsibleBody: '' }),
      1,
    );
    expect(result).toEqual({
      ok: false,
      errors: { note: '无效说明至少 5 个字', responsibleBody: '责任单位至少 2 个字' },
    });
  });

  it('answers a closed request’s latest rating by default, or the request itself', () => {
    const closed = { grade: 'C' as const, status: 'closed' as const, ratings: [{ id: 3 }, { id: 8 }] };
    expect(initialValues('reply', closed).ratingId).toBe(8);
    expect(initialValues('reply', { ...closed, status: 'resolved' }).ratingId).toBeNull();
    const answer = { ...initialValues('reply', closed), note: '感谢您的评价，已转达维修师傅' };
    expect(toActionPayload('reply', answer, 9)).toEqual({
      ok: true,
      action: 'reply',
      body: { note: '感谢您的评价，已转达维修师傅', ratingId: 8, version: 9 },
    });
    expect(toActionPayload('reply', { ...answer, ratingId: null }, 9)).toEqual({
      ok: true,
      action: 'reply',
      body: { note: '感谢您的评价，已转达维修师傅', version: 9 },
    });
  });

  it('sums up with a root cause, a remedy and a corrective measure', () => {
    expect(formFieldNames('summarize')).toEqual(['rootCause', 'remedy', 'correctiveMeasure', 'note']);
    expect(toActionPayload('summarize', values('summarize'), 4)).toEqual({
      ok: false,
      errors: {
        rootCause: '请选择原因分类（人、机、料、法、环）',
        remedy: '补救措施至少 2 个字',
        correctiveMeasure: '纠正措施至少 2 个字',
      },
    });
    const filled = values('summarize', {
      rootCause: 'machine.quality',
      remedy: ' 更换阀门 ',
      correctiveMeasure: '排查同批',
    });
    expect(toActionPayload('summarize', filled, 4)).toEqual({
      ok: true,
      action: 'summarize',
      body: { rootCause: 'machine.quality', remedy: '更换阀门', correctiveMeasure: '排查同批', note: null, version: 4 },
    });
  });
});

describe('errors by field', () => {
  it('maps payload fields to form fields and names the row', () => {
    expect(
      errorsByField([
        { field: 'photoIds', message: '最多上传 9 张照片' },
        { field: 'items.1.amountFen', message: '请填写金额' },
        { field: 'items.0.name', message: '之后的不算' },
        { field: 'note', message: '请填写进展说明' },
        { field: 'note', message: '第二条不算' },
      ]),
    ).toEqual({ photos: '最多上传 9 张照片', feeItems: '第 2 项：请填写金额', note: '请填写进展说明' });
  });
});
