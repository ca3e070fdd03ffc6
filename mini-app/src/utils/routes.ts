import Taro from '@tarojs/taro';

/** Page paths, in one place. Tab pages must be opened with switchTab / reLaunch. */
export const HOME_PAGE = '/pages/index/index';
export const REQUESTS_PAGE = '/pages/requests/index';
export const LOGIN_PAGE = '/pages/login/index';
export const HOUSE_BIND_PAGE = '/pages/house-bind/index';
export const COMPLAINT_NEW_PAGE = '/pages/complaint-new/index';
export const REQUEST_DETAIL_PAGE = '/pages/request-detail/index';

export function requestDetailUrl(id: number, created = false): string {
  return `${REQUEST_DETAIL_PAGE}?id=${id}${created ? '&created=1' : ''}`;
}

/** Route of the page on top, e.g. 'pages/login/index' ('' when none yet). */
export function currentRoute(): string {
  try {
    const pages = Taro.getCurrentPages();
    const top = pages[pages.length - 1] as { route?: string; path?: string } | undefined;
    const route = top?.route ?? top?.path ?? '';
    return route.replace(/^\//, '').split('?')[0];
  } catch {
    return '';
  }
}
