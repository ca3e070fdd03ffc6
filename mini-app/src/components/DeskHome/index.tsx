import { Text, View } from '@tarojs/components';
import { ROLE_LABELS, type UserView } from '@linli/shared';
import AdminEntry from '../AdminEntry';
import MessagesEntry from '../MessagesEntry';
import WechatLinkCard from '../WechatLinkCard';
import WorkEntries, { SettingsEntries } from '../WorkEntries';
import { confirmLogout } from '../../services/auth';
import { isDeskRole } from '../../utils/routes';
import PageHello from '../PageHello';
import './index.scss';

/**
 * The service desk's home (receptionists, supervisors, managers, admins): the official-account
 * card until WeChat reaches them, 消息 (`#desk-entry-messages`), its entries with live counts
 * (`#desk-entry-<key>`), and for managers and admins the settings (时限规则, 工作日历). Shown on
 * the 首页 tab, where 管理 is a tab of its own, and on desk/pages/home, where it is an entry
 * (`adminEntry`: `#desk-entry-admin`, pending approvals `#desk-count-approvals`).
 */
export default function DeskHome({ user, adminEntry }: { user: UserView; adminEntry: boolean }) {
  return (
    <View className="desk-home">
      <PageHello
        id="desk-greeting"
        title={user.name ? `您好，${user.name}` : '您好'}
        sub={`${ROLE_LABELS[user.role]} · 客服工作台`}
      />
      {isDeskRole(user.role) ? (
        <>
          <WechatLinkCard />
          <MessagesEntry idPrefix="desk" />
          {adminEntry ? <AdminEntry role={user.role} idPrefix="desk" /> : null}
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
