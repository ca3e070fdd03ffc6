import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { graphemes, type AuthTokens, type DemoAccount } from '@linli/shared';
import PageState from '../../components/PageState';
import PcQrLogin from '../../components/PcQrLogin';
import SoftTag from '../../components/SoftTag';
import { useRequest } from '../../hooks/useRequest';
import { ApiError } from '../../services/http';
import { demoLogin, fetchDemoAccounts, wechatLogin } from '../../services/auth';
import { landAfterLogin } from '../../utils/login-redirect';
import { HOME_PAGE } from '../../utils/routes';
import './index.scss';

/**
 * A resident goes back to what they tapped before logging in (`redirect`: the form, 我的, 消息);
 * staff, the desk and managers to their own home on 首页, as always.
 */
function afterLogin(user: AuthTokens['user'], redirect: string | undefined) {
  void Taro.showToast({ title: `欢迎，${user.name}`, icon: 'none', duration: 1500 });
  void landAfterLogin(user.role, redirect);
}

/** Not now: back to what the guest was looking at (or 首页 when the login page came first). */
function skipLogin() {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.reLaunch({ url: HOME_PAGE });
}

/** weapp: wx.login → POST /api/auth/wechat. */
function WechatLogin({ redirect }: { redirect: string | undefined }) {
  const [busy, setBusy] = useState(false);
  const login = async () => {
    setBusy(true);
    try {
      const tokens = await wechatLogin();
      afterLogin(tokens.user, redirect);
    } catch {
      // the request wrapper already showed the reason
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="login-actions">
      <Button id="login-wechat" type="primary" block loading={busy} disabled={busy} onClick={login}>
        微信一键登录
      </Button>
      <Text className="muted login-hint">登录后可绑定房屋、报修投诉并查看处理进度</Text>
    </View>
  );
}

/**
 * h5 (development builds only, DEMO_LOGIN): the server's demo accounts. Tapping one mints a sandbox login code
 * (POST /api/dev/login-code) and logs in with it exactly like weapp does.
 */
function DemoLogin({ redirect }: { redirect: string | undefined }) {
  const accounts = useRequest(fetchDemoAccounts);
  const [busyOpenid, setBusyOpenid] = useState<string | null>(null);

  const login = async (account: DemoAccount) => {
    if (busyOpenid) return;
    setBusyOpenid(account.openid);
    try {
      const tokens = await demoLogin(account.openid);
      afterLogin(tokens.user, redirect);
    } catch {
      // toast shown by the request wrapper
    } finally {
      setBusyOpenid(null);
    }
  };

  return (
    <View className="demo-login" id="login-demo">
      <View className="demo-login__title">演示账号</View>
      <Text className="muted">选择一个账号登录（仅开发环境提供）</Text>
      <PageState
        id="login-accounts"
        loading={accounts.loading}
        error={accounts.error}
        errorText={
          accounts.error instanceof ApiError && accounts.error.status === 404
            ? '服务器没有开启演示登录（仅开发环境提供）'
            : undefined
        }
        onRetry={() => void accounts.refresh()}
        empty={accounts.data?.length === 0}
        emptyText="服务器没有提供演示账号"
        rows={5}
      >
        <View className="demo-login__list">
          {(accounts.data ?? []).map((account) => (
            <View
              key={account.openid}
              id={`login-${account.openid}`}
              data-openid={account.openid}
              className={`demo-account${busyOpenid === account.openid ? ' demo-account--busy' : ''}`}
              onClick={() => void login(account)}
            >
              <View className="demo-account__avatar">{graphemes(account.name)[0] ?? ''}</View>
              <View className="demo-account__body">
                <View className="demo-account__head">
                  <Text className="demo-account__name">{account.name}</Text>
                  <SoftTag tone={account.role === 'resident' ? 'green' : 'blue'}>{account.roleLabel}</SoftTag>
                </View>
                <Text className="demo-account__desc">{account.description}</Text>
              </View>
              <Text className="demo-account__go">{busyOpenid === account.openid ? '登录中…' : '登录'}</Text>
            </View>
          ))}
        </View>
      </PageState>
    </View>
  );
}

export default function LoginPage() {
  const redirect = useRouter().params.redirect;
  return (
    <View className="page login-page">
      <View className="login-brand">
        <View className="login-brand__logo">邻</View>
        <View className="login-brand__name">邻里物业服务</View>
        <Text className="muted">报事报修 · 投诉建议 · 进度随时查</Text>
      </View>
      {process.env.TARO_ENV === 'h5' ? (
        <>
          <PcQrLogin onLoggedIn={(user) => afterLogin(user, redirect)} />
          {DEMO_LOGIN ? <DemoLogin redirect={redirect} /> : null}
        </>
      ) : (
        <WechatLogin redirect={redirect} />
      )}
      <View className="login-skip">
        <Text className="tap-target card__link" id="login-skip" onClick={skipLogin}>
          暂不登录，先看看
        </Text>
      </View>
    </View>
  );
}
