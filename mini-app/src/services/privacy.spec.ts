import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Taro from '../../test/taro.mock';
import { PRIVACY_ITEMS } from '../utils/privacy-items';
import {
  AGREE_BUTTON_ID,
  PRIVACY_CONSENT_KEY,
  agreePrivacy,
  claimPopup,
  ensurePrivacyConsent,
  listenForPrivacyRequests,
  privacyState,
  refusePrivacy,
  topPopup,
} from './privacy';

const env = process.env.TARO_ENV;
afterEach(() => {
  process.env.TARO_ENV = env;
});
beforeEach(() => Taro.__reset());

describe('h5: asked before the first photo or phone', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'h5';
  });

  it('opens the popup and waits; 同意 lets the call go on and is remembered', async () => {
    const asked = ensurePrivacyConsent();
    expect(privacyState().open).toBe(true);
    agreePrivacy();
    await expect(asked).resolves.toBe(true);
    expect(privacyState().open).toBe(false);
    expect(Taro.getStorageSync(PRIVACY_CONSENT_KEY)).toBe('agreed');
    // Not asked again.
    await expect(ensurePrivacyConsent()).resolves.toBe(true);
    expect(privacyState().open).toBe(false);
  });

  it('拒绝 cancels the call with a toast, and asks again next time', async () => {
    const asked = ensurePrivacyConsent();
    refusePrivacy();
    await expect(asked).resolves.toBe(false);
    expect(Taro.showToast).toHaveBeenCalledWith({ title: '未同意隐私保护指引，已取消', icon: 'none' });
    void ensurePrivacyConsent();
    expect(privacyState().open).toBe(true);
    refusePrivacy();
  });
});

describe('weapp: WeChat asks', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'weapp';
  });

  it('lets the privacy API itself ask, and answers WeChat with the agree button’s id or a refusal', async () => {
    await expect(ensurePrivacyConsent()).resolves.toBe(true);
    expect(privacyState().open).toBe(false);

    listenForPrivacyRequests();
    const listener = Taro.onNeedPrivacyAuthorization.mock.calls[0][0];
    const resolveFirst = jest.fn();
    listener(resolveFirst);
    expect(resolveFirst).toHaveBeenCalledWith({ event: 'exposureAuthorization' });
    expect(privacyState().open).toBe(true);
    agreePrivacy();
    expect(resolveFirst).toHaveBeenLastCalledWith({ event: 'agree', buttonId: AGREE_BUTTON_ID });
    expect(privacyState().open).toBe(false);

    const resolveSecond = jest.fn();
    listener(resolveSecond);
    refusePrivacy();
    expect(resolveSecond).toHaveBeenLastCalledWith({ event: 'disagree' });
    // WeChat keeps the consent, not us.
    expect(Taro.getStorageSync(PRIVACY_CONSENT_KEY)).toBe('');
  });
});

describe('weapp on a base library without the privacy API', () => {
  it('registers nothing and does not throw at launch', () => {
    process.env.TARO_ENV = 'weapp';
    const api = Taro.onNeedPrivacyAuthorization;
    try {
      (Taro as { onNeedPrivacyAuthorization?: unknown }).onNeedPrivacyAuthorization = undefined;
      expect(() => listenForPrivacyRequests()).not.toThrow();
    } finally {
      Taro.onNeedPrivacyAuthorization = api;
    }
  });
});

describe('one popup on screen', () => {
  it('is the latest page’s, and the one before once that page is gone', () => {
    const first = claimPopup();
    const second = claimPopup();
    expect(topPopup()).toBe(second.id);
    second.release();
    expect(topPopup()).toBe(first.id);
    first.release();
    expect(topPopup()).toBeUndefined();
  });
});

describe('the privacy guide in docs/deployment.md', () => {
  it('declares every item the popup lists', () => {
    const doc = readFileSync(resolve(__dirname, '../../../docs/deployment.md'), 'utf8');
    const guide = doc.split('\n').find((line) => line.includes('用户隐私保护指引')) ?? '';
    for (const item of PRIVACY_ITEMS) expect(guide).toContain(item.weapp);
  });
});
