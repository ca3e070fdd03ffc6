import { useMemo, useState } from 'react';
import { Text, View } from '@tarojs/components';
import {
  ADMIN_CHANGE_ENTITIES,
  ADMIN_CHANGE_ENTITY_LABELS,
  SETTING_LABELS,
  formatShanghaiTime,
  type AdminChangeEntity,
} from '@linli/shared';
import FilterTabs from '../../../components/FilterTabs';
import PagedList from '../../../components/PagedList';
import { useListPage } from '../../../hooks/useListPage';
import { useRequest } from '../../../hooks/useRequest';
import { usePagedList } from '../../../hooks/usePagedList';
import { useRequireLogin } from '../../../hooks/useSession';
import { fetchStaffOptions, listChanges } from '../../../services/staff-admin';
import { ACTION_LABELS, changedFields, entityLabel, type ChangeNames } from '../../../utils/admin-changes';
import { SETTING_FORMS } from '../settings/spec';
import './index.scss';

/** A setting's fields by their path in the stored group: urge.intervalMinutes → 催办 · 催办间隔. */
const SETTING_FIELDS = new Map(
  SETTING_FORMS.flatMap((form) =>
    form.fields.map((field) => [`${form.key}.${field.path}`, `${SETTING_LABELS[form.key]} · ${field.label}`] as const),
  ),
);

type Tab = 'all' | AdminChangeEntity;

/** What the entry is about by name (a project's, a department's), when the record carries it. */
function recordName(item: { before: unknown; after: unknown }): string | null {
  const named = (value: unknown) =>
    value && typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string'
      ? (value as { name: string }).name
      : null;
  return named(item.after) ?? named(item.before);
}
const TABS: { key: Tab; label: string }[] = [
  { key: 'all', label: '全部' },
  ...ADMIN_CHANGE_ENTITIES.map((entity) => ({ key: entity, label: ADMIN_CHANGE_ENTITY_LABELS[entity] })),
];

/**
 * 操作记录 (admins): every admin change, newest first — who, when, on what, and each changed field
 * before → after (`#change-<id>`, `data-entity`, `data-action`); filtered by what was changed.
 */
export default function ChangesPage() {
  const user = useRequireLogin();
  const allowed = user?.role === 'admin';
  const [tab, setTab] = useState<Tab>('all');
  const list = usePagedList((page) => listChanges(page, tab === 'all' ? undefined : tab));
  useListPage(list, allowed, [tab]);
  // Names for the ids a change records; without them (still loading, or failed) the ids show.
  const options = useRequest(fetchStaffOptions, [], { ready: allowed });
  const names = useMemo<ChangeNames | undefined>(
    () =>
      options.data && {
        departments: new Map(options.data.departments.map((d) => [d.id, d.name])),
        projects: new Map(options.data.projects.map((p) => [p.id, p.name])),
        fields: SETTING_FIELDS,
      },
    [options.data],
  );

  if (!user) return <View className="page" />;
  if (!allowed) {
    return (
      <View className="page">
        <View className="card muted" id="changes-forbidden">
          操作记录仅公司管理员可查看。
        </View>
      </View>
    );
  }

  return (
    <View className="page changes-page">
      <FilterTabs idPrefix="changes" tabs={TABS} value={tab} onChange={setTab} />
      <PagedList
        id="changes"
        list={list}
        unit="条"
        emptyText="还没有操作记录"
        renderItem={(item) => (
          <View
            className="card change-item"
            key={item.id}
            id={`change-${item.id}`}
            data-entity={item.entity}
            data-action={item.action}
          >
            <View>
              <View className="change-item__head">
                <Text>
                  {entityLabel(item.entity)}
                  {recordName(item) ? `「${recordName(item)}」` : item.entityId ? ` #${item.entityId}` : ''} ·{' '}
                  {ACTION_LABELS[item.action] ?? item.action}
                </Text>
              </View>
              <Text className="muted">
                {item.actor?.name ?? '系统'} · {formatShanghaiTime(item.createdAt)}
              </Text>
            </View>
            <View className="change-item__diff" id={`change-${item.id}-diff`}>
              {changedFields(item.before, item.after, names, item.entity).map((field) => (
                <Text className="change-item__field" key={field.field}>
                  {field.label}：{field.text}
                </Text>
              ))}
            </View>
          </View>
        )}
      />
    </View>
  );
}
