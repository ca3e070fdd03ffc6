import { formChanged, guardHistory, type BlockableHistory, type BlockedTransition } from './leave-guard';

/** history v5's block(), as far as the guard sees it: blockers in a list, each removable. */
function fakeHistory() {
  let blockers: Array<(tx: BlockedTransition) => void> = [];
  const history: BlockableHistory = {
    block(blocker) {
      blockers.push(blocker);
      return () => {
        blockers = blockers.filter((b) => b !== blocker);
      };
    },
  };
  /** Navigates: held back while a blocker is up (the blocker gets the transition), else done. */
  const go = (action: BlockedTransition['action'], done: string[]) => {
    const tx = { action, retry: () => go(action, done) };
    if (blockers.length) blockers[blockers.length - 1](tx);
    else done.push(action);
  };
  return { history, go, blockers: () => blockers.length };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('guardHistory', () => {
  it('asks before going back, and stays when the answer is 继续填写', async () => {
    const { history, go, blockers } = fakeHistory();
    const confirm = jest.fn(async () => false);
    guardHistory(history, confirm);
    const done: string[] = [];
    go('POP', done);
    await flush();
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(done).toEqual([]);
    expect(blockers()).toBe(1);
  });

  it('goes back once the resident confirms, and guards no more', async () => {
    const { history, go, blockers } = fakeHistory();
    guardHistory(history, async () => true);
    const done: string[] = [];
    go('POP', done);
    await flush();
    expect(done).toEqual(['POP']);
    expect(blockers()).toBe(0);
  });

  it('asks once however often back is pressed while the question is open', async () => {
    const { history, go } = fakeHistory();
    let answer: (leave: boolean) => void = () => undefined;
    const confirm = jest.fn(() => new Promise<boolean>((resolve) => (answer = resolve)));
    guardHistory(history, confirm);
    const done: string[] = [];
    go('POP', done);
    go('POP', done);
    answer(false);
    await flush();
    expect(confirm).toHaveBeenCalledTimes(1);
    go('POP', done);
    expect(confirm).toHaveBeenCalledTimes(2);
  });

  it('lets a page opened on top, and the redirect after sending, through without asking', () => {
    const { history, go, blockers } = fakeHistory();
    const confirm = jest.fn(async () => true);
    guardHistory(history, confirm);
    const done: string[] = [];
    go('PUSH', done);
    go('REPLACE', done);
    expect(done).toEqual(['PUSH', 'REPLACE']);
    expect(confirm).not.toHaveBeenCalled();
    // Still standing guard for the next back.
    expect(blockers()).toBe(1);
  });

  it('is lifted by the function it returns', () => {
    const { history, go, blockers } = fakeHistory();
    const lift = guardHistory(history, async () => false);
    go('PUSH', []);
    lift();
    expect(blockers()).toBe(0);
    const done: string[] = [];
    go('POP', done);
    expect(done).toEqual(['POP']);
  });
});

describe('formChanged', () => {
  const initial = { name: '张伟', categoryPath: [] as number[], at: null as { day: string } | null };

  it('is false for the form as it started, true once anything differs', () => {
    expect(formChanged({ ...initial, categoryPath: [] }, initial)).toBe(false);
    expect(formChanged({ ...initial, name: '张伟伟' }, initial)).toBe(true);
    expect(formChanged({ ...initial, categoryPath: [3] }, initial)).toBe(true);
    expect(formChanged({ ...initial, at: { day: '2026-05-01' } }, initial)).toBe(true);
  });
});
