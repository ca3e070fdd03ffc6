import { View } from '@tarojs/components';
import AdminHome from '../../components/AdminHome';
import { PageTabBar } from '../../components/TabBar';
import { useRequireLogin } from '../../hooks/useSession';
import { useTabPage } from '../../hooks/useTabPage';
import { MANAGE_PAGE } from '../../utils/routes';

/** 管理 (a tab for supervisors, managers and admins; its badge is what waits for their approval). */
export default function ManagePage() {
  const user = useRequireLogin();
  useTabPage(MANAGE_PAGE, user);
  if (!user) return <View className="page" />;
  return (
    <View className="page">
      <AdminHome user={user} />
      <PageTabBar current={MANAGE_PAGE} />
    </View>
  );
}
