import { View } from '@tarojs/components';
import DeskHome from '../../../components/DeskHome';
import { useRequireLogin } from '../../../hooks/useSession';

/** The desk's home outside the tab bar (older links, 返回): 管理 is an entry here. */
export default function DeskHomePage() {
  const user = useRequireLogin();
  if (!user) return <View className="page" />;
  return (
    <View className="page">
      <DeskHome user={user} adminEntry />
    </View>
  );
}
