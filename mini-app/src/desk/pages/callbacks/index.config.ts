export default definePageConfig({
  navigationBarTitleText: '待回访',
  enablePullDownRefresh: true,
  onReachBottomDistance: 80,
});
