import { fenToYuan, formatFen, isYuanText, yuanToFen } from './money';

describe('yuan ↔ fen', () => {
  it.each([
    ['12.5', 1250],
    ['12.50', 1250],
    ['0.07', 7],
    ['3', 300],
    ['3.', 300],
    [' 88.8 ', 8880],
    ['0', 0],
    ['19.99', 1999],
    ['0.1', 10],
    ['1234567.89', 123456789],
  ])('%s 元 → %d 分', (yuan, fen) => {
    expect(yuanToFen(yuan)).toBe(fen);
  });

  it.each(['', ' ', 'abc', '1.234', '-1', '1,5', '.5', '1e3', '12元'])('rejects %p', (text) => {
    expect(yuanToFen(text)).toBeNull();
  });

  it('avoids floating-point drift (0.29 × 100 = 28.999…)', () => {
    expect(yuanToFen('0.29')).toBe(29);
    expect(yuanToFen('1.15')).toBe(115);
  });

  it('shows fen as yuan with two decimals', () => {
    expect(fenToYuan(1250)).toBe('12.50');
    expect(fenToYuan(7)).toBe('0.07');
    expect(fenToYuan(0)).toBe('0.00');
    expect(fenToYuan(-150)).toBe('-1.50');
    expect(formatFen(123456789)).toBe('¥1234567.89');
  });

  it('round-trips', () => {
    for (const fen of [0, 1, 99, 100, 101, 1999, 250000]) expect(yuanToFen(fenToYuan(fen))).toBe(fen);
  });

  it('accepts empty or valid text while typing', () => {
    expect(isYuanText('')).toBe(true);
    expect(isYuanText('12.3')).toBe(true);
    expect(isYuanText('12.345')).toBe(false);
  });
});
