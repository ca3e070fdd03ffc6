export default definePageConfig({
  navigationBarTitleText: '诉求队列',
  enablePullDownRefresh: true,
  onReachBottomDistance: 80,
});
