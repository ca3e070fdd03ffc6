import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { KIND_LABELS, formatShanghaiTime } from '@linli/shared';
import FilterTabs from '../../../components/FilterTabs';
import PagedList from '../../../components/PagedList';
import SoftTag from '../../../components/SoftTag';
import StatusTag from '../../../components/StatusTag';
import { useListPage } from '../../../hooks/useListPage';
import { usePagedList } from '../../../hooks/usePagedList';
import { useRequireLogin } from '../../../hooks/useSession';
import { myEscalations, type EscalationRow } from '../../../services/approvals';
import { escalationReasonText } from '../../../utils/approvals';
import { canSeeAdmin, detailUrlFor } from '../../../utils/routes';
import './index.scss';

type Tab = 'open' | 'all';
const TABS: { key: Tab; label: string }[] = [
  { key: 'open', label: '未办结' },
  { key: 'all', label: '全部' },
];

function EscalationItem({ item, onClick }: { item: EscalationRow; onClick: () => void }) {
  const p = `escalation-${item.requestId}`;
  return (
    <View
      className="card escalation-item"
      id={p}
      data-number={item.number}
      data-level={item.level}
      data-reason={item.reason}
      onClick={onClick}
    >
      <View className="escalation-item__head">
        <Text className="escalation-item__number">{item.number}</Text>
        <StatusTag status={item.status} />
      </View>
      <Text className="escalation-item__category">
        {KIND_LABELS[item.kind] ?? item.kind} · {item.categoryName}
      </Text>
      <Text className="escalation-item__preview">{item.contentPreview}</Text>
      <View className="escalation-item__tags">
        <View id={`${p}-level`}>
          <SoftTag tone={item.level >= 3 ? 'red' : 'orange'}>升级至{item.levelLabel}</SoftTag>
        </View>
        <Text className="escalation-item__reason" id={`${p}-reason`}>
          {escalationReasonText(item)}
        </Text>
      </View>
      <Text className="muted">
        升级于 {formatShanghaiTime(item.escalatedAt)}
        {item.resolutionDueAt ? ` · 办结时限 ${formatShanghaiTime(item.resolutionDueAt)}` : ''}
      </Text>
    </View>
  );
}

/**
 * 升级到我的: requests that climbed to the caller (late, or urged again and again), each with the
 * latest level it reached (`#escalation-<requestId>`, `data-level`, `data-reason`); 未办结 by
 * default, 全部 includes finished ones. A tap opens the request in the caller's own page.
 */
export default function EscalationsPage() {
  const user = useRequireLogin();
  const allowed = canSeeAdmin(user?.role);
  const [tab, setTab] = useState<Tab>('open');
  const list = usePagedList((page) => myEscalations(page, tab === 'open'));
  useListPage(list, allowed, [tab]);

  if (!user) return <View className="page" />;
  if (!allowed) {
    return (
      <View className="page">
        <View className="card muted" id="escalations-forbidden">
          升级督办供部门主管、项目经理和公司管理员查看。
        </View>
      </View>
    );
  }

  return (
    <View className="page escalations-page">
      <FilterTabs idPrefix="escalations" tabs={TABS} value={tab} onChange={setTab} />
      <PagedList
        id="escalations"
        list={list}
        unit="件"
        emptyText={tab === 'open' ? '没有升级到您这里的在办诉求' : '还没有升级到您这里的诉求'}
        renderItem={(item) => (
          <EscalationItem
            key={item.requestId}
            item={item}
            onClick={() => void Taro.navigateTo({ url: detailUrlFor(user.role, item.requestId) })}
          />
        )}
      />
    </View>
  );
}
