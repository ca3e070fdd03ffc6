import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { PROJECT_KIND_LABELS, type AdminProjectView } from '@linli/shared';
import AdminList, { type AdminColumn } from '../../../components/AdminList';
import SoftTag from '../../../components/SoftTag';
import { useListPage } from '../../../hooks/useListPage';
import { usePagedList } from '../../../hooks/usePagedList';
import { useRequireLogin } from '../../../hooks/useSession';
import { adminProjects } from '../../../services/estate';
import { ADMIN_PROJECT_PAGE, canSeeEstate } from '../../../utils/routes';
import '../estate.scss';

const COLUMNS: AdminColumn<AdminProjectView>[] = [
  {
    key: 'name',
    label: '项目',
    render: (p) => (
      <>
        <Text>{p.name}</Text>
        {p.archivedAt ? <SoftTag tone="grey">已归档</SoftTag> : null}
      </>
    ),
  },
  { key: 'kind', label: '类型', render: (p) => PROJECT_KIND_LABELS[p.kind] },
  { key: 'area', label: '建筑面积', render: (p) => (p.areaSqm === null ? '—' : `${p.areaSqm.toLocaleString()} m²`) },
  { key: 'households', label: '户数', render: (p) => p.households ?? '—' },
  { key: 'rooms', label: '房间', render: (p) => `${p.roomCount} 间` },
];

/** 项目: every project the caller administers (`#projects-row-<id>`), archived ones last. */
export default function ProjectsPage() {
  const user = useRequireLogin();
  const allowed = canSeeEstate(user?.role);
  const list = usePagedList((page) => adminProjects(page));
  useListPage(list, allowed);

  if (!user) return <View className="page" />;
  if (!allowed) {
    return (
      <View className="page">
        <View className="card muted" id="projects-forbidden">
          项目管理供公司管理员和项目经理使用。
        </View>
      </View>
    );
  }
  const create =
    user.role === 'admin' ? (
      <Button id="projects-create" type="primary" onClick={() => void Taro.navigateTo({ url: ADMIN_PROJECT_PAGE })}>
        新建项目
      </Button>
    ) : undefined;
  return (
    <View className="page estate-page">
      {create ? <View className="estate-page__actions">{create}</View> : null}
      <AdminList
        id="projects"
        list={list}
        columns={COLUMNS}
        rowKey={(p) => p.id}
        unit="个"
        emptyText="还没有项目"
        onOpen={(p) => void Taro.navigateTo({ url: `${ADMIN_PROJECT_PAGE}?id=${p.id}` })}
      />
    </View>
  );
}
