import { worstState } from './content-check-state';

describe('worstState', () => {
  it('keeps a row pending while any of its texts is, so the recheck judges them all again', () => {
    expect(worstState(['review', 'pending', 'pass'])).toBe('pending');
  });

  it('flags review over unchecked and pass, and is null without texts', () => {
    expect(worstState(['pass', 'unchecked', 'review'])).toBe('review');
    expect(worstState(['pass', 'unchecked'])).toBe('unchecked');
    expect(worstState(['pass'])).toBe('pass');
    expect(worstState([])).toBeNull();
  });
});
