import { callbackWindow } from './callback';

describe('callback window (seed 004)', () => {
  const resolvedAt = new Date('2026-11-25T02:00:00Z');

  it('gives complaints 3 days from resolution', () => {
    expect(callbackWindow('complaint', null, resolvedAt)).toEqual({
      from: resolvedAt,
      due: new Date('2026-11-28T02:00:00Z'),
    });
  });

  it('gives in-home repairs days 3 to 7 after completion', () => {
    expect(callbackWindow('repair', 'in_home', resolvedAt)).toEqual({
      from: new Date('2026-11-28T02:00:00Z'),
      due: new Date('2026-12-02T02:00:00Z'),
    });
  });

  it('needs none for common-area repairs and suggestions', () => {
    expect(callbackWindow('repair', 'common_area', resolvedAt)).toBeNull();
    expect(callbackWindow('suggestion', null, resolvedAt)).toBeNull();
  });
});
