import { Text, View } from '@tarojs/components';
import { ROLE_LABELS } from '@linli/shared';
import AdminEntry from '../../../components/AdminEntry';
import WorkEntries, { SettingsEntries } from '../../../components/WorkEntries';
import { useRequireLogin } from '../../../hooks/useSession';
import { confirmLogout } from '../../../services/auth';
import { isDeskRole } from '../../../utils/routes';
import './index.scss';

/**
 * Where the service desk lands after login: 管理 for supervisors, managers and admins
 * (`#desk-entry-admin`, pending approvals `#desk-count-approvals`), its entries with live counts
 * (`#desk-entry-<key>`), and for managers and admins the settings (时限规则, 工作日历).
 */
export default function DeskHomePage() {
  const user = useRequireLogin();
  if (!user) return <View className="page" />;

  return (
    <View className="page desk-home">
      <View className="desk-home__hello" id="desk-greeting">
        <Text className="desk-home__title">您好，{user.name}</Text>
        <Text className="desk-home__sub">{ROLE_LABELS[user.role]} · 客服工作台</Text>
      </View>
      {isDeskRole(user.role) ? (
        <>
          <AdminEntry role={user.role} idPrefix="desk" />
          <WorkEntries role={user.role} idPrefix="desk" />
          <SettingsEntries role={user.role} idPrefix="desk" />
        </>
      ) : (
        <View className="card muted" id="desk-forbidden">
          客服工作台供客服接待、部门主管和项目经理使用。
        </View>
      )}
      <View className="desk-home__footer">
        <Text className="tap-target card__link" id="desk-switch-account" onClick={() => void confirmLogout()}>
          退出登录 / 切换账号
        </Text>
      </View>
    </View>
  );
}
