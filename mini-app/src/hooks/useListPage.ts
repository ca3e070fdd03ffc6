import { useEffect, useRef, type DependencyList } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import type { PagedList } from './usePagedList';

/**
 * The page events of a list page: load when enabled (and again when `deps` change), reload when
 * the page shows again (back from a detail) and on pull-down, load more at the bottom.
 */
export function useListPage<T>(list: PagedList<T>, enabled: boolean, deps: DependencyList = []): void {
  useEffect(() => {
    if (enabled) void list.reload();
  }, [enabled, ...deps]);

  const firstShow = useRef(true);
  useDidShow(() => {
    if (firstShow.current) {
      firstShow.current = false;
      return;
    }
    if (enabled) void list.reload();
  });

  usePullDownRefresh(() => {
    void (enabled ? list.reload() : Promise.resolve()).finally(() => {
      void Taro.stopPullDownRefresh();
    });
  });

  useReachBottom(() => {
    if (enabled) void list.loadMore();
  });
}
