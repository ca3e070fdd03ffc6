export default definePageConfig({
  navigationBarTitleText: '消息发送失败',
  enablePullDownRefresh: true,
  onReachBottomDistance: 80,
});
