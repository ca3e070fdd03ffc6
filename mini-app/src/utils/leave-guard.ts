/** What a resident is asked before a changed, unsent form goes away. */
export const LEAVE_MESSAGE = '内容尚未提交，确定离开吗？';

/** A navigation the h5 router's history (history v5) holds back while a blocker is registered. */
export interface BlockedTransition {
  action: 'POP' | 'PUSH' | 'REPLACE';
  retry(): void;
}

export interface BlockableHistory {
  block(blocker: (tx: BlockedTransition) => void): () => void;
}

/**
 * Holds back h5's in-app back (the browser's or the phone's back, Taro's navigateBack) until the
 * resident confirms. Opening another page on top (PUSH) keeps the form where it was, and a
 * REPLACE is the page's own redirect once the form was sent: both go through at once. Returns
 * the function that lifts the guard.
 */
export function guardHistory(history: BlockableHistory, confirmLeave: () => Promise<boolean>): () => void {
  let unblock = history.block(blocker);
  let asking = false;

  function blocker(tx: BlockedTransition) {
    if (tx.action !== 'POP') {
      // history.block holds every transition: step aside for this one, then stand guard again.
      unblock();
      tx.retry();
      unblock = history.block(blocker);
      return;
    }
    // A second back while the question is open changes nothing.
    if (asking) return;
    asking = true;
    void confirmLeave()
      .then((leave) => {
        if (!leave) return;
        unblock();
        tx.retry();
      })
      .finally(() => {
        asking = false;
      });
  }

  return () => unblock();
}

/** Whether a form differs from what it started with (plain data: text, ids, arrays, picked times). */
export function formChanged<T>(current: T, initial: T): boolean {
  return JSON.stringify(current) !== JSON.stringify(initial);
}
