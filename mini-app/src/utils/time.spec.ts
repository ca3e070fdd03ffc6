import { formatPickedTime, pickedToShanghaiIso, snapUpToMinuteStep } from './time';

describe('picked time', () => {
  const time = { year: 2026, month: 11, day: 5, hour: 9, minute: 3 };

  it('shows as YYYY-MM-DD HH:mm', () => {
    expect(formatPickedTime(time)).toBe('2026-11-05 09:03');
  });

  it('is sent with the +08:00 offset whatever the device zone', () => {
    expect(pickedToShanghaiIso(time)).toBe('2026-11-05T09:03:00+08:00');
    expect(new Date(pickedToShanghaiIso(time)).toISOString()).toBe('2026-11-05T01:03:00.000Z');
  });
});

describe('snapUpToMinuteStep', () => {
  it('keeps a time already on the step', () => {
    expect(snapUpToMinuteStep(new Date(2026, 0, 5, 9, 30, 0, 0), 30)).toEqual(new Date(2026, 0, 5, 9, 30));
  });
  it('moves up to the next offered minute, across the hour', () => {
    expect(snapUpToMinuteStep(new Date(2026, 0, 5, 9, 7, 12), 30)).toEqual(new Date(2026, 0, 5, 9, 30));
    expect(snapUpToMinuteStep(new Date(2026, 0, 5, 9, 45), 30)).toEqual(new Date(2026, 0, 5, 10, 0));
    expect(snapUpToMinuteStep(new Date(2026, 0, 5, 9, 30, 5), 30)).toEqual(new Date(2026, 0, 5, 10, 0));
  });
});
