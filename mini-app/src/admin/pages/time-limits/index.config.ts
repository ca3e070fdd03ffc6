export default definePageConfig({
  navigationBarTitleText: '时限规则',
  enablePullDownRefresh: true,
});
