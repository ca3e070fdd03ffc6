import type { DeadlineView } from '@linli/shared';
import { DEADLINE_TONES, liveDeadline, shownOnCard, stepLabel } from './deadlines';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const START = Date.parse('2026-11-25T02:00:00.000Z'); // 10:00 in Shanghai

function deadline(overrides: Partial<DeadlineView> = {}, limitMs = 10 * HOUR): DeadlineView {
  return {
    step: 'resolution',
    stepLabel: '办结',
    startAt: new Date(START).toISOString(),
    dueAt: new Date(START + limitMs).toISOString(),
    doneAt: null,
    state: 'ok',
    stateLabel: '正常',
    ...overrides,
  };
}

describe('live deadline', () => {
  it('counts down while there is time, muted', () => {
    expect(liveDeadline(deadline(), START + 7 * HOUR + 45 * MIN)).toEqual({
      state: 'ok',
      tone: 'grey',
      text: '剩 2 小时 15 分',
    });
  });

  it('turns orange in the last fifth of the allowed time', () => {
    expect(liveDeadline(deadline(), START + 9 * HOUR + 20 * MIN)).toEqual({
      state: 'nearing',
      tone: 'orange',
      text: '即将超时 · 剩 40 分',
    });
  });

  it('turns red once late, whatever the server said when it answered', () => {
    const view = deadline({ state: 'ok' });
    expect(liveDeadline(view, START + 10 * HOUR + 3 * DAY)).toEqual({
      state: 'overdue',
      tone: 'red',
      text: '已超时 3 天',
    });
  });

  it('moves on as the clock ticks', () => {
    const view = deadline({}, HOUR);
    expect(liveDeadline(view, START + 30 * MIN).state).toBe('ok');
    expect(liveDeadline(view, START + 50 * MIN).state).toBe('nearing');
    expect(liveDeadline(view, START + HOUR + MIN).state).toBe('overdue');
  });

  it('tells a done step by when it was done, not by now', () => {
    const met = deadline({ doneAt: new Date(START + 9 * HOUR).toISOString() });
    const missed = deadline({ doneAt: new Date(START + 11 * HOUR).toISOString() });
    expect(liveDeadline(met, START + 20 * DAY)).toEqual({ state: 'met', tone: 'green', text: '按时完成' });
    expect(liveDeadline(missed, START)).toEqual({ state: 'missed', tone: 'red', text: '超时完成' });
  });

  it('falls back to the server’s state when the times cannot be read', () => {
    const broken = deadline({ dueAt: 'soon', state: 'nearing', stateLabel: '即将超时' });
    expect(liveDeadline(broken, START)).toEqual({ state: 'nearing', tone: 'orange', text: '即将超时' });
  });

  it('has a tone for every state', () => {
    expect(Object.keys(DEADLINE_TONES).sort()).toEqual(['met', 'missed', 'nearing', 'ok', 'overdue']);
  });
});

describe('deadline on a list row', () => {
  it('shows running and missed limits, not kept ones or none', () => {
    expect(shownOnCard(null)).toBe(false);
    expect(shownOnCard(undefined)).toBe(false);
    expect(shownOnCard(deadline())).toBe(true);
    expect(shownOnCard(deadline({ doneAt: new Date(START + HOUR).toISOString() }))).toBe(false);
    expect(shownOnCard(deadline({ doneAt: new Date(START + 11 * HOUR).toISOString() }))).toBe(true);
  });

  it('names the step, from the server or the shared labels', () => {
    expect(stepLabel(deadline())).toBe('办结');
    expect(stepLabel(deadline({ step: 'first_reply', stepLabel: '' }))).toBe('首次答复');
  });
});
