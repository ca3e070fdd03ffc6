import type { BlockableHistory } from './leave-guard';

/**
 * The h5 router's history, for holding back a navigation; weapp has none (WeChat owns the page
 * stack). Taro builds `router-history.h5.ts` in its place for h5.
 */
export function routerHistory(): BlockableHistory | undefined {
  return undefined;
}
