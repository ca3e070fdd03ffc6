import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Picker, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import {
  DESK_SORT_LABELS,
  DESK_SORTS,
  DUE_FILTER_LABELS,
  DUE_FILTERS,
  KIND_LABELS,
  REQUEST_KINDS,
  type DeskSort,
  type DueFilter,
  type RequestKind,
} from '@linli/shared';
import CategoryPicker from '../../../components/CategoryPicker';
import ChoiceChips from '../../../components/ChoiceChips';
import FilterTabs from '../../../components/FilterTabs';
import PagedList from '../../../components/PagedList';
import PageState from '../../../components/PageState';
import RequestCard from '../../../components/RequestCard';
import { useListPage } from '../../../hooks/useListPage';
import { usePagedList } from '../../../hooks/usePagedList';
import { useRequest } from '../../../hooks/useRequest';
import { useRequireLogin } from '../../../hooks/useSession';
import { listCategories } from '../../../services/categories';
import { listDepartments } from '../../../services/organization';
import { listRequests } from '../../../services/requests';
import { chosenLeaf } from '../../../utils/categories';
import {
  ALL_STATUS_CHOICES,
  DESK_QUEUE_FILTERS,
  defaultSort,
  filterCount,
  filtersFromParams,
  isDeskQueueFilter,
  NO_FILTERS,
  withDates,
  withDue,
  type AllStatusChoice,
  type DeskFilters,
  type DeskQueueFilter,
} from '../../../utils/queue';
import { deskRequestUrl, isDeskRole } from '../../../utils/routes';
import './index.scss';

const APPROVERS = ['manager', 'admin'];
const ANY = 'any';

/**
 * The desk's list: the queues 待受理 / 待派单 / 处理中 / 待回访 (+ 无效待审批 for managers), most
 * urgent first, and 全部 (已关闭 among its statuses), newest first. A search box (number, phone or
 * its last four digits, name, door number) searches 全部; 筛选 adds status, time limit,
 * department, category and dates. The board opens it with `departmentId`, `assigneeUserId`,
 * `due`, `status` (and their names) in the address.
 *
 * Ids: `#queue-search-input|submit|clear`, `#queue-tab-<filter>`, `#queue-kind-<kind|all>`,
 * `#queue-sort-<deadline|newest>`, `#queue-filter-toggle`, `#queue-filters` (`#queue-status-<choice>`,
 * `#queue-due-<any|overdue|nearing>`, `#queue-dept-<id|none|any>`, `#queue-category-<id>`,
 * `#queue-from`, `#queue-to`, `#queue-filters-reset|done`), active filters `#queue-chip-<name>`,
 * items `#queue-request-<id>`.
 */
