export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/messages/index',
    'pages/manage/index',
    'pages/requests/index',
    'pages/login/index',
    'pages/house-bind/index',
    'pages/request-new/index',
    'pages/request-detail/index',
    'pages/pc-login/index',
    'pages/invite/index',
  ],
  // Each role's pages in its own subpackage (分包), loaded when first opened.
  subPackages: [
    {
      root: 'staff',
      pages: ['pages/tasks/index', 'pages/task/index'],
    },
    {
      root: 'desk',
      pages: [
        'pages/home/index',
        'pages/intake/index',
        'pages/queue/index',
        'pages/request/index',
        'pages/callbacks/index',
        'pages/bindings/index',
        'pages/deliveries/index',
      ],
    },
    {
      root: 'admin',
      pages: [
        'pages/home/index',
        'pages/approvals/index',
        'pages/approval/index',
        'pages/board/index',
        'pages/escalations/index',
        'pages/time-limits/index',
        'pages/calendar/index',
        'pages/projects/index',
        'pages/project/index',
        'pages/rooms/index',
        'pages/departments/index',
        'pages/department/index',
        'pages/register/index',
        'pages/categories/index',
        'pages/settings/index',
        'pages/wechat-templates/index',
        'pages/invitations/index',
        'pages/staff/index',
        'pages/changes/index',
      ],
    },
  ],
  // Only the components a page really renders are injected when it opens, not every page's code at
  // launch: a faster start on older phones (the pages and subpackages above stay as they are).
  lazyCodeLoading: 'requiredComponents',
  // WeChat holds back privacy APIs (chooseMedia, getPhoneNumber) until the guide is agreed to and
  // tells us through onNeedPrivacyAuthorization (services/privacy.ts, components/PrivacyPopup).
  __usePrivacyCheck__: true,
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#f5f7f6',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '邻里',
    navigationBarTextStyle: 'black',
  },
  // Drawn by src/custom-tab-bar (components/TabBar): 管理 only for supervisors, managers and
  // admins. WeChat still needs the full list to know the tab pages; h5 pages draw the bar themselves.
  tabBar: {
    custom: true,
    color: '#7a8580',
    selectedColor: '#18a574',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      {
        pagePath: 'pages/index/index',
        text: '首页',
        iconPath: 'assets/tab-home.png',
        selectedIconPath: 'assets/tab-home-active.png',
      },
      {
        pagePath: 'pages/messages/index',
        text: '消息',
        iconPath: 'assets/tab-messages.png',
        selectedIconPath: 'assets/tab-messages-active.png',
      },
      {
        pagePath: 'pages/manage/index',
        text: '管理',
        iconPath: 'assets/tab-manage.png',
        selectedIconPath: 'assets/tab-manage-active.png',
      },
      {
        pagePath: 'pages/requests/index',
        text: '我的',
        iconPath: 'assets/tab-mine.png',
        selectedIconPath: 'assets/tab-mine-active.png',
      },
    ],
  },
});
