import { useRef } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ROLE_LABELS, type UserView } from '@linli/shared';
import MessagesEntry from '../MessagesEntry';
import WechatLinkCard from '../WechatLinkCard';
import { Entry, SettingsEntries } from '../WorkEntries';
import { useRequest } from '../../hooks/useRequest';
import { fetchBoard, myEscalations } from '../../services/approvals';
import { refreshPending } from '../../services/tab-badges';
import { boardTotals } from '../../utils/approvals';
import {
  ADMIN_BOARD_PAGE,
  ADMIN_DEPARTMENTS_PAGE,
  ADMIN_ESCALATIONS_PAGE,
  ADMIN_PROJECTS_PAGE,
  approvalsUrl,
  canSeeAdmin,
  canSeeEstate,
} from '../../utils/routes';
import PageHello from '../PageHello';

/** The count behind 待审批, kept in step with the 管理 tab's badge. */
const pendingCount = () =>
  refreshPending().then((count) => {
    if (count === null) throw new Error('待审批数量获取失败');
    return count;
  });

/**
 * 管理 (supervisors, managers, admins): 待审批 with the count waiting for the caller, the live
 * board with what is overdue, 升级到我的 with the open escalations, and for managers and admins
 * 时限规则 / 工作日历; above them the official-account card until linked and 消息. Entries
 * `#admin-entry-<key>`, counts `#admin-count-<key>`. The 管理 tab and admin/pages/home show it.
 */
export default function AdminHome({ user }: { user: UserView }) {
  const allowed = canSeeAdmin(user.role);
  const pending = useRequest(pendingCount, [], { ready: allowed });
  const board = useRequest(fetchBoard, [], { ready: allowed });
  const escalations = useRequest(() => myEscalations(1, true, 1).then((page) => page.total), [], { ready: allowed });
  const refreshAll = () => Promise.all([pending.refresh(), board.refresh(), escalations.refresh()]);

  const firstShow = useRef(true);
  useDidShow(() => {
    if (firstShow.current) {
      firstShow.current = false;
      return;
    }
    if (allowed) void refreshAll();
  });
  usePullDownRefresh(() => {
    void (allowed ? refreshAll() : Promise.resolve()).finally(() => {
      void Taro.stopPullDownRefresh();
    });
  });

  if (!allowed) {
    return (
      <View className="card muted" id="admin-forbidden">
        管理供部门主管、项目经理和公司管理员使用。
      </View>
    );
  }

  const totals = board.data ? boardTotals(board.data.departments) : null;
  return (
    <View className="admin-home">
      <PageHello
        title="管理"
        sub={
          <>
            {user.name} · {ROLE_LABELS[user.role]}
          </>
        }
      />
      <WechatLinkCard />
      <MessagesEntry idPrefix="admin" />
      <View className="card work-entries" id="admin-work">
        <View className="card__title">
          <Text>审批与督办</Text>
        </View>
        <Entry
          id="admin-entry-approvals"
          icon="批"
          tone="orange"
          name="待审批"
          desc="延期、等级调整、无效判定等申请"
          url={approvalsUrl('todo')}
          count={pending}
          countId="admin-count-approvals"
        />
        <Entry
          id="admin-entry-board"
          icon="板"
          tone="blue"
          name="工作看板"
          desc={
            totals
              ? `在办 ${totals.open} · 即将超时 ${totals.nearing} · 已超时 ${totals.overdue}`
              : '各部门、各人的在办、即将超时、已超时'
          }
          url={ADMIN_BOARD_PAGE}
          count={{ data: totals?.overdue, error: board.error }}
          countId="admin-count-board"
        />
        <Entry
          id="admin-entry-escalations"
          icon="升"
          tone="red"
          name="升级到我的"
          desc="超时或多次催办后升级到您这一级的诉求"
          url={ADMIN_ESCALATIONS_PAGE}
          count={escalations}
          countId="admin-count-escalations"
        />
      </View>
      <SettingsEntries role={user.role} idPrefix="admin" />
      {canSeeEstate(user.role) ? (
        <View className="card work-entries" id="admin-estate">
          <View className="card__title">
            <Text>项目与部门</Text>
          </View>
          <Entry
            id="admin-entry-projects"
            icon="项"
            tone="green"
            name="项目与楼栋房间"
            desc="项目的类型、面积、户数，楼栋单元房间的批量创建"
            url={ADMIN_PROJECTS_PAGE}
          />
          <Entry
            id="admin-entry-departments"
            icon="部"
            tone="blue"
            name="部门"
            desc="派单方式、主管、成员与服务项目"
            url={ADMIN_DEPARTMENTS_PAGE}
          />
        </View>
      ) : null}
    </View>
  );
}
