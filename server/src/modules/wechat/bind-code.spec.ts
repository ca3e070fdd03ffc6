import { drawBindCode, formatBindCode, readBindCode, sameSecret } from './bind-code';

describe('bind codes', () => {
  it('draws 4 + 6 digits, leading zeros kept, shown with a space', () => {
    for (let i = 0; i < 200; i++) {
      const code = drawBindCode();
      expect(code.handle).toMatch(/^\d{4}$/);
      expect(code.secret).toMatch(/^\d{6}$/);
      expect(formatBindCode(code)).toMatch(/^\d{4} \d{6}$/);
    }
  });

  it('reads what people type: spaces, dashes, full-width digits', () => {
    const expected = { handle: '0123', secret: '456789' };
    for (const typed of [
      '0123456789',
      '0123 456789',
      ' 0123-456789 ',
      '0123　４５６７８９',
      '01 23 45 67 89',
      '0123—456789',
    ]) {
      expect(readBindCode(typed)).toEqual(expected);
    }
  });

  it('counts other digit runs as guesses and leaves ordinary text alone', () => {
    expect(readBindCode('123456')).toBe('guess');
    expect(readBindCode('1234')).toBe('guess');
    expect(readBindCode('12345678901')).toBe('guess');
    expect(readBindCode('你好')).toBeNull();
    expect(readBindCode('3栋 1201 漏水')).toBeNull();
    expect(readBindCode('123')).toBeNull();
  });

  it('compares secrets of any length without throwing', () => {
    expect(sameSecret('456789', '456789')).toBe(true);
    expect(sameSecret('456789', '456788')).toBe(false);
    expect(sameSecret('456789', '4567890')).toBe(false);
    expect(sameSecret(null, '456789')).toBe(false);
  });
});
