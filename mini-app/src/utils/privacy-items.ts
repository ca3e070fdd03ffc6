/**
 * What the mini-app collects, in one place: the privacy popup lists these, and the 用户隐私保护指引
 * entries of docs/deployment.md are the same (`weapp` is the name of the entry in 微信公众平台 ›
 * 设置 › 服务内容声明; a test checks the doc names each one).
 */
export interface PrivacyItem {
  key: 'album' | 'camera' | 'phone';
  /** The information, as WeChat's guide form names it. */
  weapp: string;
  /** What it is used for, in the popup's words. */
  purpose: string;
}

export const PRIVACY_ITEMS: readonly PrivacyItem[] = [
  { key: 'album', weapp: '选中的照片或视频信息', purpose: '报修、投诉时从相册选择的现场照片' },
  { key: 'camera', weapp: '摄像头', purpose: '报修、投诉时现场拍摄照片' },
  { key: 'phone', weapp: '手机号', purpose: '绑定房屋时与业主名册核对，物业联系您处理诉求' },
];

/** The guide's name, as WeChat shows it in 《…》. */
export const PRIVACY_GUIDE_NAME = '邻里小程序隐私保护指引';
