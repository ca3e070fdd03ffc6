import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { ROLE_LABELS } from '@linli/shared';
import FilterTabs from '../../components/FilterTabs';
import PagedList from '../../components/PagedList';
import PrivacyPopup from '../../components/PrivacyPopup';
import ProfilePhone from '../../components/ProfilePhone';
import RequestCard from '../../components/RequestCard';
import { PageTabBar } from '../../components/TabBar';
import WechatLinkCard from '../../components/WechatLinkCard';
import WorkEntries from '../../components/WorkEntries';
import { useListPage } from '../../hooks/useListPage';
import { useRequest } from '../../hooks/useRequest';
import { usePagedList } from '../../hooks/usePagedList';
import { useRequireLogin } from '../../hooks/useSession';
import { useTabPage } from '../../hooks/useTabPage';
import { confirmLogout, fetchMe } from '../../services/auth';
import { myRequests, type MyRequestsFilter } from '../../services/requests';
import { REQUESTS_PAGE, newRequestUrl, requestDetailUrl } from '../../utils/routes';
import './index.scss';

type Tab = 'all' | 'open' | 'resolved' | 'closed';

const TABS: { key: Tab; label: string; status: MyRequestsFilter }[] = [
  { key: 'all', label: '全部', status: '' },
  { key: 'open', label: '处理中', status: 'open' },
  { key: 'resolved', label: '待回访', status: 'resolved' },
  { key: 'closed', label: '已关闭', status: 'closed' },
];

const EMPTY_TEXT: Record<Tab, string> = {
  all: '还没有提交过诉求',
  open: '没有正在处理的诉求',
  resolved: '没有待回访的诉求',
  closed: '没有已关闭的诉求',
};

/**
 * 我的 (a tab): a resident's phone (已验证/未验证, 微信手机号快捷填写) and requests by status (`#requests-tab-<all|open|resolved|closed>`);
 * staff see who they are, the official-account card, their work's entries and 退出/切换账号.
 */
export default function RequestsPage() {
  const user = useRequireLogin();
  const isResident = user?.role === 'resident';
  const [tab, setTab] = useState<Tab>('all');
  const status = TABS.find((t) => t.key === tab)!.status;
  const list = usePagedList((_page, cursor) => myRequests(cursor, undefined, status));
  useListPage(list, isResident, [tab]);
  useTabPage(REQUESTS_PAGE, user);
  // The phone's state from the server: a binding's verification changes it, not only this page.
  const me = useRequest(fetchMe, [], { ready: isResident });

  if (!user) return <View className="page" />;

  if (!isResident) {
    return (
      <View className="page">
        <View className="card" id="requests-staff-note">
          <View className="card__title">
            <Text>{user.name}</Text>
          </View>
          <Text className="muted">
            {ROLE_LABELS[user.role]}
            {user.phone ? ` · ${user.phone}` : ''}
          </Text>
        </View>
        <WechatLinkCard />
        <WorkEntries role={user.role} idPrefix="mine" />
        <View className="requests-footer">
          <Text className="tap-target card__link" id="requests-switch-account" onClick={() => void confirmLogout()}>
            退出登录 / 切换账号
          </Text>
        </View>
        <PageTabBar current={REQUESTS_PAGE} />
      </View>
    );
  }

  return (
    <View className="page requests-page">
      <ProfilePhone user={me.data?.user ?? user} />
      <FilterTabs idPrefix="requests" tabs={TABS} value={tab} onChange={setTab} />
      <PagedList
        id="requests"
        list={list}
        emptyText={EMPTY_TEXT[tab]}
        emptyAction={
          tab === 'all' ? (
            <Button
              id="requests-new"
              className="requests-new"
              type="primary"
              onClick={() => void Taro.navigateTo({ url: newRequestUrl('complaint') })}
            >
              我要投诉
            </Button>
          ) : undefined
        }
        renderItem={(item) => (
          <RequestCard
            key={item.id}
            idPrefix="request"
            item={item}
            onClick={() => void Taro.navigateTo({ url: requestDetailUrl(item.id) })}
          />
        )}
      />
      <PrivacyPopup />
      <PageTabBar current={REQUESTS_PAGE} />
    </View>
  );
}
