export default definePageConfig({
  navigationBarTitleText: '微信模板',
  enablePullDownRefresh: true,
});
