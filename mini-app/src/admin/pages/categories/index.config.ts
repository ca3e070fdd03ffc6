export default definePageConfig({
  navigationBarTitleText: '分类与派单',
  enablePullDownRefresh: true,
});
