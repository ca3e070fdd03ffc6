import { useEffect, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import homeIcon from '../../assets/tab-home.png';
import homeActiveIcon from '../../assets/tab-home-active.png';
import manageIcon from '../../assets/tab-manage.png';
import manageActiveIcon from '../../assets/tab-manage-active.png';
import messagesIcon from '../../assets/tab-messages.png';
import messagesActiveIcon from '../../assets/tab-messages-active.png';
import mineIcon from '../../assets/tab-mine.png';
import mineActiveIcon from '../../assets/tab-mine-active.png';
import { currentUnread, onUnreadChange } from '../../services/notifications';
import { getUser } from '../../services/session';
import { currentPending, currentTab, onActiveTabChange, onPendingChange } from '../../services/tab-badges';
import { badgeText } from '../../utils/notifications';
import { loginThen } from '../../utils/login-redirect';
import { currentRoute, tabsFor, type TabItem } from '../../utils/routes';
import './index.scss';

const ICONS: Record<TabItem['key'], [string, string]> = {
  home: [homeIcon, homeActiveIcon],
  messages: [messagesIcon, messagesActiveIcon],
  manage: [manageIcon, manageActiveIcon],
  mine: [mineIcon, mineActiveIcon],
};

/**
 * The tab bar, drawn by us so that it can differ by role: 首页 · 消息 · 管理 · 我的 for
 * supervisors, managers and admins, 首页 · 消息 · 我的 for residents and workers; 消息 shows the
 * unread count, 管理 the approvals waiting (`#tab-<key>`, `data-selected`, badges
 * `#tab-<key>-badge`); a guest has 首页 · 消息 · 我的, the last two asking to log in. In the mini-program WeChat mounts it as custom-tab-bar on each tab page;
 * in h5 (where Taro 4.2 draws no custom tab bar) each tab page renders it itself (`current`).
 */
export default function TabBar({ current }: { current?: string }) {
  const [unread, setUnread] = useState(currentUnread);
  const [pending, setPending] = useState(currentPending);
  const [active, setActive] = useState<string | null>(() => current ?? currentTab() ?? `/${currentRoute()}`);

  useEffect(() => onUnreadChange(setUnread), []);
  useEffect(() => onPendingChange(setPending), []);
  useEffect(() => (current ? undefined : onActiveTabChange(setActive)), [current]);

  const selected = current ?? active;
  const tabs = tabsFor(getUser()?.role);
  const badges: Partial<Record<TabItem['key'], string | null>> = {
    messages: unread === null ? null : badgeText(unread),
    manage: pending === null ? null : badgeText(pending),
  };

  return (
    <View className="tab-bar" id="tab-bar" data-tabs={tabs.map((tab) => tab.key).join(' ')}>
      {tabs.map((tab) => {
        const on = tab.page === selected;
        const badge = badges[tab.key];
        return (
          <View
            key={tab.key}
            id={`tab-${tab.key}`}
            className={`tab-bar__item${on ? ' tab-bar__item--on' : ''}`}
            data-selected={on ? 'true' : 'false'}
            // A guest's 消息 and 我的 ask to log in first, and the login comes back to them.
            onClick={() => {
              if (!on) loginThen(tab.page);
            }}
          >
            <View className="tab-bar__icon-wrap">
              <Image className="tab-bar__icon" src={ICONS[tab.key][on ? 1 : 0]} />
              {badge ? (
                <Text className="tab-bar__badge" id={`tab-${tab.key}-badge`}>
                  {badge}
                </Text>
              ) : null}
            </View>
            <Text className="tab-bar__text">{tab.text}</Text>
          </View>
        );
      })}
    </View>
  );
}

/**
 * On a tab page in h5: the bar and the room it takes at the page's foot. Nothing in the
 * mini-program, where WeChat draws custom-tab-bar itself.
 */
export function PageTabBar({ current }: { current: string }) {
  if (process.env.TARO_ENV !== 'h5') return null;
  return (
    <>
      <View className="tab-bar__spacer" />
      <TabBar current={current} />
    </>
  );
}
