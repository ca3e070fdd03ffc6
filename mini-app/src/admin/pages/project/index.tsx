import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { PROJECT_KIND_LABELS, PROJECT_KINDS, projectInputSchema, type AdminProjectView } from '@linli/shared';
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
import { adminProject, archiveProject, createProject, deleteProject, updateProject } from '../../../services/estate';
import { ApiError } from '../../../services/http';
import { ADMIN_ROOMS_PAGE, canSeeEstate } from '../../../utils/routes';
import '../estate.scss';

/** The project resource: its fields once, for create and edit alike. */
export const PROJECT_FIELDS: AdminField[] = [
  { kind: 'text', name: 'name', label: '项目名称', max: 100, placeholder: '如：阳光花园' },
  {
    kind: 'choice',
    name: 'kind',
    label: '项目类型',
    choices: PROJECT_KINDS.map((id) => ({ id, label: PROJECT_KIND_LABELS[id] })),
  },
  { kind: 'number', name: 'areaSqm', label: '建筑面积', unit: 'm²', optional: true },
  { kind: 'number', name: 'households', label: '户数', unit: '户', optional: true },
];

const EMPTY = toValues(PROJECT_FIELDS, { name: '', kind: 'residential', areaSqm: null, households: null });

/**
 * 新建/编辑项目 (`?id=` edits): the form `#project-form`, 保存 `#project-save`; for admins
 * 归档/取消归档 `#project-archive` and, while it has no rooms or requests, 删除 `#project-delete`.
 */
export default function ProjectPage() {
  const user = useRequireLogin();
  const id = Number(useRouter().params.id) || null;
  const allowed = canSeeEstate(user?.role);
  const project = useRequest(() => adminProject(id!), [id], { ready: allowed && id !== null });
  const [values, setValues] = useState<AdminValues>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (project.data) setValues(toValues(PROJECT_FIELDS, project.data as unknown as Record<string, unknown>));
  }, [project.data]);

  if (!user) return <View className="page" />;
  if (!allowed) {
    return (
      <View className="page">
        <View className="card muted" id="project-forbidden">
          项目管理供公司管理员和项目经理使用。
        </View>
      </View>
    );
  }

  const save = async () => {
    const checked = validate(projectInputSchema, toPayload(PROJECT_FIELDS, values));
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setSaving(true);
    try {
      const saved = id ? await updateProject(id, checked.data) : await createProject(checked.data);
      void Taro.showToast({ title: '已保存', icon: 'success' });
      if (id) project.mutate(saved);
      else void Taro.redirectTo({ url: `/admin/pages/project/index?id=${saved.id}` });
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors);
    } finally {
      setSaving(false);
    }
  };

  const archive = async (p: AdminProjectView) => {
    const archiving = p.archivedAt === null;
    const { confirm } = await Taro.showModal({
      title: archiving ? '归档项目' : '取消归档',
      content: archiving
        ? `归档后「${p.name}」不再出现在业主绑定房屋的选项里，也不能新建诉求；已有房间与诉求保留。`
        : `「${p.name}」将重新出现在业主绑定房屋的选项里。`,
      confirmText: archiving ? '归档' : '取消归档',
    });
    if (!confirm) return;
    project.mutate(await archiveProject(p.id, archiving));
  };

  const remove = async (p: AdminProjectView) => {
    const { confirm } = await Taro.showModal({
      title: '删除项目',
      content: `确定删除「${p.name}」？此操作不能撤销。`,
      confirmText: '删除',
      confirmColor: '#cc3b22',
    });
    if (!confirm) return;
    await deleteProject(p.id);
    void Taro.navigateBack();
  };

  const p = project.data;
  return (
    <View className="page estate-page">
      <PageState
        id="project"
        loading={id !== null && project.loading && !p}
        error={id !== null && !p ? project.error : undefined}
        onRetry={() => void project.refresh()}
      >
        {p ? (
          <View className="card" id="project-summary">
            <Text>
              {p.roomCount} 间房 · {p.requestCount} 件诉求{p.archivedAt ? ' · 已归档' : ''}
            </Text>
            <View className="estate-page__actions">
              <Button
                id="project-rooms"
                fill="outline"
                onClick={() => void Taro.navigateTo({ url: `${ADMIN_ROOMS_PAGE}?projectId=${p.id}` })}
              >
                楼栋房间
              </Button>
              {user.role === 'admin' ? (
                <Button id="project-archive" fill="outline" onClick={() => void archive(p)}>
                  {p.archivedAt ? '取消归档' : '归档'}
                </Button>
              ) : null}
              {user.role === 'admin' && p.roomCount === 0 && p.requestCount === 0 ? (
                <Button id="project-delete" fill="outline" type="danger" onClick={() => void remove(p)}>
                  删除
                </Button>
              ) : null}
            </View>
          </View>
        ) : null}
        <View className="card">
          <AdminForm
            id="project-form"
            fields={PROJECT_FIELDS}
            values={values}
            errors={errors}
            onChange={(name, value) => setValues((v) => ({ ...v, [name]: value }))}
          />
        </View>
        <FormFooter>
          <Button id="project-save" type="primary" block loading={saving} disabled={saving} onClick={() => void save()}>
            {id ? '保存' : '创建项目'}
          </Button>
        </FormFooter>
      </PageState>
    </View>
  );
}
