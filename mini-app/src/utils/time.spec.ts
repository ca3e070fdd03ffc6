import { formatPickedTime, pickedToShanghaiIso } from './time';

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
