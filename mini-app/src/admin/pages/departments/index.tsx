import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { DISPATCH_MODE_LABELS, type AdminDepartmentView } from '@linli/shared';
import AdminList, { type AdminColumn } from '../../../components/AdminList';
import SoftTag from '../../../components/SoftTag';
import { useListPage } from '../../../hooks/useListPage';
import { usePagedList } from '../../../hooks/usePagedList';
import { useRequireLogin } from '../../../hooks/useSession';
import { adminDepartments } from '../../../services/estate';
import { ADMIN_DEPARTMENT_PAGE, canSeeEstate } from '../../../utils/routes';
import '../estate.scss';

const COLUMNS: AdminColumn<AdminDepartmentView>[] = [
  {
    key: 'name',
    label: '部门',
    render: (d) => (
      <>
        <Text>{d.name}</Text>
        {d.active ? null : <SoftTag tone="grey">已停用</SoftTag>}
      </>
    ),
  },
  { key: 'mode', label: '派单方式', render: (d) => DISPATCH_MODE_LABELS[d.dispatchMode] },
  {
    key: 'supervisor',
    label: '主管',
    render: (d) => d.members.find((m) => m.userId === d.supervisorUserId)?.name ?? '未指定',
  },
  { key: 'members', label: '成员', render: (d) => `${d.members.length} 人` },
  { key: 'projects', label: '服务项目', render: (d) => `${d.projectIds.length} 个` },
];

/** 部门: the whole list in one page (a company has tens), `#departments-row-<id>`. */
export default function DepartmentsPage() {
  const user = useRequireLogin();
  const allowed = canSeeEstate(user?.role);
  const list = usePagedList(async () => {
    const items = await adminDepartments();
    return { items, total: items.length, page: 1, pageSize: Math.max(items.length, 1) };
  });
  useListPage(list, allowed);

  if (!user) return <View className="page" />;
  if (!allowed) {
    return (
      <View className="page">
        <View className="card muted" id="departments-forbidden">
          部门管理供公司管理员和项目经理使用。
        </View>
      </View>
    );
  }
  return (
    <View className="page estate-page">
      {user.role === 'admin' ? (
        <View className="estate-page__actions">
          <Button
            id="departments-create"
            type="primary"
            onClick={() => void Taro.navigateTo({ url: ADMIN_DEPARTMENT_PAGE })}
          >
            新建部门
          </Button>
        </View>
      ) : null}
      <AdminList
        id="departments"
        list={list}
        columns={COLUMNS}
        rowKey={(d) => d.id}
        unit="个"
        emptyText="还没有部门"
        onOpen={(d) => void Taro.navigateTo({ url: `${ADMIN_DEPARTMENT_PAGE}?id=${d.id}` })}
      />
    </View>
  );
}
