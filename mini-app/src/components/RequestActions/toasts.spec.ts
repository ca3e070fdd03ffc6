import { ACTION_PAYLOADS, type ActionName } from '@linli/shared';
import { ACTION_TOASTS } from './toasts';

describe('the toast after each action', () => {
  const actions = Object.keys(ACTION_PAYLOADS) as ActionName[];

  it('exists for every action the server takes', () => {
    expect(Object.keys(ACTION_TOASTS).sort()).toEqual([...actions].sort());
  });

  it('says what happened, never "…成功"', () => {
    for (const action of actions) {
      expect(ACTION_TOASTS[action]).not.toMatch(/成功/);
      // WeChat's showToast shows 7 Chinese characters with an icon and about 2 lines without.
      expect(ACTION_TOASTS[action].length).toBeLessThanOrEqual(14);
    }
  });
});
