import { View } from '@tarojs/components';
import AdminHome from '../../../components/AdminHome';
import { useRequireLogin } from '../../../hooks/useSession';

/** 管理 outside the tab bar (entries on the desk's home and 我的任务, older links). */
export default function AdminHomePage() {
  const user = useRequireLogin();
  if (!user) return <View className="page" />;
  return (
    <View className="page">
      <AdminHome user={user} />
    </View>
  );
}
