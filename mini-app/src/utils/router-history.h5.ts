import { history } from '@tarojs/router';
import type { BlockableHistory } from './leave-guard';

/**
 * h5: the history Taro's router navigates with (history v5, set once the router is created; the
 * import is live). Through `@tarojs/taro` it could not be reached: Taro's babel plugin rewrites an
 * unknown named import into a property of its API object, a copy taken before the router exists.
 */
export function routerHistory(): BlockableHistory | undefined {
  return typeof history?.block === 'function' ? (history as unknown as BlockableHistory) : undefined;
}
