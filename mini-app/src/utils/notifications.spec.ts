import { MAX_SUBSCRIBE_TEMPLATES_PER_CALL, SUBSCRIBE_MOMENTS } from '@linli/shared';
import { SUBSCRIBE_MOMENT_OF_ACTION, badgeText, pickTemplateIds, subscribeAnswers } from './notifications';

describe('badgeText', () => {
  it('hides the badge without unread messages', () => {
    expect(badgeText(0)).toBeNull();
    expect(badgeText(-1)).toBeNull();
    expect(badgeText(Number.NaN)).toBeNull();
  });

  it('shows the count up to 99, then 99+', () => {
    expect(badgeText(1)).toBe('1');
    expect(badgeText(99)).toBe('99');
    expect(badgeText(100)).toBe('99+');
    expect(badgeText(12345)).toBe('99+');
  });
});

describe('pickTemplateIds', () => {
  const sets = { submit: ['a', 'b', 'c', 'd'], rate: ['r', 'r', '', 's'], confirm_fee: [] };

  it('keeps at most what one wx.requestSubscribeMessage call takes, in the server’s order', () => {
    expect(MAX_SUBSCRIBE_TEMPLATES_PER_CALL).toBe(3);
    expect(pickTemplateIds(sets, 'submit')).toEqual(['a', 'b', 'c']);
  });

  it('drops duplicates and empty ids, which WeChat would refuse', () => {
    expect(pickTemplateIds(sets, 'rate')).toEqual(['r', 's']);
  });

  it('asks for nothing when the moment has no templates or the sets are unknown', () => {
    expect(pickTemplateIds(sets, 'confirm_fee')).toEqual([]);
    expect(pickTemplateIds(null, 'submit')).toEqual([]);
    expect(pickTemplateIds({ submit: ['a'] }, 'rate')).toEqual([]);
  });
});

describe('subscribeAnswers', () => {
  it('takes the known answers of the ids asked and ignores errMsg and strangers', () => {
    const result = { errMsg: 'requestSubscribeMessage:ok', a: 'accept', b: 'reject', c: 'ban', x: 'accept' };
    expect(subscribeAnswers(['a', 'b', 'c', 'd'], result)).toEqual({ a: 'accept', b: 'reject', c: 'ban' });
  });

  it('keeps filter (blocked by WeChat) and drops values WeChat does not define', () => {
    expect(subscribeAnswers(['a', 'b'], { a: 'filter', b: 'maybe' })).toEqual({ a: 'filter' });
  });

  it('answers nothing for a missing result', () => {
    expect(subscribeAnswers(['a'], undefined)).toEqual({});
    expect(subscribeAnswers(['a'], 'accept')).toEqual({});
  });
});

it('asks at rating and at confirming a fee, and each moment is a shared one', () => {
  expect(SUBSCRIBE_MOMENT_OF_ACTION).toEqual({ rate: 'rate', confirm_fee: 'confirm_fee' });
  for (const moment of Object.values(SUBSCRIBE_MOMENT_OF_ACTION)) expect(SUBSCRIBE_MOMENTS).toContain(moment);
  expect(SUBSCRIBE_MOMENT_OF_ACTION.decline_fee).toBeUndefined();
});
