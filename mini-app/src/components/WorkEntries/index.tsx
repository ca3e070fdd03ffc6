import { useRef } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { countLabel, type Role } from '@linli/shared';
import { useRequest } from '../../hooks/useRequest';
import { pendingBindings } from '../../services/houses';
import { failedDeliveries } from '../../services/notifications';
import { callbacksDue, listRequests, taskCounts } from '../../services/requests';
import {
  ADMIN_CALENDAR_PAGE,
  ADMIN_REGISTER_PAGE,
  ADMIN_CATEGORIES_PAGE,
  ADMIN_SETTINGS_PAGE,
  ADMIN_WECHAT_TEMPLATES_PAGE,
  ADMIN_CHANGES_PAGE,
  ADMIN_INVITATIONS_PAGE,
  ADMIN_STAFF_PAGE,
  ADMIN_TIME_LIMITS_PAGE,
  DESK_BINDINGS_PAGE,
  DESK_CALLBACKS_PAGE,
  DESK_DELIVERIES_PAGE,
  DESK_INTAKE_PAGE,
  PC_LOGIN_PAGE,
  STAFF_TASKS_PAGE,
  approvalsUrl,
  canEditTimeLimits,
  canRequestApprovals,
  canSeeAdmin,
  canSeeDeliveries,
  canSeeTimeLimits,
  deskQueueUrl,
  hasTasks,
  isDeskRole,
} from '../../utils/routes';
import { DESK_QUEUE_FILTERS } from '../../utils/queue';
import './index.scss';

/** Roles that approve house bindings (API: receptionist, manager, admin). */
const BINDING_ROLES: readonly Role[] = ['receptionist', 'manager', 'admin'];
/** Roles that approve invalid rulings. */
const APPROVER_ROLES: readonly Role[] = ['manager', 'admin'];

/** A list's total as a count; the request lists stop counting at 1,000 ("1000+"). */
const total = (page: { total: number; totalCapped?: boolean }): CountValue => ({
  n: page.total,
  capped: page.totalCapped ?? false,
});

export interface CountValue {
  n: number;
  capped: boolean;
}

export interface CountState {
  data?: number | CountValue;
  error?: unknown;
}

export function Count({ id, state }: { id: string; state: CountState }) {
  if (state.data !== undefined) {
    const { n, capped } = typeof state.data === 'number' ? { n: state.data, capped: false } : state.data;
    return (
      <Text className={`work-entry__count${n > 0 ? ' work-entry__count--hot' : ''}`} id={id}>
        {countLabel(n, capped)}
      </Text>
    );
  }
  return (
    <Text className="work-entry__count work-entry__count--muted" id={id}>
      {state.error ? '—' : '…'}
    </Text>
  );
}

export function Entry(props: {
  id: string;
  icon: string;
  tone: string;
  name: string;
  desc: string;
  url: string;
  count?: CountState;
  countId?: string;
}) {
  const { id, icon, tone, name, desc, url, count, countId } = props;
  return (
    <View className="work-entry" id={id} onClick={() => void Taro.navigateTo({ url })}>
      <View className={`work-entry__icon work-entry__icon--${tone}`}>{icon}</View>
      <View className="work-entry__body">
        <Text className="work-entry__name">{name}</Text>
        <Text className="work-entry__desc">{desc}</Text>
      </View>
      {count && countId ? <Count id={countId} state={count} /> : null}
      <Text className="work-entry__arrow">›</Text>
    </View>
  );
}

/**
 * The staff side's entries with live counts (`#<idPrefix>-entry-<key>`, `#<idPrefix>-count-<key>`):
 * 我的任务 for handlers; 代客登记, 待受理, 待派单, 处理中, 待回访, 绑定审核 and 无效待审批 for the desk;
 * 我的审批申请 for receptionists and staff (leads reach theirs in 管理); 消息发送失败 for managers and admins.
 */
