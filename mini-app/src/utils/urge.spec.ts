import { URGE_INTERVAL_MS } from '@linli/shared';
import { formatDuration, urgeState } from './urge';

// 2026-11-25 10:00 in Shanghai.
const NOW = Date.parse('2026-11-25T02:00:00.000Z');

describe('urge countdown', () => {
  it('allows urging when the server sends no time or a past one', () => {
    expect(urgeState(null, NOW)).toEqual({ allowed: true });
    expect(urgeState(undefined, NOW)).toEqual({ allowed: true });
    expect(urgeState('2026-11-25T01:59:59.000Z', NOW)).toEqual({ allowed: true });
    expect(urgeState('garbage', NOW)).toEqual({ allowed: true });
  });

  it('tells the Shanghai time and what is left after an urge', () => {
    const next = new Date(NOW + URGE_INTERVAL_MS).toISOString();
    expect(urgeState(next, NOW)).toEqual({ allowed: false, at: '12:00', remaining: '2 小时' });
    expect(urgeState(next, NOW + 40 * 60_000)).toEqual({ allowed: false, at: '12:00', remaining: '1 小时 20 分' });
    expect(urgeState(next, NOW + URGE_INTERVAL_MS - 30_000)).toEqual({
      allowed: false,
      at: '12:00',
      remaining: '1 分钟',
    });
    expect(urgeState(next, NOW + URGE_INTERVAL_MS)).toEqual({ allowed: true });
  });

  it('adds the date when the next urge is on another day (Shanghai)', () => {
    const lateEvening = Date.parse('2026-11-25T15:30:00.000Z'); // 23:30 in Shanghai
    const next = new Date(lateEvening + URGE_INTERVAL_MS).toISOString();
    expect(urgeState(next, lateEvening)).toMatchObject({ allowed: false, at: '11-26 01:30' });
  });

  it('formats durations in whole minutes, rounded up', () => {
    expect(formatDuration(0)).toBe('0 分钟');
    expect(formatDuration(1)).toBe('1 分钟');
    expect(formatDuration(59 * 60_000)).toBe('59 分钟');
    expect(formatDuration(60 * 60_000)).toBe('1 小时');
    expect(formatDuration(61 * 60_000 + 1)).toBe('1 小时 2 分');
  });
});
