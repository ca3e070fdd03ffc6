import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { ROLE_LABELS, staffUpdateSchema, type Role, type StaffFormOptions, type StaffMemberView } from '@linli/shared';
import ChoiceChips from '../../../components/ChoiceChips';
import PagedList from '../../../components/PagedList';
import SoftTag from '../../../components/SoftTag';
import StaffRightsForm from '../../../components/StaffRightsForm';
import { MEMBER_FIELDS, emptyRights, type RightsValues } from '../../../components/StaffRightsForm/spec';
import { useListPage } from '../../../hooks/useListPage';
import { usePagedList } from '../../../hooks/usePagedList';
import { useRequest } from '../../../hooks/useRequest';
import { useRequireLogin } from '../../../hooks/useSession';
import { ApiError } from '../../../services/http';
import {
  deactivateStaff,
  fetchStaffOptions,
  listStaff,
  updateStaff,
  type StaffFilter,
} from '../../../services/staff-admin';
import { firstErrors } from '../../../utils/form';
import { ADMIN_INVITATIONS_PAGE } from '../../../utils/routes';
import './index.scss';

const rightsOf = (member: StaffMemberView): RightsValues => ({
  ...emptyRights(),
  role: member.role,
  departmentId: member.departmentId,
  projectIds: member.projects.map((p) => p.id),
  title: member.title ?? '',
});

function MemberEditor(props: { member: StaffMemberView; options: StaffFormOptions; onDone: (saved: boolean) => void }) {
  const { member, options, onDone } = props;
  const [values, setValues] = useState<RightsValues>(() => rightsOf(member));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const form = `staff-edit-${member.userId}`;
  // A manager may keep a member's role they could not hand out themselves; it stays offered.
  const withCurrent = options.roles.includes(member.role)
    ? options
    : { ...options, roles: [member.role, ...options.roles] };

  const save = async () => {
    const parsed = staffUpdateSchema.safeParse({
      role: values.role ?? undefined,
      departmentId: values.departmentId,
      projectIds: values.projectIds,
      title: values.title || undefined,
    });
    if (!parsed.success) {
      setErrors(firstErrors(parsed.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message }))));
      return;
    }
    setSaving(true);
    try {
      await updateStaff(member.userId, parsed.data);
      void Taro.showToast({ title: '已保存', icon: 'success' });
      onDone(true);
    } catch (error) {
      if (error instanceof ApiError && error.details.length) setErrors(firstErrors(error.details));
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className="staff-editor" id={`${form}`}>
      <StaffRightsForm
        form={form}
        fields={MEMBER_FIELDS}
        options={withCurrent}
        value={values}
        errors={errors}
        onChange={setValues}
      />
      <View className="staff-item__actions">
        <Button id={`${form}-save`} type="primary" loading={saving} disabled={saving} onClick={() => void save()}>
          保存
        </Button>
        <Button id={`${form}-cancel`} fill="outline" onClick={() => onDone(false)}>
          取消
        </Button>
      </View>
    </View>
  );
}

/**
 * 成员管理 (managers: the people below them in their projects; admins: everyone): filter by role
 * and department, change a member's rights (`#staff-<id>-edit`), and 停用 after a confirmation
 * (`#staff-<id>-deactivate`), which signs them out everywhere at once.
 */
export default function StaffPage() {
  const user = useRequireLogin();
  const allowed = user?.role === 'admin' || user?.role === 'manager';
  const options = useRequest(fetchStaffOptions, [], { ready: allowed });
  const [filter, setFilter] = useState<StaffFilter>({});
  const [editing, setEditing] = useState<number | null>(null);
  const list = usePagedList((page) => listStaff(page, filter));
  useListPage(list, allowed, [filter.role, filter.departmentId]);

  if (!user) return <View className="page" />;
  if (!allowed) {
    return (
      <View className="page">
        <View className="card muted" id="staff-forbidden">
          成员管理供项目经理和公司管理员使用。
        </View>
      </View>
    );
  }

  const deactivate = async (member: StaffMemberView) => {
    const { confirm } = await Taro.showModal({
      title: `停用 ${member.name}？`,
      content: '停用后立即生效：该成员所有设备上的登录都会失效，不能再处理工单。',
      confirmText: '停用',
      confirmColor: '#cc3b22',
    });
    if (!confirm) return;
    await deactivateStaff(member.userId);
    void Taro.showToast({ title: '已停用', icon: 'success' });
    void list.reload();
  };

  const roles: Role[] = options.data?.roles ?? [];
  return (
    <View className="page staff-page">
      <View className="card staff-filters" id="staff-filters">
        <Text className="form-label">角色</Text>
        <ChoiceChips<string>
          idPrefix="staff-filter-role"
          choices={[{ id: 'all', label: '全部' }, ...roles.map((role) => ({ id: role, label: ROLE_LABELS[role] }))]}
          value={filter.role ?? 'all'}
          onChange={(id) => setFilter({ ...filter, role: id === 'all' ? undefined : (id as Role) })}
        />
        <Text className="form-label">部门</Text>
        <ChoiceChips<number>
          idPrefix="staff-filter-department"
          choices={[
            { id: 0, label: '全部' },
            ...(options.data?.departments ?? []).map((d) => ({ id: d.id, label: d.name })),
          ]}
          value={filter.departmentId ?? 0}
          onChange={(id) => setFilter({ ...filter, departmentId: id === 0 ? undefined : id })}
        />
        <Button
          id="staff-invite"
          fill="outline"
          block
          onClick={() => void Taro.navigateTo({ url: ADMIN_INVITATIONS_PAGE })}
        >
          邀请成员
        </Button>
      </View>
      <PagedList
        id="staff"
        list={list}
        unit="人"
        emptyText="没有符合条件的成员"
        renderItem={(member) => (
          <View
            className="card staff-item"
            key={member.userId}
            id={`staff-${member.userId}`}
            data-role={member.role}
            data-active={member.active ? 'true' : 'false'}
          >
            <View>
              <View className="staff-item__head">
                <Text className="staff-item__name">{member.name || '未命名'}</Text>
                <SoftTag tone={member.active ? 'green' : 'grey'}>
                  {member.active ? ROLE_LABELS[member.role] : '已停用'}
                </SoftTag>
              </View>
              <Text className="muted">
                {member.departmentName ?? '不限部门'}
                {member.title ? ` · ${member.title}` : ''}
              </Text>
            </View>
            <Text className="muted" id={`staff-${member.userId}-projects`}>
              {member.projects.map((p) => p.name).join('、') || (member.role === 'admin' ? '全公司' : '未分配项目')}
            </Text>
            {editing === member.userId && options.data ? (
              <MemberEditor
                member={member}
                options={options.data}
                onDone={(saved) => {
                  setEditing(null);
                  if (saved) void list.reload();
                }}
              />
            ) : member.active && member.userId !== user.id ? (
              <View className="staff-item__actions">
                <Button
                  id={`staff-${member.userId}-edit`}
                  fill="outline"
                  size="small"
                  onClick={() => setEditing(member.userId)}
                >
                  修改
                </Button>
                <Button
                  id={`staff-${member.userId}-deactivate`}
                  fill="outline"
                  size="small"
                  type="danger"
                  onClick={() => void deactivate(member)}
                >
                  停用
                </Button>
              </View>
            ) : null}
          </View>
        )}
      />
    </View>
  );
}
