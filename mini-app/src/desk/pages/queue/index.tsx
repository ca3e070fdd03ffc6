import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { KIND_LABELS, REQUEST_KINDS, type RequestKind } from '@linli/shared';
import ChoiceChips from '../../../components/ChoiceChips';
import FilterTabs from '../../../components/FilterTabs';
import PagedList from '../../../components/PagedList';
import RequestCard from '../../../components/RequestCard';
import { useListPage } from '../../../hooks/useListPage';
import { usePagedList } from '../../../hooks/usePagedList';
import { useRequireLogin } from '../../../hooks/useSession';
import { listRequests } from '../../../services/requests';
import { DESK_QUEUE_FILTERS, isDeskQueueFilter, type DeskQueueFilter } from '../../../utils/queue';
import { deskRequestUrl, isDeskRole } from '../../../utils/routes';
import './index.scss';

const APPROVERS = ['manager', 'admin'];

/**
 * The desk's queue: 待受理 / 待派单 / 处理中 / 待回访 (+ 无效待审批 for managers), by kind
 * (`#queue-tab-<filter>`, `#queue-kind-<kind|all>`, items `#queue-request-<id>`).
 */
export default function QueuePage() {
  const router = useRouter();
  const user = useRequireLogin();
  const allowed = isDeskRole(user?.role);
  const [filter, setFilter] = useState<DeskQueueFilter>(
    isDeskQueueFilter(router.params.filter) ? router.params.filter : 'received',
  );
  const [kind, setKind] = useState<RequestKind | 'all'>('all');
  const list = usePagedList((_page, cursor) =>
    listRequests({ status: DESK_QUEUE_FILTERS[filter].status, kind: kind === 'all' ? '' : kind, cursor }),
  );
  useListPage(list, allowed, [filter, kind]);

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: DESK_QUEUE_FILTERS[filter].label }).catch(() => undefined);
  }, [filter]);

  if (!user) return <View className="page" />;
  if (!allowed) {
    return (
      <View className="page">
        <View className="card muted" id="queue-forbidden">
          诉求队列供客服接待、部门主管和项目经理使用。
        </View>
      </View>
    );
  }

  const filters = (Object.keys(DESK_QUEUE_FILTERS) as DeskQueueFilter[]).filter(
    (key) => key !== 'invalid_pending' || APPROVERS.includes(user.role) || filter === 'invalid_pending',
  );

  return (
    <View className="page queue-page">
      <FilterTabs
        idPrefix="queue"
        tabs={filters.map((key) => ({ key, label: DESK_QUEUE_FILTERS[key].label }))}
        value={filter}
        onChange={setFilter}
      />
      <View className="queue-kinds">
        <ChoiceChips<RequestKind | 'all'>
          idPrefix="queue-kind"
          choices={[{ id: 'all', label: '全部' }, ...REQUEST_KINDS.map((k) => ({ id: k, label: KIND_LABELS[k] }))]}
          value={kind}
          onChange={setKind}
        />
      </View>
      <PagedList
        id="queue"
        list={list}
        emptyText={`没有${DESK_QUEUE_FILTERS[filter].label}的诉求`}
        renderItem={(item) => (
          <RequestCard
            key={item.id}
            idPrefix="queue-request"
            item={item}
            staffView
            onClick={() => void Taro.navigateTo({ url: deskRequestUrl(item.id) })}
          />
        )}
      />
    </View>
  );
}
