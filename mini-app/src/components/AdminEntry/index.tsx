import { useRef } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Role } from '@linli/shared';
import { useRequest } from '../../hooks/useRequest';
import { approvalCount } from '../../services/approvals';
import { ADMIN_HOME_PAGE, canSeeAdmin } from '../../utils/routes';
import './index.scss';

/**
 * The way into 管理 for supervisors, managers and admins (`#<idPrefix>-entry-admin`), with the
 * approvals waiting for them (`#<idPrefix>-count-approvals`), on the staff pages outside the tab
 * bar (desk/pages/home, staff/pages/tasks); on the tab pages 管理 is a tab with this badge.
 */
export default function AdminEntry({ role, idPrefix }: { role: Role; idPrefix: string }) {
  const shown = canSeeAdmin(role);
  const pending = useRequest(approvalCount, [], { ready: shown });

  // Back from deciding one: the count is one less.
  const firstShow = useRef(true);
  useDidShow(() => {
    if (firstShow.current) {
      firstShow.current = false;
      return;
    }
    if (shown) void pending.refresh();
  });

  if (!shown) return null;
  const p = idPrefix;
  const count = pending.data;
  return (
    <View
      className="admin-entry"
      id={`${p}-entry-admin`}
      onClick={() => void Taro.navigateTo({ url: ADMIN_HOME_PAGE })}
    >
      <View className="admin-entry__icon">管</View>
      <View className="admin-entry__body">
        <Text className="admin-entry__name">管理</Text>
        <Text className="admin-entry__desc">审批、工作看板、升级到我的</Text>
      </View>
      <View className="admin-entry__pending">
        <Text className="admin-entry__label">待审批</Text>
        <Text
          className={`admin-entry__count${count ? ' admin-entry__count--hot' : ''}`}
          id={`${p}-count-approvals`}
          data-count={count}
        >
          {count !== undefined ? (count > 99 ? '99+' : count) : pending.error ? '—' : '…'}
        </Text>
      </View>
      <Text className="admin-entry__arrow">›</Text>
    </View>
  );
}
