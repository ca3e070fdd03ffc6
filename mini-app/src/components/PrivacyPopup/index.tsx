import { useEffect, useState, useSyncExternalStore } from 'react';
import { Button as TaroButton, Text, View } from '@tarojs/components';
import { Button, Popup } from '@nutui/nutui-react-taro';
import {
  AGREE_BUTTON_ID,
  agreePrivacy,
  claimPopup,
  openWeappGuide,
  privacyState,
  refusePrivacy,
  subscribePrivacy,
  topPopup,
} from '../../services/privacy';
import { PRIVACY_GUIDE_NAME, PRIVACY_ITEMS } from '../../utils/privacy-items';
import './index.scss';

/**
 * 隐私保护提示 (`#privacy-popup`): what we collect and why (utils/privacy-items.ts), the guide
 * (`#privacy-guide-link`: WeChat's own page in weapp, shown here in h5 as `#privacy-guide`),
 * 拒绝 (`#privacy-refuse`) and 同意 (`#privacy-agree`, in weapp the agreePrivacyAuthorization
 * button WeChat checks). Each page that uses photos or the phone mounts one; the one on the page
 * on top shows when consent is asked for (services/privacy.ts).
 */
export default function PrivacyPopup() {
  const [ownerId, setOwnerId] = useState<number | undefined>(undefined);
  const [guideShown, setGuideShown] = useState(false);
  const { open } = useSyncExternalStore(subscribePrivacy, privacyState);
  const top = useSyncExternalStore(subscribePrivacy, topPopup);

  useEffect(() => {
    const claim = claimPopup();
    setOwnerId(claim.id);
    return claim.release;
  }, []);

  useEffect(() => {
    if (!open) setGuideShown(false);
  }, [open]);

  const visible = open && ownerId !== undefined && top === ownerId;
  if (!visible) return null;

  const showGuide = () => {
    if (process.env.TARO_ENV === 'weapp') openWeappGuide();
    else setGuideShown((shown) => !shown);
  };

  return (
    <Popup
      visible
      position="bottom"
      round
      title="隐私保护提示"
      closeOnOverlayClick={false}
      onClose={refusePrivacy}
      className="privacy-popup"
    >
      <View className="privacy-popup__body" id="privacy-popup">
        <Text className="privacy-popup__lead">
          使用相册、相机或手机号之前，请阅读并同意
          <Text className="privacy-popup__link tap-target" id="privacy-guide-link" onClick={showGuide}>
            《{PRIVACY_GUIDE_NAME}》
          </Text>
          。我们只在您使用相应功能时收集：
        </Text>
        <View className="privacy-popup__items" id="privacy-items">
          {PRIVACY_ITEMS.map((item) => (
            <View className="privacy-popup__item" key={item.key} id={`privacy-item-${item.key}`}>
              <Text className="privacy-popup__item-name">{item.weapp}</Text>
              <Text className="muted privacy-popup__item-purpose">{item.purpose}</Text>
            </View>
          ))}
        </View>
        {guideShown ? (
          <Text className="muted privacy-popup__guide" id="privacy-guide">
            {`${PRIVACY_GUIDE_NAME}：以上信息仅用于物业服务（报修、投诉、房屋绑定与回访），` +
              '照片保存在物业的服务器上、随诉求一同保存，手机号只给处理您诉求的物业人员查看；' +
              '不向第三方提供，不用于营销。您可以随时拒绝，拒绝后仍可手动填写手机号、不附照片提交。'}
          </Text>
        ) : null}
        <View className="privacy-popup__actions">
          <Button id="privacy-refuse" className="privacy-popup__button" fill="outline" onClick={refusePrivacy}>
            拒绝
          </Button>
          {process.env.TARO_ENV === 'weapp' ? (
            <TaroButton
              id={AGREE_BUTTON_ID}
              className="privacy-popup__button privacy-popup__agree"
              openType="agreePrivacyAuthorization"
              onAgreePrivacyAuthorization={agreePrivacy}
            >
              同意
            </TaroButton>
          ) : (
            <Button id={AGREE_BUTTON_ID} className="privacy-popup__button" type="primary" onClick={agreePrivacy}>
              同意
            </Button>
          )}
        </View>
      </View>
    </Popup>
  );
}
