import Taro from '@tarojs/taro';

/**
 * The privacy authorization flow, for both builds.
 *
 * weapp: WeChat holds back a privacy API (chooseMedia, the getPhoneNumber button) until the user
 * agrees to the guide, and asks us through `onNeedPrivacyAuthorization`: the popup is shown, and
 * its 同意 (a button with open-type agreePrivacyAuthorization) or 拒绝 resolves the call WeChat
 * keeps pending. WeChat remembers the consent itself.
 *
 * h5: there is no WeChat, so `ensurePrivacyConsent()` asks before the first photo pick or phone
 * request with the same popup, and the consent is remembered in storage.
 */

export const PRIVACY_CONSENT_KEY = 'linli.privacyConsent';
/** The id of the popup's 同意 button: WeChat checks it was tapped. */
export const AGREE_BUTTON_ID = 'privacy-agree';

type WeappResolve = (option: { event: 'exposureAuthorization' | 'agree' | 'disagree'; buttonId?: string }) => void;

interface State {
  open: boolean;
}

let state: State = { open: false };
const listeners = new Set<() => void>();
/** h5: the callers waiting for the answer. */
let waiting: ((agreed: boolean) => void)[] = [];
/** weapp: WeChat's pending privacy calls. */
let weappPending: WeappResolve[] = [];

function setOpen(open: boolean) {
  state = { open };
  for (const listener of listeners) listener();
}

export function subscribePrivacy(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const privacyState = (): State => state;

export function hasStoredConsent(): boolean {
  try {
    return Taro.getStorageSync(PRIVACY_CONSENT_KEY) === 'agreed';
  } catch {
    return false;
  }
}

/**
 * Resolves true once the user agreed to the privacy guide, false when they refused (told with a
 * toast). weapp answers at once: WeChat itself asks when the privacy API is called.
 */
export function ensurePrivacyConsent(): Promise<boolean> {
  if (process.env.TARO_ENV !== 'h5' || hasStoredConsent()) return Promise.resolve(true);
  return new Promise((resolve) => {
    waiting.push(resolve);
    setOpen(true);
  });
}

/** weapp, once at launch: WeChat's request to show the popup. */
export function listenForPrivacyRequests(): void {
  if (process.env.TARO_ENV !== 'weapp') return;
  // Base libraries before 2.32.3 have neither the API nor the privacy check it answers.
  if (typeof Taro.onNeedPrivacyAuthorization !== 'function') return;
  Taro.onNeedPrivacyAuthorization((resolve) => {
    const answer = resolve as WeappResolve;
    weappPending.push(answer);
    answer({ event: 'exposureAuthorization' });
    setOpen(true);
  });
}

function settle(agreed: boolean) {
  const callers = waiting;
  const pending = weappPending;
  waiting = [];
  weappPending = [];
  setOpen(false);
  for (const resolve of pending)
    resolve(agreed ? { event: 'agree', buttonId: AGREE_BUTTON_ID } : { event: 'disagree' });
  for (const resolve of callers) resolve(agreed);
}

/** 同意 (weapp: from the agreePrivacyAuthorization button's own event). */
export function agreePrivacy(): void {
  if (process.env.TARO_ENV === 'h5') {
    try {
      Taro.setStorageSync(PRIVACY_CONSENT_KEY, 'agreed');
    } catch {
      // storage unavailable: asked again next time, which is no harm
    }
  }
  settle(true);
}

/** 拒绝: the pending call is cancelled, and the user is told it needs the consent. */
export function refusePrivacy(): void {
  settle(false);
  void Taro.showToast({ title: '未同意隐私保护指引，已取消', icon: 'none' });
}

/** weapp: WeChat's own page with the guide as filled in 微信公众平台. */
export function openWeappGuide(): void {
  Taro.openPrivacyContract({
    fail: () => void Taro.showToast({ title: '暂时无法打开隐私保护指引', icon: 'none' }),
  });
}

/**
 * One popup on screen: each page that may need it mounts one, and the latest mounted (the page
 * on top; h5 keeps earlier pages mounted, hidden) is the one that shows.
 */
const owners: number[] = [];
let ownerSequence = 0;

export function claimPopup(): { id: number; release: () => void } {
  const id = ++ownerSequence;
  owners.push(id);
  for (const listener of listeners) listener();
  return {
    id,
    release: () => {
      const index = owners.indexOf(id);
      if (index >= 0) owners.splice(index, 1);
      for (const listener of listeners) listener();
    },
  };
}

export const topPopup = (): number | undefined => owners[owners.length - 1];
