import { withForwardReason } from './notification-content';

describe('withForwardReason', () => {
  const long = { title: '业主补充说明', body: '说'.repeat(499) + '明', phrase: '已补充', detail: '业主补充说明' };

  it('keeps the reason whole and cuts the writer’s text before it, within the 500-character column', () => {
    const forwarded = withForwardReason(long, '保洁部主管无人');
    expect([...forwarded.body].length).toBeLessThanOrEqual(500);
    expect(forwarded.body.endsWith('…（保洁部主管无人，转由您跟进）')).toBe(true);
    expect(forwarded.title).toBe('业主补充说明');
  });

  it('leaves a short notice as it was, the reason after it', () => {
    expect(withForwardReason({ ...long, body: '业主补充了说明。' }, '无人值班').body).toBe(
      '业主补充了说明。（无人值班，转由您跟进）',
    );
  });
});
