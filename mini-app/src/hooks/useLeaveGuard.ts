import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidHide, useDidShow } from '@tarojs/taro';
import { LEAVE_MESSAGE, guardHistory } from '../utils/leave-guard';
import { routerHistory } from '../utils/router-history';

const H5 = process.env.TARO_ENV === 'h5';

/** Taro's API answers some calls with a promise on one platform and nothing on another. */
function quietly(call: () => unknown): void {
  try {
    void Promise.resolve(call()).catch(() => undefined);
  } catch {
    // not available on this platform or base library: the form simply is not guarded
  }
}

const confirmLeave = async () => {
  const answer = await Taro.showModal({
    title: '离开此页？',
    content: LEAVE_MESSAGE,
    confirmText: '离开',
    cancelText: '继续填写',
    // Leaving throws away what was typed: the colour of the app's other destructive confirms.
    confirmColor: '#e0452a',
  }).catch(() => ({ confirm: false }));
  return answer.confirm;
};

function onBeforeUnload(event: BeforeUnloadEvent) {
  event.preventDefault();
  // Chrome before 119 and Safari show the dialog only when returnValue is set.
  event.returnValue = LEAVE_MESSAGE;
  return LEAVE_MESSAGE;
}

/**
 * Asks before a changed form is left unsent. weapp: WeChat's own dialog on the back button
 * (enableAlertBeforeUnload; a swipe back is not held, WeChat's rule). h5, where Taro does not
 * support that API: the browser's dialog on reload or close, and the app's own on back.
 * `release()` lifts the guard at once: call it when the form was sent, before navigating away.
 */
export function useLeaveGuard(dirty: boolean): { release: () => void } {
  const [released, setReleased] = useState(false);
  // h5 keeps a page that another page covers: its guard must not answer that page's back.
  const [shown, setShown] = useState(true);
  useDidShow(() => setShown(true));
  useDidHide(() => setShown(false));
  const active = dirty && !released && (shown || !H5);

  /** Lifts whatever guard is up now; null while none is. */
  const lift = useRef<(() => void) | null>(null);

  useEffect(() => {
    if (!active) return undefined;
    if (H5) {
      window.addEventListener('beforeunload', onBeforeUnload);
      const history = routerHistory();
      const unguard = history ? guardHistory(history, confirmLeave) : undefined;
      lift.current = () => {
        window.removeEventListener('beforeunload', onBeforeUnload);
        unguard?.();
      };
    } else {
      quietly(() => Taro.enableAlertBeforeUnload({ message: LEAVE_MESSAGE }));
      lift.current = () => quietly(() => Taro.disableAlertBeforeUnload());
    }
    return () => {
      lift.current?.();
      lift.current = null;
    };
  }, [active]);

  const release = useCallback(() => {
    setReleased(true);
    // The effect's cleanup would come after the next render; the redirect that follows comes first.
    lift.current?.();
    lift.current = null;
  }, []);

  return { release };
}
