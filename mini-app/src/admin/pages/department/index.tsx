import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import {
  DISPATCH_MODE_LABELS,
  DISPATCH_MODES,
  departmentInputSchema,
  type AdminMemberView,
  type AdminProjectView,
} from '@linli/shared';
import AdminForm, {
  toPayload,
  toValues,
  validate,
  type AdminField,
  type AdminValues,
} from '../../../components/AdminForm';
import FormFooter from '../../../components/FormFooter';
import PageState from '../../../components/PageState';
import { useRequest } from '../../../hooks/useRequest';
import { useRequireLogin } from '../../../hooks/useSession';
import {
  adminDepartment,
  adminProjects,
  adminStaff,
  createDepartment,
  setDepartmentActive,
  updateDepartment,
} from '../../../services/estate';
import { ApiError } from '../../../services/http';
import { canSeeEstate } from '../../../utils/routes';
import '../estate.scss';

/**
 * The department resource. The supervisor is chosen among the members picked above it, so its
 * choices follow the members field.
 */
function departmentFields(
  staff: Array<AdminMemberView & { departmentId: number | null }>,
  projects: AdminProjectView[],
  members: number[],
): AdminField[] {
  return [
    { kind: 'text', name: 'name', label: '部门名称', max: 50, placeholder: '如：工程维修部' },
    {
      kind: 'choice',
      name: 'dispatchMode',
      label: '派单方式',
      choices: DISPATCH_MODES.map((id) => ({ id, label: DISPATCH_MODE_LABELS[id] })),
    },
    {
      kind: 'multi',
      name: 'memberUserIds',
      label: '成员（已在其他部门的员工将调入本部门）',
      choices: staff.map((s) => ({ id: s.userId, label: s.title ? `${s.name} · ${s.title}` : s.name })),
      emptyText: '还没有员工，请先邀请员工',
    },
    {
      kind: 'choice',
      name: 'supervisorUserId',
      label: '主管（从成员中选，再点一次取消）',
      optional: true,
      choices: staff.filter((s) => members.includes(s.userId)).map((s) => ({ id: s.userId, label: s.name })),
      emptyText: '请先选择成员',
    },
    {
      kind: 'multi',
      name: 'projectIds',
      label: '服务项目',
      choices: projects.filter((p) => !p.archivedAt).map((p) => ({ id: p.id, label: p.name })),
      emptyText: '还没有项目',
    },
  ];
}

const EMPTY: AdminValues = {
  name: '',
  dispatchMode: 'supervisor',
  memberUserIds: [],
  supervisorUserId: null,
  projectIds: [],
};

/** 新建/编辑部门 (`?id=` edits): `#department-form`, 保存 `#department-save`, 停用/启用 `#department-active`. */
export default function DepartmentPage() {
  const user = useRequireLogin();
  const id = Number(useRouter().params.id) || null;
  const allowed = canSeeEstate(user?.role);
  const editable = user?.role === 'admin';
  const department = useRequest(() => adminDepartment(id!), [id], { ready: allowed && id !== null });
  const staff = useRequest(adminStaff, [], { ready: editable });
  const projects = useRequest(() => adminProjects(1, 50).then((page) => page.items), [], { ready: allowed });
  const [values, setValues] = useState<AdminValues>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  const members = (values.memberUserIds as number[]) ?? [];
  const fields = departmentFields(staff.data ?? [], projects.data ?? [], members);

  useEffect(() => {
    if (department.data) {
      setValues(
        toValues(fields, {
          ...department.data,
          memberUserIds: department.data.members.map((m) => m.userId),
        } as unknown as Record<string, unknown>),
      );
    }
  }, [department.data]);

  if (!user) return <View className="page" />;
  if (!allowed) {
    return (
      <View className="page">
        <View className="card muted" id="department-forbidden">
          部门管理供公司管理员使用。
        </View>
      </View>
    );
  }

  const change = (name: string, value: AdminValues[string]) =>
    setValues((v) => {
      const next = { ...v, [name]: value };
      // A supervisor taken off the members is no longer the supervisor.
      if (name === 'memberUserIds' && !(value as number[]).includes(next.supervisorUserId as number)) {
        next.supervisorUserId = null;
      }
      return next;
    });

  const save = async () => {
    const checked = validate(departmentInputSchema, toPayload(fields, values));
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setSaving(true);
    try {
      const saved = id ? await updateDepartment(id, checked.data) : await createDepartment(checked.data);
      void Taro.showToast({ title: '已保存', icon: 'success' });
      if (id) department.mutate(saved);
      else void Taro.redirectTo({ url: `/admin/pages/department/index?id=${saved.id}` });
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors);
    } finally {
      setSaving(false);
    }
  };

  const toggleActive = async () => {
    const d = department.data;
    if (!d) return;
    const { confirm } = await Taro.showModal({
      title: d.active ? '停用部门' : '启用部门',
      content: d.active
        ? `停用后「${d.name}」不再接收新的诉求，已分到该部门的诉求不受影响。`
        : `「${d.name}」将重新接收新的诉求。`,
      confirmText: d.active ? '停用' : '启用',
      confirmColor: d.active ? '#cc3b22' : '#18a574',
    });
    if (confirm) department.mutate(await setDepartmentActive(d.id, !d.active));
  };

  return (
    <View className="page estate-page">
      <PageState
        id="department"
        loading={(id !== null && department.loading && !department.data) || (editable && staff.loading && !staff.data)}
        error={id !== null && !department.data ? department.error : staff.data || !editable ? undefined : staff.error}
        onRetry={() => void Promise.all([department.refresh(), staff.refresh()])}
      >
        {department.data ? (
          <View className="card" id="department-summary">
            <Text>
              {department.data.active ? '使用中' : '已停用'} · {department.data.members.length} 名成员
            </Text>
            {editable ? (
              <View className="estate-page__actions">
                <Button id="department-active" fill="outline" onClick={() => void toggleActive()}>
                  {department.data.active ? '停用部门' : '启用部门'}
                </Button>
              </View>
            ) : null}
          </View>
        ) : null}
        <View className="card">
          <AdminForm id="department-form" fields={fields} values={values} errors={errors} onChange={change} />
        </View>
        {editable ? (
          <FormFooter>
            <Button
              id="department-save"
              type="primary"
              block
              loading={saving}
              disabled={saving}
              onClick={() => void save()}
            >
              {id ? '保存' : '创建部门'}
            </Button>
          </FormFooter>
        ) : null}
      </PageState>
    </View>
  );
}
