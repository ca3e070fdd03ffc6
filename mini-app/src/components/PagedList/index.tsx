import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { countLabel } from '@linli/shared';
import type { PagedList as PagedListState } from '../../hooks/usePagedList';
import { errorMessage } from '../../services/http';
import PageState from '../PageState';
import './index.scss';

/**
 * A paged list with its states: `#<id>-loading` / `#<id>-error` / `#<id>-empty`, then
 * `#<id>-total`, the items in `#<id>-list`, and `#<id>-load-more` or `#<id>-end`.
 */
export default function PagedList<T>(props: {
  id: string;
  list: PagedListState<T>;
  renderItem: (item: T) => ReactNode;
  emptyText: string;
  emptyAction?: ReactNode;
  /** Unit for the total, e.g. 条. */
  unit?: string;
  /** Above the items, under the total, only while there are items (AdminList's table header). */
  header?: ReactNode;
}) {
  const { id, list, renderItem, emptyText, emptyAction, unit = '条', header } = props;
  return (
    <PageState
      id={id}
      loading={list.loading && !list.loaded}
      error={list.loaded ? undefined : list.error}
      onRetry={() => void list.reload()}
      empty={list.loaded && list.items.length === 0}
      emptyText={emptyText}
      emptyAction={emptyAction}
      rows={6}
    >
      <View className="paged-list__summary muted" id={`${id}-total`}>
        共 {countLabel(list.total, list.totalCapped)} {unit}
        {list.loading ? '，刷新中…' : ''}
      </View>
      {header}
      <View id={`${id}-list`}>{list.items.map(renderItem)}</View>
      <View className="paged-list__more">
        {list.hasMore ? (
          <Button
            id={`${id}-load-more`}
            fill="outline"
            size="small"
            loading={list.loadingMore}
            disabled={list.loadingMore}
            onClick={() => void list.loadMore()}
          >
            {list.moreError ? `加载失败，点此重试（${errorMessage(list.moreError)}）` : '加载更多'}
          </Button>
        ) : (
          <Text className="muted" id={`${id}-end`}>
            没有更多了
          </Text>
        )}
      </View>
    </PageState>
  );
}
