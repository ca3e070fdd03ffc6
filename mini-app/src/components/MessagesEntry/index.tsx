import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useUnreadBadge } from '../../hooks/useUnreadBadge';
import { badgeText } from '../../utils/notifications';
import { MESSAGES_PAGE } from '../../utils/routes';
import { Count } from '../WorkEntries';

/**
 * 消息 on a staff home (`#<idPrefix>-entry-messages`, unread `#<idPrefix>-count-messages` with
 * `data-count`): what the server wrote to them — 即将超时/已超时, 业主催办, 新报修待派单, 待审批 —
 * one tap away, with the unread count fetched on each page show.
 */
export default function MessagesEntry({ idPrefix }: { idPrefix: string }) {
  const { unread } = useUnreadBadge(true);
  const p = idPrefix;
  return (
    <View
      className="card work-entries messages-entry"
      id={`${p}-entry-messages`}
      data-count={unread ?? ''}
      onClick={() => void Taro.switchTab({ url: MESSAGES_PAGE })}
    >
      <View className="work-entry">
        <View className="work-entry__icon work-entry__icon--green">信</View>
        <View className="work-entry__body">
          <Text className="work-entry__name">消息</Text>
          <Text className="work-entry__desc">
            {unread ? `${badgeText(unread)} 条未读 · 超时、催办、待派单、待审批` : '超时、催办、待派单、待审批提醒'}
          </Text>
        </View>
        <Count id={`${p}-count-messages`} state={{ data: unread ?? undefined }} />
        <Text className="work-entry__arrow">›</Text>
      </View>
    </View>
  );
}
