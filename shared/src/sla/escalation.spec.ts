import { deadlineLevel, nextEscalation, urgeLevel } from './escalation';

const at = (iso: string) => new Date(iso);

describe('deadlineLevel', () => {
  // A 3-hour limit from 08:00: nearing from 10:24, due 11:00, level 3 from 12:30, level 4 from 14:00.
  const start = at('2026-11-27T08:00:00Z');
  const due = at('2026-11-27T11:00:00Z');
  it.each([
    ['2026-11-27T09:00:00Z', 0],
    ['2026-11-27T10:23:59Z', 0],
    ['2026-11-27T10:24:00Z', 1],
    ['2026-11-27T10:59:59Z', 1],
    ['2026-11-27T11:00:00Z', 2],
    ['2026-11-27T12:29:59Z', 2],
    ['2026-11-27T12:30:00Z', 3],
    ['2026-11-27T13:59:59Z', 3],
    ['2026-11-27T14:00:00Z', 4],
    ['2026-12-27T14:00:00Z', 4],
  ])('at %s → level %i', (now, level) => {
    expect(deadlineLevel(start, due, at(now))).toBe(level);
  });

  it('counts a span under an hour as an hour once overdue', () => {
    const tenMinutes = at('2026-11-27T08:10:00Z');
    expect(deadlineLevel(start, tenMinutes, at('2026-11-27T08:20:00Z'))).toBe(2);
    expect(deadlineLevel(start, tenMinutes, at('2026-11-27T08:40:00Z'))).toBe(3);
    expect(deadlineLevel(start, tenMinutes, at('2026-11-27T09:10:00Z'))).toBe(4);
  });
});

describe('urgeLevel', () => {
  it.each([
    [0, 0],
    [2, 0],
    [3, 2],
    [4, 2],
    [5, 3],
    [9, 3],
  ])('%i urges → level %i', (count, level) => expect(urgeLevel(count)).toBe(level));
});

describe('nextEscalation', () => {
  it('climbs one level at a time towards the target', () => {
    expect(nextEscalation(4, 0)).toBe(1);
    expect(nextEscalation(4, 1)).toBe(2);
    expect(nextEscalation(4, 3)).toBe(4);
    expect(nextEscalation(4, 4)).toBeNull();
    expect(nextEscalation(0, 0)).toBeNull();
    expect(nextEscalation(2, 2)).toBeNull();
  });

  it('starts at the floor for reasons that skip the assignee (urging goes to the supervisor)', () => {
    expect(nextEscalation(2, 0, 2)).toBe(2);
    expect(nextEscalation(3, 2, 2)).toBe(3);
    expect(nextEscalation(1, 0, 2)).toBeNull();
  });
});
