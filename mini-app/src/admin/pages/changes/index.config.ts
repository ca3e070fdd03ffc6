export default definePageConfig({
  navigationBarTitleText: '操作记录',
  onReachBottomDistance: 80,
});