export default function WorkEntries({ role, idPrefix }: { role: Role; idPrefix: string }) {
  const tasks = hasTasks(role);
  const desk = isDeskRole(role);
  const binder = BINDING_ROLES.includes(role);
  const approver = APPROVER_ROLES.includes(role);
  const deliveriesShown = canSeeDeliveries(role);
  // Leads follow their own requests in 管理 (AdminEntry); the others need a way to theirs.
  const ownApprovals = canRequestApprovals(role) && !canSeeAdmin(role);

  const counts = useRequest(taskCounts, [], { ready: tasks });
  const taskTotal: CountState = {
    data: counts.data
      ? {
          n: counts.data.pending + counts.data.active,
          capped: Boolean(counts.data.capped?.pending || counts.data.capped?.active),
        }
      : undefined,
    error: counts.error,
  };
  const queue = (filter: keyof typeof DESK_QUEUE_FILTERS) => () =>
    listRequests({ status: DESK_QUEUE_FILTERS[filter].status, pageSize: 1 }).then(total);
  const received = useRequest(queue('received'), [], { ready: desk });
  const accepted = useRequest(queue('accepted'), [], { ready: desk });
  const active = useRequest(queue('active'), [], { ready: desk });
  const invalid = useRequest(queue('invalid_pending'), [], { ready: approver });
  const callbacks = useRequest(() => callbacksDue(null, 1).then(total), [], { ready: desk });
  const bindings = useRequest(() => pendingBindings(1, 1).then(total), [], { ready: binder });
  const deliveries = useRequest(() => failedDeliveries(1, 1).then(total), [], { ready: deliveriesShown });

  const firstShow = useRef(true);
  useDidShow(() => {
    if (firstShow.current) {
      firstShow.current = false;
      return;
    }
    if (tasks) void counts.refresh();
    if (desk) [received, accepted, active, callbacks].forEach((state) => void state.refresh());
    if (approver) void invalid.refresh();
    if (binder) void bindings.refresh();
    if (deliveriesShown) void deliveries.refresh();
  });

  const p = idPrefix;
  return (
    <View className="card work-entries" id={`${p}-work`}>
      <View className="card__title">
        <Text>工作台</Text>
      </View>
      {tasks ? (
        <Entry
          id={`${p}-entry-tasks`}
          icon="任"
          tone="green"
          name="我的任务"
          desc={
            counts.data
              ? `待接单 ${countLabel(counts.data.pending, counts.data.capped?.pending ?? false)} · 处理中 ${countLabel(
                  counts.data.active,
                  counts.data.capped?.active ?? false,
                )}`
              : '接单、上门、记录进展、完成'
          }
          url={STAFF_TASKS_PAGE}
          count={taskTotal}
          countId={`${p}-count-tasks`}
        />
      ) : null}
      {desk ? (
        <>
          <Entry
            id={`${p}-entry-intake`}
            icon="登"
            tone="orange"
            name="代客登记"
            desc="电话、来访、信函等渠道的诉求"
            url={DESK_INTAKE_PAGE}
          />
          <Entry
            id={`${p}-entry-search`}
            icon="查"
            tone="grey"
            name="查找诉求"
            desc="全部诉求：按单号、电话后四位、姓名、房号查找，含已关闭"
            url={deskQueueUrl('all')}
          />
          <Entry
            id={`${p}-entry-received`}
            icon="受"
            tone="red"
            name="待受理"
            desc="新提交的诉求，受理或判定无效"
            url={deskQueueUrl('received')}
            count={received}
            countId={`${p}-count-received`}
          />
          <Entry
            id={`${p}-entry-accepted`}
            icon="派"
            tone="blue"
            name="待派单"
            desc="已受理，派给处理人"
            url={deskQueueUrl('accepted')}
            count={accepted}
            countId={`${p}-count-accepted`}
          />
          <Entry
            id={`${p}-entry-active`}
            icon="办"
            tone="blue"
            name="处理中"
            desc="跟进进度、改派、转部门"
            url={deskQueueUrl('active')}
            count={active}
            countId={`${p}-count-active`}
          />
          <Entry
            id={`${p}-entry-callbacks`}
            icon="访"
            tone="green"
            name="待回访"
            desc="已处理的投诉和入户维修，3 天内回访"
            url={DESK_CALLBACKS_PAGE}
            count={callbacks}
            countId={`${p}-count-callbacks`}
          />
        </>
      ) : null}
      {approver ? (
        <Entry
          id={`${p}-entry-invalid`}
          icon="审"
          tone="orange"
          name="无效待审批"
          desc="客服判定不属于物业职责的诉求"
          url={deskQueueUrl('invalid_pending')}
          count={invalid}
          countId={`${p}-count-invalid`}
        />
      ) : null}
      {binder ? (
        <Entry
          id={`${p}-entry-bindings`}
          icon="房"
          tone="grey"
          name="绑定审核"
          desc="与业主名册未能自动匹配的房屋绑定"
          url={DESK_BINDINGS_PAGE}
          count={bindings}
          countId={`${p}-count-bindings`}
        />
      ) : null}
      {ownApprovals ? (
        <Entry
          id={`${p}-entry-my-approvals`}
          icon="批"
          tone="grey"
          name="我的审批申请"
          desc="延期、等级调整、免回访关闭、费用减免的审批结果"
          url={approvalsUrl('mine')}
        />
      ) : null}
      {deliveriesShown ? (
        <Entry
          id={`${p}-entry-deliveries`}
          icon="信"
          tone="grey"
          name="消息发送失败"
          desc="未能送达的订阅消息和公众号通知，可重试"
          url={DESK_DELIVERIES_PAGE}
          count={deliveries}
          countId={`${p}-count-deliveries`}
        />
      ) : null}
      <Entry
        id={`${p}-entry-pc-login`}
        icon="脑"
        tone="grey"
        name={process.env.TARO_ENV === 'weapp' ? '扫码登录电脑' : '已登录的电脑'}
        desc="扫描电脑登录页的二维码登录；查看并退出已登录的电脑"
        url={PC_LOGIN_PAGE}
      />
    </View>
  );
}

