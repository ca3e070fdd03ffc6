import { useState } from 'react';
import Taro, { usePullDownRefresh, useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { UserView } from '@linli/shared';
import AdminEntry from '../AdminEntry';
import DutySwitch from '../DutySwitch';
import FilterTabs from '../FilterTabs';
import MessagesEntry from '../MessagesEntry';
import PagedList from '../PagedList';
import RequestCard from '../RequestCard';
import WechatLinkCard from '../WechatLinkCard';
import { useListPage } from '../../hooks/useListPage';
import { usePagedList } from '../../hooks/usePagedList';
import { useRequest } from '../../hooks/useRequest';
import { listTasks, taskCounts, type TaskTab } from '../../services/requests';
import { DESK_INTAKE_PAGE, hasTasks, taskUrl } from '../../utils/routes';
import './index.scss';

const TABS: { key: TaskTab; label: string }[] = [
  { key: 'pending', label: '待接单' },
  { key: 'active', label: '处理中' },
  { key: 'done', label: '已完成' },
];

const EMPTY_TEXT: Record<TaskTab, string> = {
  pending: '暂时没有待接的任务',
  active: '没有正在处理的任务',
  done: '还没有完成的任务',
};

/**
 * 我的任务: 待接单 / 处理中 / 已完成 (`#tasks-tab-<tab>`, counts `#tasks-count-<tab>`, items
 * `#task-<id>`), below the official-account card and 消息 (`#tasks-entry-messages`). A worker's
 * 首页; supervisors open it from their entries. `adminEntry`: 管理 as an entry (off the tab bar).
 */
export default function TasksHome({ user, adminEntry }: { user: UserView; adminEntry: boolean }) {
  const allowed = hasTasks(user.role);
  const [tab, setTab] = useState<TaskTab>('pending');
  const counts = useRequest(taskCounts, [], { ready: allowed });
  const list = usePagedList((_page, cursor) => listTasks(tab, cursor));
  useListPage(list, allowed, [tab]);

  useDidShow(() => {
    if (allowed && counts.data) void counts.refresh();
  });
  usePullDownRefresh(() => {
    if (allowed) void counts.refresh();
  });

  if (!allowed) {
    return (
      <View className="card muted" id="tasks-forbidden">
        我的任务供维修/服务人员和部门主管使用。
      </View>
    );
  }

  return (
    <View className="tasks-page">
      <WechatLinkCard />
      <DutySwitch />
      <MessagesEntry idPrefix="tasks" />
      <IntakeEntry />
      {/* Supervisors handle tasks and also decide and oversee: 管理 is one tap away. */}
      {adminEntry ? <AdminEntry role={user.role} idPrefix="tasks" /> : null}
      <FilterTabs
        idPrefix="tasks"
        tabs={TABS.map((t) => ({ ...t, count: counts.data?.[t.key] }))}
        value={tab}
        onChange={(next) => {
          setTab(next);
          void counts.refresh();
        }}
      />
      <PagedList
        id="tasks"
        list={list}
        emptyText={EMPTY_TEXT[tab]}
        renderItem={(item) => (
          <RequestCard
            key={item.id}
            idPrefix="task"
            item={item}
            staffView
            onClick={() => void Taro.navigateTo({ url: taskUrl(item.id) })}
          />
        )}
      />
    </View>
  );
}

/** 首问负责制 (seed 000, 004): a worker told of a problem on their round registers it here. */
function IntakeEntry() {
  return (
    <View
      className="card work-entries"
      id="tasks-entry-intake"
      onClick={() => void Taro.navigateTo({ url: DESK_INTAKE_PAGE })}
    >
      <View className="work-entry">
        <View className="work-entry__icon work-entry__icon--blue">登</View>
        <View className="work-entry__body">
          <Text className="work-entry__name">登记诉求</Text>
          <Text className="work-entry__desc">业主当面反映的报修、投诉，由您首问负责</Text>
        </View>
        <Text className="work-entry__arrow">›</Text>
      </View>
    </View>
  );
}
