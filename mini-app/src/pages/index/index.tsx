import { useRef } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import {
  ROLE_LABELS,
  formatShanghaiTime,
  type HouseBindingView,
  type RequestSummary,
  type UserView,
} from '@linli/shared';
import DeskHome from '../../components/DeskHome';
import GuestHome from '../../components/GuestHome';
import PageState from '../../components/PageState';
import RequestEntries from '../../components/RequestEntries';
import SoftTag, { type Tone } from '../../components/SoftTag';
import StatusTag from '../../components/StatusTag';
import { useRequest } from '../../hooks/useRequest';
import { PageTabBar } from '../../components/TabBar';
import TasksHome from '../../components/TasksHome';
import { useSessionUser } from '../../hooks/useSession';
import { useTabPage } from '../../hooks/useTabPage';
import { confirmLogout, fetchMe } from '../../services/auth';
import { myRequests } from '../../services/requests';
import {
  HOME_PAGE,
  HOUSE_BIND_PAGE,
  REQUESTS_PAGE,
  houseBindingUrl,
  isDeskRole,
  newRequestUrl,
  requestDetailUrl,
} from '../../utils/routes';
import PageHello from '../../components/PageHello';
import './index.scss';

const RECENT_COUNT = 3;
const WAITING_COUNT = 5;

/** What a request waiting for the resident asks of them, and the form its button opens. */
const WAITING_STEP: Partial<Record<RequestSummary['status'], { ask: string; button: string; action: string }>> = {
  fee_pending: { ask: '费用待您确认', button: '去确认', action: 'confirm_fee' },
  resolved: { ask: '已处理完成，请您评价', button: '去评价', action: 'rate' },
};
const ANSWER_STEP = { ask: '物业请您补充信息', button: '去补充', action: 'add_info' };

function greeting(): string {
  // Asia/Shanghai hour, whatever the device's zone.
  const hour = (new Date().getUTCHours() + 8) % 24;
  if (hour < 6) return '夜深了';
  if (hour < 12) return '早上好';
  if (hour < 14) return '中午好';
  if (hour < 18) return '下午好';
  return '晚上好';
}

const BINDING_TAGS: Record<HouseBindingView['status'], { label: string; tone: Tone }> = {
  bound: { label: '已绑定', tone: 'green' },
  pending: { label: '待审核', tone: 'orange' },
  rejected: { label: '未通过', tone: 'red' },
  withdrawn: { label: '已撤回', tone: 'grey' },
};

function HouseCard({ houses }: { houses: HouseBindingView[] }) {
  const goBind = () => void Taro.navigateTo({ url: HOUSE_BIND_PAGE });
  if (houses.length === 0) {
    return (
      <View className="card house-card house-card--empty" id="home-bind-prompt" onClick={goBind}>
        <View className="house-card__prompt">
          <Text className="house-card__prompt-title">绑定房屋</Text>
          <Text className="muted">绑定后即可在线投诉，物业第一时间处理</Text>
        </View>
        <Button id="home-bind" type="primary" size="small">
          去绑定
        </Button>
      </View>
    );
  }
  return (
    <View className="card house-card" id="home-houses">
      <View className="card__title">
        <Text>我的房屋</Text>
        <Text className="card__link" id="home-bind-more" onClick={goBind}>
          + 绑定其他房屋
        </Text>
      </View>
      {houses.map((house) => (
        <View
          className="house-row"
          key={house.id}
          id={`home-house-${house.id}`}
          // Its state, and 修改 / 撤回 while it waits.
          onClick={() => void Taro.navigateTo({ url: houseBindingUrl(house.id) })}
        >
          <View className="house-row__main">
            <Text className="house-row__label">{house.room.label}</Text>
            <Text className="muted">
              {house.name}
              {house.status === 'rejected' && house.rejectReason ? ` · ${house.rejectReason}` : ''}
              {house.status === 'pending' ? ' · 审核中，可修改或撤回' : ''}
            </Text>
          </View>
          <View className="house-row__side">
            <SoftTag tone={BINDING_TAGS[house.status].tone}>{BINDING_TAGS[house.status].label}</SoftTag>
            <Text className="house-row__arrow">›</Text>
          </View>
        </View>
      ))}
    </View>
  );
}

/**
 * 首页 (a tab), each role's own: residents their houses, 我要办事 and recent requests; workers
 * 我的任务; the desk (receptionists, supervisors, managers, admins) its entries. Staff homes
 * carry the official-account card and 消息; 管理 is a tab of its own. Before login, a guest's:
 * look first, log in at the first tap that needs it (WeChat's 帐号登录规范).
 */
export default function HomePage() {
  const user = useSessionUser();
  useTabPage(HOME_PAGE, user);
  return (
    <View className="page home-page">
      {!user ? (
        <GuestHome />
      ) : user.role === 'resident' ? (
        <ResidentHome user={user} />
      ) : isDeskRole(user.role) ? (
        <DeskHome user={user} adminEntry={false} />
      ) : (
        <TasksHome user={user} adminEntry={false} />
      )}
      <PageTabBar current={HOME_PAGE} />
    </View>
  );
}

