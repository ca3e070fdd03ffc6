import { formatShanghaiTime, maskPhone } from './index';

describe('formatting', () => {
  it('shows times in Asia/Shanghai', () => {
    expect(formatShanghaiTime('2026-11-25T16:30:00.000Z')).toBe('2026-11-26 00:30');
    expect(formatShanghaiTime('not a date')).toBe('');
  });

  it('masks the middle of phone numbers', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('010-12345678')).toBe('010*****5678');
    expect(maskPhone('12345')).toBe('*****');
    expect(maskPhone(null)).toBe('');
  });
});
