export default definePageConfig({
  navigationBarTitleText: '成员管理',
  onReachBottomDistance: 80,
});
