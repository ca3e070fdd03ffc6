import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import {
  APPROVAL_STATUS_LABELS,
  APPROVAL_STATUSES,
  formatShanghaiTime,
  type ApprovalStatus,
  type ApprovalView,
} from '@linli/shared';
import ChoiceChips from '../../../components/ChoiceChips';
import FilterTabs from '../../../components/FilterTabs';
import PagedList from '../../../components/PagedList';
import SoftTag from '../../../components/SoftTag';
import { useListPage } from '../../../hooks/useListPage';
import { usePagedList } from '../../../hooks/usePagedList';
import { useRequest } from '../../../hooks/useRequest';
import { useRequireLogin } from '../../../hooks/useSession';
import { approvalCount, listApprovals } from '../../../services/approvals';
import { APPROVAL_STATUS_TONES } from '../../../utils/approvals';
import { approvalUrl, canRequestApprovals, canSeeAdmin, type ApprovalScope } from '../../../utils/routes';
import './index.scss';

const TABS: { key: ApprovalScope; label: string }[] = [
  { key: 'todo', label: '待我审批' },
  { key: 'mine', label: '我提交的' },
  { key: 'all', label: '全部' },
];

const EMPTY_TEXT: Record<ApprovalScope, string> = {
  todo: '没有等您审批的申请',
  mine: '您还没有提交过审批申请',
  all: '暂无审批记录',
};

type StatusFilter = ApprovalStatus | 'all';
const STATUS_CHOICES = [
  { id: 'all' as StatusFilter, label: '全部状态' },
  ...APPROVAL_STATUSES.map((status) => ({ id: status as StatusFilter, label: APPROVAL_STATUS_LABELS[status] })),
];

const isScope = (value: string | undefined): value is ApprovalScope => TABS.some((tab) => tab.key === value);

/** One approval in a list (`#approval-<id>`, `data-status`, `data-type`). */
function ApprovalRow({ approval, onClick }: { approval: ApprovalView; onClick: () => void }) {
  const p = `approval-${approval.id}`;
  return (
    <View
      className="card approval-item"
      id={p}
      data-status={approval.status}
      data-type={approval.type}
      onClick={onClick}
    >
      <View className="approval-item__head">
        <SoftTag tone="blue">{approval.typeLabel}</SoftTag>
        <View id={`${p}-status`}>
          <SoftTag tone={APPROVAL_STATUS_TONES[approval.status] ?? 'grey'}>{approval.statusLabel}</SoftTag>
        </View>
      </View>
      <Text className="approval-item__summary" id={`${p}-summary`}>
        {approval.summary}
      </Text>
      <Text className="approval-item__reason">理由：{approval.reason}</Text>
      <Text className="muted approval-item__line">
        诉求 {approval.request.number} · {approval.request.categoryName}
      </Text>
      <Text className="muted approval-item__line">
        {approval.requestedByName} 申请于 {formatShanghaiTime(approval.requestedAt)}
        {approval.decidedAt
          ? ` · ${approval.decidedByName ?? ''}${approval.statusLabel}于 ${formatShanghaiTime(approval.decidedAt)}`
          : ''}
      </Text>
    </View>
  );
}

/**
 * 审批: 待我审批 (oldest first, with the count), 我提交的 and 全部 for supervisors, managers and
 * admins (`#approvals-tab-<scope>`, `?scope=` opens one); others see what they asked for. The
 * 我提交的 and 全部 tabs filter by status (`#approvals-status-<status|all>`).
 */
export default function ApprovalsPage() {
  const user = useRequireLogin();
  const router = useRouter();
  const lead = canSeeAdmin(user?.role);
  const allowed = canRequestApprovals(user?.role);
  const asked = isScope(router.params.scope) ? router.params.scope : 'todo';
  const [scope, setScope] = useState<ApprovalScope>(lead ? asked : 'mine');
  const [status, setStatus] = useState<StatusFilter>('all');
  const filter = scope === 'todo' || status === 'all' ? undefined : status;
  const count = useRequest(approvalCount, [], { ready: lead });
  const list = usePagedList((page) => listApprovals(scope, page, filter));
  useListPage(list, allowed, [scope, filter]);

  // The list reloads itself on show and pull-down (useListPage); the tab's count goes with it.
  useDidShow(() => {
    if (lead && count.data !== undefined) void count.refresh();
  });
  usePullDownRefresh(() => {
    if (lead) void count.refresh();
  });

  if (!user) return <View className="page" />;
  if (!allowed) {
    return (
      <View className="page">
        <View className="card muted" id="approvals-forbidden">
          审批供物业工作人员使用。
        </View>
      </View>
    );
  }

  return (
    <View className="page approvals-page">
      {lead ? (
        <FilterTabs
          idPrefix="approvals"
          tabs={TABS.map((tab) => ({ ...tab, count: tab.key === 'todo' ? count.data : undefined }))}
          value={scope}
          onChange={(next) => {
            setScope(next);
            void count.refresh();
          }}
        />
      ) : (
        <View className="approvals-page__title">
          <Text>我提交的审批申请</Text>
        </View>
      )}
      {scope !== 'todo' ? (
        <View className="approvals-page__status">
          <ChoiceChips idPrefix="approvals-status" choices={STATUS_CHOICES} value={status} onChange={setStatus} />
        </View>
      ) : null}
      <PagedList
        id="approvals"
        list={list}
        emptyText={filter ? `没有${APPROVAL_STATUS_LABELS[filter]}的申请` : EMPTY_TEXT[scope]}
        renderItem={(approval) => (
          <ApprovalRow
            key={approval.id}
            approval={approval}
            onClick={() => void Taro.navigateTo({ url: approvalUrl(approval.id) })}
          />
        )}
      />
    </View>
  );
}
