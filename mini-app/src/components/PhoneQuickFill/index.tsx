import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button as TaroButton, type ButtonProps } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { phone, type UserView } from '@linli/shared';
import { ApiError, errorMessage } from '../../services/http';
import { demoPhoneCode } from '../../services/houses';
import { ensurePrivacyConsent } from '../../services/privacy';
import { verifyPhone } from '../../services/users';
import './index.scss';

const demoPhoneSchema = phone('手机号');

export interface PhoneQuickFillProps {
  /** The button's id (`#<id>`). */
  id: string;
  /** h5 demo only: the number the sandbox plays WeChat holding (the field's). */
  demoPhone: string;
  onVerified: (user: UserView) => void;
  disabled?: boolean;
}

/**
 * 微信手机号快捷填写: weapp's getPhoneNumber button (WeChat shows its own dialog, after the privacy
 * popup the first time) hands over a one-use code, which the server exchanges for the number
 * WeChat verified and stores as the account's. h5 has no such button: the dev sandbox mints the
 * code for the number typed in, after the same privacy popup.
 */
export default function PhoneQuickFill({ id, demoPhone, onVerified, disabled }: PhoneQuickFillProps) {
  const [busy, setBusy] = useState(false);

  const exchange = async (code: string) => {
    setBusy(true);
    try {
      onVerified(await verifyPhone(code));
      void Taro.showToast({ title: '已填入微信验证的手机号', icon: 'none' });
    } catch (error) {
      const message =
        error instanceof ApiError && error.fieldErrors.phoneCode ? error.fieldErrors.phoneCode : errorMessage(error);
      void Taro.showToast({ title: message, icon: 'none', duration: 3000 });
    } finally {
      setBusy(false);
    }
  };

  const onGetPhoneNumber: ButtonProps['onGetPhoneNumber'] = (event) => {
    const code = (event.detail as { code?: string }).code;
    if (!code) {
      void Taro.showToast({ title: '未获得手机号授权，可手动填写', icon: 'none' });
      return;
    }
    void exchange(code);
  };

  const fillInDemo = async () => {
    if (!(await ensurePrivacyConsent())) return;
    if (!demoPhoneSchema.safeParse(demoPhone).success) {
      void Taro.showToast({ title: '演示环境：请先填写 11 位手机号，再模拟微信验证', icon: 'none', duration: 3000 });
      return;
    }
    setBusy(true);
    let code: string;
    try {
      code = await demoPhoneCode(demoPhone);
    } catch {
      setBusy(false);
      return;
    }
    await exchange(code);
  };

  if (process.env.TARO_ENV === 'h5') {
    return (
      <Button
        id={id}
        className="phone-quick-fill"
        fill="outline"
        type="primary"
        loading={busy}
        disabled={disabled || busy}
        onClick={() => void fillInDemo()}
      >
        微信手机号快捷填写
      </Button>
    );
  }
  return (
    <TaroButton
      id={id}
      className="phone-quick-fill phone-quick-fill--weapp"
      openType="getPhoneNumber"
      loading={busy}
      disabled={disabled || busy}
      onGetPhoneNumber={onGetPhoneNumber}
    >
      微信手机号快捷填写
    </TaroButton>
  );
}