/**
 * Settings for managers (read) and admins (edit): 时限规则 and 工作日历
 * (`#<idPrefix>-entry-time-limits`, `#<idPrefix>-entry-calendar`); nothing for other roles.
 */
export function SettingsEntries({ role, idPrefix }: { role: Role; idPrefix: string }) {
  if (!canSeeTimeLimits(role)) return null;
  const p = idPrefix;
  const readOnly = canEditTimeLimits(role) ? '' : '（只读）';
  return (
    <View className="card work-entries" id={`${p}-settings`}>
      <View className="card__title">
        <Text>管理设置</Text>
      </View>
      <Entry
        id={`${p}-entry-time-limits`}
        icon="时"
        tone="blue"
        name="时限规则"
        desc={`派单、首次答复、办结、回访的时限${readOnly}`}
        url={ADMIN_TIME_LIMITS_PAGE}
      />
      <Entry
        id={`${p}-entry-calendar`}
        icon="历"
        tone="green"
        name="工作日历"
        desc={`法定节假日与调休，按工作日计时用${readOnly}`}
        url={ADMIN_CALENDAR_PAGE}
      />
      {role === 'manager' || role === 'admin' ? (
        <Entry
          id={`${p}-entry-register`}
          icon="册"
          tone="orange"
          name="业主名册"
          desc="导入 Excel/CSV 名册（先预览再确认），导出名册"
          url={ADMIN_REGISTER_PAGE}
        />
      ) : null}
      <Entry
        id={`${p}-entry-categories`}
        icon="类"
        tone="orange"
        name="分类与派单"
        desc={canEditTimeLimits(role) ? '分类树、默认部门与等级、各项目派单' : '分类与所管项目的派单部门'}
        url={ADMIN_CATEGORIES_PAGE}
      />
      <Entry
        id={`${p}-entry-settings`}
        icon="设"
        tone="blue"
        name="系统设置"
        desc={`审批人、群诉识别、催办${readOnly}`}
        url={ADMIN_SETTINGS_PAGE}
      />
      {canEditTimeLimits(role) ? (
        <Entry
          id={`${p}-entry-wechat-templates`}
          icon="微"
          tone="green"
          name="微信模板"
          desc="订阅消息与公众号模板的对应关系（只读）"
          url={ADMIN_WECHAT_TEMPLATES_PAGE}
        />
      ) : null}
      <Entry
        id={`${p}-entry-staff`}
        icon="员"
        tone="green"
        name="成员管理"
        desc="角色、部门、服务项目；停用立即生效"
        url={ADMIN_STAFF_PAGE}
      />
      <Entry
        id={`${p}-entry-invitations`}
        icon="邀"
        tone="orange"
        name="邀请成员"
        desc="生成一次性邀请链接和小程序码"
        url={ADMIN_INVITATIONS_PAGE}
      />
      <Entry
        id={`${p}-entry-changes`}
        icon="记"
        tone="grey"
        name="操作记录"
        desc={
          role === 'admin' ? '每次设置变更的操作人、时间、修改前后' : '所管项目与成员的设置变更：操作人、时间、修改前后'
        }
        url={ADMIN_CHANGES_PAGE}
      />
    </View>
  );
}
