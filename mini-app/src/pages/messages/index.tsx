import { View } from '@tarojs/components';
import MessageCentre from '../../components/MessageCentre';
import { PageTabBar } from '../../components/TabBar';
import { useRequireLogin } from '../../hooks/useSession';
import { useTabPage } from '../../hooks/useTabPage';
import { MESSAGES_PAGE } from '../../utils/routes';

/** 消息 (a tab): the message centre of whoever is logged in, residents and staff alike. */
export default function MessagesPage() {
  const user = useRequireLogin();
  useTabPage(MESSAGES_PAGE, user);
  if (!user) return <View className="page" />;
  return (
    <View className="page">
      <MessageCentre user={user} />
      <PageTabBar current={MESSAGES_PAGE} />
    </View>
  );
}
