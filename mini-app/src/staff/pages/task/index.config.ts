export default definePageConfig({
  navigationBarTitleText: '任务详情',
  enablePullDownRefresh: true,
});