export default function QueuePage() {
  const router = useRouter();
  const user = useRequireLogin();
  const allowed = isDeskRole(user?.role);
  const params = router.params as Record<string, string | undefined>;
  const [filter, setFilter] = useState<DeskQueueFilter>(isDeskQueueFilter(params.filter) ? params.filter : 'received');
  const [kind, setKind] = useState<RequestKind | 'all'>('all');
  const [filters, setFilters] = useState<DeskFilters>(() => filtersFromParams(params));
  const [sortChoice, setSortChoice] = useState<DeskSort | null>(
    (DESK_SORTS as readonly string[]).includes(params.sort ?? '') ? (params.sort as DeskSort) : null,
  );
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [panelOpen, setPanelOpen] = useState(false);
  const departments = useRequest(listDepartments, [], { ready: allowed && panelOpen });
  const categories = useRequest(() => listCategories(kind === 'all' ? 'complaint' : kind), [kind], {
    ready: allowed && panelOpen && kind !== 'all',
  });

  // A search or a date range reads newest first; a time-limit filter by the limit.
  const forcedSort: DeskSort | null = q || filters.from || filters.to ? 'newest' : filters.due ? 'deadline' : null;
  const sort = forcedSort ?? sortChoice ?? defaultSort(filter);
  const status = filter === 'all' ? ALL_STATUS_CHOICES[filters.status].status : DESK_QUEUE_FILTERS[filter].status;

  const list = usePagedList((_page, cursor) =>
    listRequests({
      status,
      kind: kind === 'all' ? '' : kind,
      departmentId: filters.departmentId ?? undefined,
      assigneeUserId: filters.assigneeUserId ?? undefined,
      categoryId: filters.categoryId ?? undefined,
      due: filters.due ?? undefined,
      from: filters.from || undefined,
      to: filters.to || undefined,
      sort,
      q: q || undefined,
      cursor,
    }),
  );
  useListPage(list, allowed, [filter, kind, filters, sort, q]);

  const title = params.title ? safeDecode(params.title) : '';
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: title || DESK_QUEUE_FILTERS[filter].label }).catch(() => undefined);
  }, [filter, title]);

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

  const tabs = (Object.keys(DESK_QUEUE_FILTERS) as DeskQueueFilter[]).filter(
    (key) => key !== 'invalid_pending' || APPROVERS.includes(user.role) || filter === 'invalid_pending',
  );

  const search = () => {
    const text = typed.trim();
    setQ(text);
    // A caller asks about any request, closed ones too: a search looks through 全部.
    if (text && filter !== 'all') setFilter('all');
  };
  const clearSearch = () => {
    setTyped('');
    setQ('');
  };
  const chooseKind = (next: RequestKind | 'all') => {
    setKind(next);
    // A category belongs to one kind.
    setFilters((previous) => ({ ...previous, categoryId: null, categoryPath: [], categoryName: '' }));
  };
  const chooseCategory = (path: number[]) => {
    const leaf = chosenLeaf(categories.data ?? [], path);
    setFilters((previous) => ({
      ...previous,
      categoryPath: path,
      categoryId: leaf?.id ?? null,
      categoryName: leaf?.name ?? '',
    }));
  };

  const chips: { name: string; label: string; clear: () => void }[] = [];
  if (filter === 'all' && filters.status !== 'any') {
    chips.push({
      name: 'status',
      label: ALL_STATUS_CHOICES[filters.status].label,
      clear: () => setFilters((f) => ({ ...f, status: 'any' })),
    });
  }
  if (filters.departmentId !== null) {
    chips.push({
      name: 'department',
      label: `部门：${filters.departmentName || (filters.departmentId === 'none' ? '待分派' : filters.departmentId)}`,
      clear: () => setFilters((f) => ({ ...f, departmentId: null, departmentName: '' })),
    });
  }
  if (filters.assigneeUserId !== null) {
    chips.push({
      name: 'assignee',
      label: `处理人：${filters.assigneeName || filters.assigneeUserId}`,
      clear: () => setFilters((f) => ({ ...f, assigneeUserId: null, assigneeName: '' })),
    });
  }
  if (filters.categoryId !== null) {
    chips.push({
      name: 'category',
      label: `分类：${filters.categoryName}`,
      clear: () => setFilters((f) => ({ ...f, categoryId: null, categoryPath: [], categoryName: '' })),
    });
  }
  if (filters.due) {
    chips.push({
      name: 'due',
      label: DUE_FILTER_LABELS[filters.due],
      clear: () => setFilters((f) => withDue(f, null)),
    });
  }
  if (filters.from || filters.to) {
    chips.push({
      name: 'dates',
      label: `登记 ${filters.from || '…'} 至 ${filters.to || '…'}`,
      clear: () => setFilters((f) => withDates(f, '', '')),
    });
  }
  const count = filterCount(filters, filter);
  const emptyText = q
    ? `没有找到与“${q}”相关的诉求`
    : count > 0
      ? '没有符合筛选条件的诉求'
      : `没有${DESK_QUEUE_FILTERS[filter].label}的诉求`;

  return (
    <View className="page queue-page">
      <View className="queue-search">
        <Input
          id="queue-search-input"
          className="form-input queue-search__input"
          value={typed}
          maxlength={20}
          confirmType="search"
          placeholder="单号 / 手机号或后四位 / 姓名 / 房号"
          onInput={(e) => setTyped(e.detail.value)}
          onConfirm={search}
        />
        {q ? (
          <View className="queue-search__clear" id="queue-search-clear" onClick={clearSearch}>
            清除
          </View>
        ) : null}
        <Button id="queue-search-submit" type="primary" className="queue-search__submit" onClick={search}>
          搜索
        </Button>
      </View>
      {q ? (
        <Text className="muted queue-search__note" id="queue-search-note">
          搜索“{q}”：单号、电话（整号或后四位）、联系人、房号，按最新排序
        </Text>
      ) : null}

      <FilterTabs
        idPrefix="queue"
        tabs={tabs.map((key) => ({
          key,
          label: key === 'invalid_pending' ? '无效审批' : DESK_QUEUE_FILTERS[key].label,
        }))}
        value={filter}
        onChange={setFilter}
      />
      <View className="queue-kinds">
        <ChoiceChips<RequestKind | 'all'>
          idPrefix="queue-kind"
          choices={[{ id: 'all', label: '全部' }, ...REQUEST_KINDS.map((k) => ({ id: k, label: KIND_LABELS[k] }))]}
          value={kind}
          onChange={chooseKind}
        />
      </View>

      <View className="queue-toolbar">
        <View className="queue-toolbar__sort">
          {DESK_SORTS.map((option) => (
            <View
              key={option}
              id={`queue-sort-${option}`}
              data-active={sort === option ? 'true' : 'false'}
              className={`queue-sort${sort === option ? ' queue-sort--active' : ''}${
                forcedSort && forcedSort !== option ? ' queue-sort--disabled' : ''
              }`}
              onClick={() => {
                if (forcedSort) {
                  void Taro.showToast({
                    title: q || filters.from || filters.to ? '搜索和日期筛选按最新排序' : '按时限筛选时按最紧急排序',
                    icon: 'none',
                  });
                  return;
                }
                setSortChoice(option);
              }}
            >
              {DESK_SORT_LABELS[option]}
            </View>
          ))}
        </View>
        <View
          id="queue-filter-toggle"
          data-count={count}
          className={`queue-filter-toggle${count > 0 ? ' queue-filter-toggle--on' : ''}`}
          onClick={() => setPanelOpen(!panelOpen)}
        >
          {panelOpen ? '收起筛选' : count > 0 ? `筛选 · ${count}` : '筛选'}
        </View>
      </View>

      {chips.length > 0 ? (
        <View className="queue-chips" id="queue-chips">
          {chips.map((chip) => (
            <View key={chip.name} id={`queue-chip-${chip.name}`} className="queue-chip" onClick={chip.clear}>
              <Text>{chip.label}</Text>
              <Text className="queue-chip__x">×</Text>
            </View>
          ))}
        </View>
      ) : null}

      {panelOpen ? (
        <View className="card queue-filters" id="queue-filters">
          {filter === 'all' ? (
            <View className="form-field">
              <Text className="form-label">状态</Text>
              <ChoiceChips<AllStatusChoice>
                idPrefix="queue-status"
                choices={(Object.keys(ALL_STATUS_CHOICES) as AllStatusChoice[]).map((key) => ({
                  id: key,
                  label: ALL_STATUS_CHOICES[key].label,
                }))}
                value={filters.status}
                onChange={(value) => setFilters((f) => ({ ...f, status: value }))}
              />
            </View>
          ) : null}
          <View className="form-field">
            <Text className="form-label">时限</Text>
            <ChoiceChips<DueFilter | typeof ANY>
              idPrefix="queue-due"
              choices={[
                { id: ANY, label: '不限' },
                ...DUE_FILTERS.map((due) => ({ id: due, label: DUE_FILTER_LABELS[due] })),
              ]}
              value={filters.due ?? ANY}
              onChange={(value) => setFilters((f) => withDue(f, value === ANY ? null : value))}
            />
          </View>
          <View className="form-field">
            <Text className="form-label">部门</Text>
            <PageState
              id="queue-departments"
              loading={departments.loading && !departments.data}
              error={departments.data ? undefined : departments.error}
              onRetry={() => void departments.refresh()}
              compact
              rows={1}
            >
              <ChoiceChips<number | string>
                idPrefix="queue-dept"
                choices={[
                  { id: ANY, label: '不限' },
                  { id: 'none', label: '待分派' },
                  ...(departments.data ?? []).map((d) => ({ id: d.id, label: d.name })),
                ]}
                value={filters.departmentId ?? ANY}
                onChange={(value) =>
                  setFilters((f) => ({
                    ...f,
                    departmentId: value === ANY ? null : value === 'none' ? 'none' : Number(value),
                    departmentName:
                      value === 'none' ? '待分派' : ((departments.data ?? []).find((d) => d.id === value)?.name ?? ''),
                  }))
                }
              />
            </PageState>
          </View>
          <View className="form-field">
            <Text className="form-label">分类</Text>
            {kind === 'all' ? (
              <Text className="muted" id="queue-category-hint">
                先在上方选择类型（投诉、报修或建议），再选分类
              </Text>
            ) : (
              <PageState
                id="queue-categories"
                loading={categories.loading && !categories.data}
                error={categories.data ? undefined : categories.error}
                onRetry={() => void categories.refresh()}
                empty={categories.data?.length === 0}
                emptyText="暂无分类"
                compact
                rows={2}
              >
                <CategoryPicker
                  idPrefix="queue-category"
                  tree={categories.data ?? []}
                  path={filters.categoryPath}
                  onChange={chooseCategory}
                />
              </PageState>
            )}
          </View>
          <View className="form-field">
            <Text className="form-label">登记日期</Text>
            <View className="queue-dates">
              <Picker
                mode="date"
                value={filters.from || today()}
                end={filters.to || today()}
                onChange={(e) => setFilters((f) => withDates(f, String(e.detail.value), f.to))}
              >
                <View id="queue-from" className="queue-date">
                  {filters.from || '开始日期'}
                </View>
              </Picker>
              <Text className="muted">至</Text>
              <Picker
                mode="date"
                value={filters.to || today()}
                start={filters.from || undefined}
                end={today()}
                onChange={(e) => setFilters((f) => withDates(f, f.from, String(e.detail.value)))}
              >
                <View id="queue-to" className="queue-date">
                  {filters.to || '结束日期'}
                </View>
              </Picker>
            </View>
            <Text className="muted queue-filters__note">按日期筛选时按最新排序；与时限筛选二选一。</Text>
          </View>
          <View className="queue-filters__actions">
            <Button
              id="queue-filters-reset"
              fill="outline"
              className="queue-filters__button"
              onClick={() => setFilters(NO_FILTERS)}
            >
              重置
            </Button>
            <Button
              id="queue-filters-done"
              type="primary"
              className="queue-filters__button"
              onClick={() => setPanelOpen(false)}
            >
              完成
            </Button>
          </View>
        </View>
      ) : null}

      <PagedList
        id="queue"
        list={list}
        emptyText={emptyText}
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

/** Today in Asia/Shanghai, yyyy-MM-dd. */
function today(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
