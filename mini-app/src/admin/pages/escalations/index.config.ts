export default definePageConfig({
  navigationBarTitleText: '升级到我的',
  enablePullDownRefresh: true,
  onReachBottomDistance: 80,
});
