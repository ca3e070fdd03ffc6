import TabBar from '../components/TabBar';
import './index.scss';

/**
 * WeChat's custom tab bar (`tabBar.custom` in app.config.ts): one instance per tab page, each
 * marking the tab page on show (services/tab-badges.ts).
 */
export default function CustomTabBar() {
  return <TabBar />;
}
