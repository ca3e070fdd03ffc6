import { useEffect, useRef, useState } from 'react';
import { useDidHide, useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { formatShanghaiTime } from '@linli/shared';
import { useRequest } from '../../hooks/useRequest';
import { createBindCode, fetchWechatLink } from '../../services/notifications';
import './index.scss';

export const OFFICIAL_ACCOUNT_NAME = '邻里物业服务';
/** How often the card asks again while it waits for the link (the code is sent in WeChat). */
export const WECHAT_LINK_POLL_MS = 4000;

/**
 * Whether the official account (公众号) reaches this staff member (`#wechat-link`, `data-state` =
 * `on` / `unlinked` / `unfollowed`). Unlinked: how to link, with a bind code
 * (`#wechat-link-code`, 10 digits shown as `1234 567890`; `#wechat-link-get-code`); unfollowed:
 * `#wechat-link-warning`.
 * On every staff home: it stays, as a prompt, until the official account reaches them, and shows
 * the live state without a manual refresh: asked again on each page show, and every few seconds
 * while the page is on screen and the link is not (yet) on.
 * Shows nothing while loading or when the server cannot tell: it is a hint, not the page.
 */
export default function WechatLinkCard() {
  const link = useRequest(fetchWechatLink, []);
  const [busy, setBusy] = useState(false);
  const [onScreen, setOnScreen] = useState(true);

  // Linking happens in WeChat: coming back to the page should show the result.
  const firstShow = useRef(true);
  useDidShow(() => {
    setOnScreen(true);
    if (firstShow.current) {
      firstShow.current = false;
      return;
    }
    void link.refresh();
  });
  useDidHide(() => setOnScreen(false));

  const view = link.data;
  const on = view?.linked === true && view.following !== false;
  // The code is sent from WeChat (another app on the phone, or another device): keep asking.
  const waiting = onScreen && view !== undefined && !on;
  const { refresh } = link;
  useEffect(() => {
    if (!waiting) return undefined;
    const timer = setInterval(() => void refresh(), WECHAT_LINK_POLL_MS);
    return () => clearInterval(timer);
  }, [waiting, refresh]);

  if (!view) return null;

  if (on) {
    return (
      <View className="wechat-link wechat-link--on" id="wechat-link" data-state="on">
        <View className="wechat-link__dot" />
        <Text className="muted">微信通知已开启</Text>
      </View>
    );
  }

  if (view.linked) {
    return (
      <View className="card wechat-link wechat-link--warn" id="wechat-link" data-state="unfollowed">
        <Text className="wechat-link__warning" id="wechat-link-warning">
          你已取消关注公众号，新任务将只在消息中心提醒
        </Text>
        <Text className="muted">重新关注公众号「{OFFICIAL_ACCOUNT_NAME}」即可恢复微信通知。</Text>
      </View>
    );
  }

  const expiresAt = view.bindCodeExpiresAt ? Date.parse(view.bindCodeExpiresAt) : NaN;
  const expired = Number.isFinite(expiresAt) && expiresAt <= Date.now();
  const code = view.bindCode && !expired ? view.bindCode : null;

  const getCode = async () => {
    setBusy(true);
    try {
      link.mutate(await createBindCode());
    } catch {
      // the request wrapper showed why
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="card wechat-link" id="wechat-link" data-state="unlinked">
      <Text className="wechat-link__title">开启微信通知</Text>
      <Text className="wechat-link__text">
        关注公众号「{OFFICIAL_ACCOUNT_NAME}」，发送绑定码
        {code ? (
          <Text className="wechat-link__code" id="wechat-link-code">
            {code}
          </Text>
        ) : (
          '（点下方按钮获取）'
        )}
        ，新任务会通过公众号提醒你。
      </Text>
      <View className="wechat-link__foot">
        <Text className="muted" id="wechat-link-expiry">
          {code && view.bindCodeExpiresAt
            ? `绑定码 ${formatShanghaiTime(view.bindCodeExpiresAt)} 前有效，输错 3 次即失效`
            : ''}
        </Text>
        <Button
          id="wechat-link-get-code"
          className="wechat-link__button"
          size="small"
          type="primary"
          fill={code ? 'outline' : 'solid'}
          loading={busy}
          disabled={busy}
          onClick={() => void getCode()}
        >
          {code ? '重新获取' : '获取绑定码'}
        </Button>
      </View>
    </View>
  );
}
