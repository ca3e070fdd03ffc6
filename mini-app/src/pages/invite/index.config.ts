export default definePageConfig({
  navigationBarTitleText: '加入邀请',
});
