import { useEffect, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import type { UserView } from '@linli/shared';
import PhoneQuickFill from '../PhoneQuickFill';
import SoftTag from '../SoftTag';
import './index.scss';

/**
 * 我的手机号 on 我的 (`#profile-phone`, `data-verified`): the account's phone with 已验证/未验证, and
 * 微信手机号快捷填写 until WeChat has verified it. A verified phone binds a room at once when it is
 * the owner register's; a typed one goes to the desk's review.
 */
export default function ProfilePhone({ user }: { user: UserView }) {
  const [current, setCurrent] = useState(user);
  useEffect(() => setCurrent(user), [user]);
  // h5 demo: the number the sandbox plays WeChat holding.
  const [demoPhone, setDemoPhone] = useState(user.phone ?? '');
  const verified = current.phoneVerified && current.phone !== null;

  return (
    <View className="card profile-phone" id="profile-phone" data-verified={verified ? 'yes' : 'no'}>
      <View className="card__title">
        <Text>我的手机号</Text>
      </View>
      <View className="profile-phone__row">
        <Text className="profile-phone__number" id="profile-phone-number">
          {current.phone ?? '未填写'}
        </Text>
        {current.phone ? (
          <SoftTag tone={verified ? 'green' : 'grey'}>
            <Text id="profile-phone-state">{verified ? '已验证' : '未验证'}</Text>
          </SoftTag>
        ) : null}
      </View>
      <Text className="muted profile-phone__hint">
        {verified
          ? '微信已验证该手机号：用它绑定房屋且与业主名册一致时立即绑定。'
          : '用微信验证手机号后，绑定房屋与业主名册一致时立即绑定；手动填写的手机号需物业客服审核。'}
      </Text>
      {verified ? null : (
        <>
          {process.env.TARO_ENV === 'h5' ? (
            <View className="form-field">
              <Text className="form-label">演示环境：微信绑定的手机号</Text>
              <Input
                id="profile-phone-demo"
                className="form-input"
                type="number"
                value={demoPhone}
                maxlength={11}
                placeholder="11 位手机号"
                onInput={(e) => setDemoPhone(e.detail.value)}
              />
            </View>
          ) : null}
          <PhoneQuickFill id="profile-phone-quickfill" demoPhone={demoPhone} onVerified={setCurrent} />
        </>
      )}
    </View>
  );
}
