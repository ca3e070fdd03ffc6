import { View } from '@tarojs/components';
import TasksHome from '../../../components/TasksHome';
import { useRequireLogin } from '../../../hooks/useSession';

/** 我的任务 outside the tab bar (a supervisor's entry, older links): 管理 is an entry here. */
export default function TasksPage() {
  const user = useRequireLogin();
  if (!user) return <View className="page" />;
  return (
    <View className="page">
      <TasksHome user={user} adminEntry />
    </View>
  );
}
