import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import PageHello from '../PageHello';
import PageState from '../PageState';
import RequestEntries from '../RequestEntries';
import { useRequest } from '../../hooks/useRequest';
import { dialable, fetchServiceInfo } from '../../services/public';
import { loginThen } from '../../utils/login-redirect';
import { LOGIN_PAGE, newRequestUrl } from '../../utils/routes';
import { serviceGuide } from '../../utils/service-guide';
import './index.scss';

const GUIDE = serviceGuide();

/**
 * 首页 before login (WeChat's 帐号登录规范: look first, log in at the first action that needs
 * it): 我要办事 (each asks to log in and comes back to its form), the property's hotline, the
 * service guide, and a 登录 button. 消息 and 我的 in the tab bar ask to log in the same way.
 */
export default function GuestHome() {
  const info = useRequest(fetchServiceInfo, []);

  usePullDownRefresh(() => {
    void info.refresh().finally(() => {
      void Taro.stopPullDownRefresh();
    });
  });

  const hotline = info.data?.hotline ?? null;
  const company = info.data?.companyName ?? null;

  return (
    <View id="guest-home">
      <PageHello
        id="guest-greeting"
        title="您好，欢迎来到邻里"
        sub={`${company ?? '邻里物业服务'} · 报事报修 · 投诉建议`}
      />

      <View className="card guest-login" id="guest-login-card">
        <View className="guest-login__text">
          <Text className="guest-login__title">登录后办理</Text>
          <Text className="muted">报修、投诉，随时查看处理进度</Text>
        </View>
        <Button
          className="guest-login__button"
          id="guest-login"
          type="primary"
          onClick={() => void Taro.navigateTo({ url: LOGIN_PAGE })}
        >
          登录
        </Button>
      </View>

      <RequestEntries onOpen={(kind) => loginThen(newRequestUrl(kind))} />

      <View className="card guest-hotline" id="guest-hotline">
        <View className="card__title">
          <Text>物业客服电话</Text>
        </View>
        <PageState
          id="guest-hotline-state"
          loading={info.loading && !info.data}
          error={info.data ? undefined : info.error}
          onRetry={() => void info.refresh()}
          compact
          rows={1}
        >
          {hotline ? (
            <View className="guest-hotline__row">
              <View className="guest-hotline__main">
                <Text className="guest-hotline__number" id="guest-hotline-number">
                  {hotline}
                </Text>
                {company ? <Text className="muted">{company}</Text> : null}
              </View>
              <Button
                className="guest-hotline__call"
                id="guest-hotline-call"
                type="primary"
                fill="outline"
                onClick={() => void Taro.makePhoneCall({ phoneNumber: dialable(hotline) }).catch(() => undefined)}
              >
                拨打
              </Button>
            </View>
          ) : (
            <Text className="muted" id="guest-hotline-none">
              物业暂未公布客服电话，可到物业服务中心咨询
            </Text>
          )}
        </PageState>
      </View>

      <View className="card" id="guest-guide">
        <View className="card__title">
          <Text>服务指南</Text>
        </View>
        {GUIDE.map((entry) => (
          <View key={entry.kind} className="guide-row" id={`guide-${entry.kind}`}>
            <Text className="guide-row__name">{entry.name}</Text>
            <Text className="guide-row__purpose">{entry.purpose}</Text>
            <View className="guide-row__promises">
              {entry.promises.map((promise) => (
                <Text key={promise} className="guide-row__promise">
                  {promise}
                </Text>
              ))}
            </View>
          </View>
        ))}
        <Text className="muted guide-note">工作日不含周末和法定节假日（含调休）。</Text>
      </View>
    </View>
  );
}
