import { formatRequestNumber, parseRequestNumber, shanghaiDateKey } from './request-number';

describe('request numbers', () => {
  it('uses the kind prefix, the Shanghai date and a 4-digit sequence', () => {
    const at = new Date('2026-11-25T03:00:00Z');
    expect(formatRequestNumber('complaint', at, 1)).toBe('TS202611250001');
    expect(formatRequestNumber('repair', at, 42)).toBe('BX202611250042');
    expect(formatRequestNumber('suggestion', at, 9999)).toBe('JY202611259999');
  });

  it('counts the day in Asia/Shanghai, not UTC', () => {
    expect(shanghaiDateKey(new Date('2026-11-25T15:59:59.999Z'))).toBe('20261125');
    expect(shanghaiDateKey(new Date('2026-11-25T16:00:00.000Z'))).toBe('20261126');
    expect(shanghaiDateKey(new Date('2026-12-31T16:00:00.000Z'))).toBe('20270101');
  });

  it('refuses sequences that do not fit four digits', () => {
    const at = new Date('2026-11-25T03:00:00Z');
    expect(() => formatRequestNumber('complaint', at, 0)).toThrow(RangeError);
    expect(() => formatRequestNumber('complaint', at, 10000)).toThrow(RangeError);
    expect(() => formatRequestNumber('complaint', at, 1.5)).toThrow(RangeError);
  });

  it('parses what it formats and rejects anything else', () => {
    expect(parseRequestNumber('BX202611250042')).toEqual({ prefix: 'BX', date: '20261125', sequence: 42 });
    expect(parseRequestNumber('XX202611250042')).toBeNull();
    expect(parseRequestNumber('TS20261125004')).toBeNull();
  });
});
