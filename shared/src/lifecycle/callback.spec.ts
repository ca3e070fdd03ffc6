import { callbackOpen, callbackWindow } from './callback';

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

describe('waiting for the resident to rate before a callback (issue 12)', () => {
  const until = new Date('2026-11-26T02:00:00Z');

  it('keeps the desk out until the rating time is over', () => {
    const facts = { ratingWaitUntil: until, callbackRequestedAt: null };
    expect(callbackOpen(facts, new Date('2026-11-26T01:59:59Z'))).toBe(false);
    expect(callbackOpen(facts, until)).toBe(true);
  });

  it('lets the desk call at once when the resident asked for a call', () => {
    const facts = { ratingWaitUntil: until, callbackRequestedAt: new Date('2026-11-25T03:00:00Z') };
    expect(callbackOpen(facts, new Date('2026-11-25T03:00:01Z'))).toBe(true);
  });

  it('does not wait when no rating time was set (resolved before the rule existed)', () => {
    expect(callbackOpen({ ratingWaitUntil: null, callbackRequestedAt: null }, new Date(0))).toBe(true);
  });
});
