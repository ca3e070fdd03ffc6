/** A small in-memory stand-in for `@tarojs/taro` in unit tests. */
type RequestOption = {
  url: string;
  method?: string;
  data?: unknown;
  header?: Record<string, string>;
};
type RequestResult = { statusCode: number; data: unknown };

const storage = new Map<string, unknown>();
let pages: Array<{ route: string }> = [{ route: 'pages/index/index' }];

type UploadOption = { url: string; filePath: string; name: string; header?: Record<string, string> };
type UploadResult = { statusCode: number; data: string };

const Taro = {
  request: jest.fn<Promise<RequestResult>, [RequestOption]>(),
  /** Returns a promise with `.progress(cb)`, like Taro's UploadTaskPromise. */
  uploadFile: jest.fn<
    Promise<UploadResult> & { progress?: (cb: (u: { progress: number }) => void) => void },
    [UploadOption]
  >(),
  login: jest.fn(async () => ({ code: 'wx-code', errMsg: 'login:ok' })),
  showToast: jest.fn(async (_options: { title: string; icon?: string; duration?: number }) => undefined),
  reLaunch: jest.fn(async (options: { url: string }) => {
    pages = [{ route: options.url.replace(/^\//, '').split('?')[0] }];
  }),
  navigateTo: jest.fn(async (_options: { url: string }) => undefined),
  /** Confirms by default, like a tap on the confirm button. */
  showModal: jest.fn(async (_options: { title?: string; content?: string; confirmText?: string }) => ({
    confirm: true,
    cancel: false,
  })),
  switchTab: jest.fn(async (_options: { url: string }) => undefined),
  /** Resolves with the answers per template id, like wx.requestSubscribeMessage. */
  requestSubscribeMessage: jest.fn<Promise<Record<string, string>>, [{ tmplIds: string[] }]>(),
  /** wx.getRandomValues: answers nothing until a test says what. */
  getRandomValues: jest.fn<Promise<{ randomValues: ArrayBuffer }>, [{ length: number }]>(),
  setTabBarBadge: jest.fn(async (_options: { index: number; text: string }) => undefined),
  removeTabBarBadge: jest.fn(async (_options: { index: number }) => undefined),
  pageScrollTo: jest.fn(async (_options: { selector?: string; scrollTop?: number; offsetTop?: number }) => undefined),
  /** Runs the callback at once: unit tests have no render to wait for. */
  nextTick: jest.fn((callback: () => void) => callback()),
  /** wx.chooseMedia: answers nothing until a test says what. */
  chooseMedia: jest.fn<
    Promise<{ tempFiles: { tempFilePath: string; size: number; fileType: string }[]; type: string }>,
    [{ count?: number; mediaType?: string[]; sourceType?: string[]; sizeType?: string[] }]
  >(),
  /** Keeps the listener, so a test can play WeChat asking for the privacy consent. */
  onNeedPrivacyAuthorization: jest.fn((_listener: (resolve: (option: object) => void) => void) => undefined),
  openPrivacyContract: jest.fn((_options: { fail?: () => void }) => undefined),
  getCurrentPages: () => pages,
  getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
  setStorageSync: (key: string, value: unknown) => {
    storage.set(key, value);
  },
  removeStorageSync: (key: string) => {
    storage.delete(key);
  },
  /** Test helper: forget storage, pages and recorded calls. */
  __reset() {
    storage.clear();
    pages = [{ route: 'pages/index/index' }];
    Taro.request.mockReset();
    Taro.uploadFile.mockReset();
    Taro.showToast.mockClear();
    Taro.reLaunch.mockClear();
    Taro.navigateTo.mockClear();
    Taro.showModal.mockClear();
    Taro.switchTab.mockClear();
    Taro.pageScrollTo.mockClear();
    Taro.requestSubscribeMessage.mockReset();
    Taro.setTabBarBadge.mockReset();
    Taro.setTabBarBadge.mockImplementation(async () => undefined);
    Taro.removeTabBarBadge.mockReset();
    Taro.removeTabBarBadge.mockImplementation(async () => undefined);
    Taro.login.mockClear();
    Taro.getRandomValues.mockReset();
    Taro.chooseMedia.mockReset();
    Taro.onNeedPrivacyAuthorization.mockClear();
    Taro.openPrivacyContract.mockClear();
  },
};

export default Taro;
