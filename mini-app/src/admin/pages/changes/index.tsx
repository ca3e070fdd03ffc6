import { useMemo, useState } from 'react';
import { Text, View } from '@tarojs/components';
import {
  ADMIN_CHANGE_ENTITIES,
  ADMIN_CHANGE_ENTITY_LABELS,
  formatShanghaiTime,
  type AdminChangeEntity,
} from '@linli/shared';
import ChoiceChips from '../../../components/ChoiceChips';
import PagedList from '../../../components/PagedList';
import { useListPage } from '../../../hooks/useListPage';
import { useRequest } from '../../../hooks/useRequest';
import { usePagedList } from '../../../hooks/usePagedList';
import { useRequireLogin } from '../../../hooks/useSession';
import { fetchStaffOptions, listChanges } from '../../../services/staff-admin';
import {
  ACTION_LABELS,
  changedFields,
  subjectLabel,
  type ChangeNames,
  type SettingFieldLabels,
} from '../../../utils/admin-changes';
import { SETTING_FORMS } from '../settings/spec';
import './index.scss';

type Tab = 'all' | AdminChangeEntity;
/** What a manager's log can hold: their projects' set-up, their members and invitations. */
const MANAGER_ENTITIES: readonly AdminChangeEntity[] = [
  'project',
  'building',
  'unit',
  'room',
  'duty',
  'category_route',
  'owner_register',
  'staff',
  'invitation',
];
const tabsFor = (entities: readonly AdminChangeEntity[]) => [
  { id: 'all' as Tab, label: '全部' },
  ...entities.map((entity) => ({ id: entity as Tab, label: ADMIN_CHANGE_ENTITY_LABELS[entity] })),
];

/** 系统设置's own field names and units, so a setting change reads as that page does. */
const SETTING_FIELDS: SettingFieldLabels = Object.fromEntries(
  SETTING_FORMS.map((form) => [
    form.key,
    form.fields.map((field) => ({
      path: field.path,
      label: field.label,
      kind: field.kind,
      unit: field.kind === 'number' ? field.unit : undefined,
    })),
  ]),
);

/**
 * 操作记录: every set-up change, newest first — who (系统 for the system), when, on what, and each
 * changed field before → after (`#change-<id>`, `data-entity`, `data-action`); filtered by what
 * was changed (`#changes-tab-<entity>`). Admins read the company's; a manager their projects'
 * and their members'.
 */
export default function ChangesPage() {
  const user = useRequireLogin();
  const allowed = user?.role === 'admin' || user?.role === 'manager';
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
      },
    [options.data],
  );
  const tabs = useMemo(() => tabsFor(user?.role === 'admin' ? ADMIN_CHANGE_ENTITIES : MANAGER_ENTITIES), [user?.role]);

  if (!user) return <View className="page" />;
  if (!allowed) {
    return (
      <View className="page">
        <View className="card muted" id="changes-forbidden">
          操作记录仅公司管理员和项目经理可查看。
        </View>
      </View>
    );
  }

  return (
    <View className="page changes-page">
      <View className="card changes-filter" id="changes-tabs">
        <ChoiceChips idPrefix="changes-tab" choices={tabs} value={tab} onChange={setTab} />
      </View>
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
                <Text className="change-item__subject">
                  {subjectLabel(item, names)} · {ACTION_LABELS[item.action] ?? item.action}
                </Text>
              </View>
              <Text className="muted" id={`change-${item.id}-by`}>
                {item.actor?.name || (item.actor ? `#${item.actor.userId}` : '系统')} ·{' '}
                {formatShanghaiTime(item.createdAt)}
              </Text>
            </View>
            <View className="change-item__diff" id={`change-${item.id}-diff`}>
              {changedFields(item, names, SETTING_FIELDS).map((field) => (
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
