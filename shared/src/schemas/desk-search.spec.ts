import { classifyDeskSearch, shanghaiDay, shanghaiDayStart } from './desk-search';

describe('what the desk’s search box was given', () => {
  it('tells numbers, phones, their last four digits and names or rooms apart', () => {
    expect(classifyDeskSearch(' bx202612010003 ')).toEqual({ by: 'number', number: 'BX202612010003' });
    expect(classifyDeskSearch('13800138000')).toEqual({ by: 'phone', phone: '13800138000' });
    expect(classifyDeskSearch('138 0013 8000')).toEqual({ by: 'phone', phone: '13800138000' });
    expect(classifyDeskSearch('021-12345678')).toEqual({ by: 'phone', phone: '021-12345678' });
    expect(classifyDeskSearch('8000')).toEqual({ by: 'last4', digits: '8000' });
    expect(classifyDeskSearch('王秀兰')).toEqual({ by: 'text', text: '王秀兰' });
    expect(classifyDeskSearch('501')).toEqual({ by: 'text', text: '501' });
    // Not a number: a prefix and a date too short.
    expect(classifyDeskSearch('BX2026')).toEqual({ by: 'text', text: 'BX2026' });
    expect(classifyDeskSearch('   ')).toBeNull();
  });

  it('reads days in Asia/Shanghai', () => {
    expect(shanghaiDayStart('2026-12-01').toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(shanghaiDay('日期').safeParse('2026-12-01').success).toBe(true);
    expect(shanghaiDay('日期').safeParse('2026-13-01').success).toBe(false);
    expect(shanghaiDay('日期').safeParse('2026-02-30').success).toBe(false);
    expect(shanghaiDay('日期').safeParse('12/01/2026').success).toBe(false);
  });
});
