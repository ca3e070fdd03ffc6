import { useDidShow } from '@tarojs/taro';
import type { UserView } from '@linli/shared';
import { refreshUnread } from '../services/notifications';
import { refreshPending, setActiveTab } from '../services/tab-badges';
import { canSeeAdmin, type TabPage } from '../utils/routes';

/**
 * A tab page on show: marks its tab and fetches the bar's badges (消息 unread, 管理 pending
 * approvals), since both change while the user is elsewhere.
 */
export function useTabPage(page: TabPage, user: UserView | null): void {
  useDidShow(() => {
    setActiveTab(page);
    if (!user) return;
    void refreshUnread();
    if (canSeeAdmin(user.role)) void refreshPending();
  });
}