function ResidentHome({ user }: { user: UserView }) {
  const me = useRequest(fetchMe, []);
  const recent = useRequest(() => myRequests(null, RECENT_COUNT), []);
  const waiting = useRequest(() => myRequests(null, WAITING_COUNT, 'waiting'), []);

  const firstShow = useRef(true);
  useDidShow(() => {
    // Coming back from binding or filing: show the new state.
    if (firstShow.current) {
      firstShow.current = false;
      return;
    }
    void me.refresh();
    void Promise.all([recent.refresh(), waiting.refresh()]);
  });

  usePullDownRefresh(() => {
    void Promise.all([me.refresh(), recent.refresh(), waiting.refresh()]).finally(() => {
      void Taro.stopPullDownRefresh();
    });
  });

  const name = me.data?.user.name ?? user.name;
  const houses = me.data?.houses ?? [];
  const hasBoundHouse = houses.some((house) => house.status === 'bound');
  const hasPendingHouse = houses.some((house) => house.status === 'pending');
  const canFile = hasBoundHouse || hasPendingHouse;
  const fileHint = hasPendingHouse ? '房屋审核通过后即可提交' : '请先绑定房屋';

  const switchAccount = () => void confirmLogout();

  return (
    <>
      <PageHello id="home-greeting" title={`${greeting()}，${name}`} sub={`${ROLE_LABELS[user.role]} · 邻里物业服务`} />

      <PageState
        id="home-me"
        loading={me.loading && !me.data}
        error={me.data ? undefined : me.error}
        onRetry={() => void me.refresh()}
        rows={2}
      >
        <HouseCard houses={houses} />
      </PageState>

      {waiting.data && waiting.data.items.length > 0 ? (
        <View className="card home-waiting" id="home-waiting">
          <View className="card__title">
            <Text>待我处理</Text>
            <Text className="muted">{waiting.data.items.length} 项</Text>
          </View>
          {waiting.data.items.map((item) => {
            // A question from staff comes first: the work may wait on the answer.
            const step = item.infoRequest ? ANSWER_STEP : WAITING_STEP[item.status];
            return (
              <View key={item.id} id={`home-waiting-${item.id}`} className="waiting-row">
                <View
                  className="waiting-row__main"
                  onClick={() => void Taro.navigateTo({ url: requestDetailUrl(item.id) })}
                >
                  <Text className="waiting-row__ask">{step?.ask ?? '待您处理'}</Text>
                  {item.infoRequest ? <Text className="waiting-row__question">{item.infoRequest.note}</Text> : null}
                  <Text className="muted">
                    {item.categoryName} · {item.number}
                  </Text>
                </View>
                {step ? (
                  <Button
                    className="waiting-row__button"
                    id={`home-waiting-${item.id}-go`}
                    type="primary"
                    size="small"
                    onClick={() => void Taro.navigateTo({ url: `${requestDetailUrl(item.id)}&action=${step.action}` })}
                  >
                    {step.button}
                  </Button>
                ) : null}
              </View>
            );
          })}
        </View>
      ) : null}

      <RequestEntries
        // Before the houses are known, open the form: it offers binding itself when needed.
        onOpen={(kind) => void Taro.navigateTo({ url: me.data && !canFile ? HOUSE_BIND_PAGE : newRequestUrl(kind) })}
        hint={() => (hasBoundHouse || !me.data ? null : fileHint)}
      />

      <View className="card" id="home-recent-card">
        <View className="card__title">
          <Text>最近的诉求</Text>
          <Text className="card__link" id="home-recent-all" onClick={() => void Taro.switchTab({ url: REQUESTS_PAGE })}>
            全部
          </Text>
        </View>
        <PageState
          id="home-recent"
          loading={recent.loading && !recent.data}
          error={recent.data ? undefined : recent.error}
          onRetry={() => void recent.refresh()}
          empty={recent.data?.items.length === 0}
          emptyText="还没有提交过诉求"
          compact
          rows={3}
        >
          {(recent.data?.items ?? []).map((item) => (
            <View
              key={item.id}
              id={`home-request-${item.id}`}
              className="recent-row"
              onClick={() => void Taro.navigateTo({ url: requestDetailUrl(item.id) })}
            >
              <View className="recent-row__head">
                <Text className="recent-row__category">{item.categoryName}</Text>
                <StatusTag status={item.status} />
              </View>
              <Text className="recent-row__preview">{item.contentPreview}</Text>
              <Text className="muted">
                {item.number} · {formatShanghaiTime(item.createdAt)}
              </Text>
            </View>
          ))}
        </PageState>
      </View>

      <View className="home-footer">
        <Text className="tap-target card__link" id="home-switch-account" onClick={switchAccount}>
          退出登录 / 切换账号
        </Text>
      </View>
    </>
  );
}
