import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { PagedList as PagedListState } from '../../hooks/usePagedList';
import PagedList from '../PagedList';
import './index.scss';

export interface AdminColumn<T> {
  key: string;
  label: string;
  render: (item: T) => ReactNode;
}

/**
 * The list page of every admin resource on `PagedList`: a card per row on a phone
 * (`#<id>-row-<key>`: the title, then the other columns on as few lines as fit), a table with a
 * header from 1024 px on. The first column is the title.
 */
export default function AdminList<T>(props: {
  id: string;
  list: PagedListState<T>;
  columns: AdminColumn<T>[];
  rowKey: (item: T) => string | number;
  onOpen: (item: T) => void;
  emptyText: string;
  emptyAction?: ReactNode;
  unit?: string;
}) {
  const { id, list, columns, rowKey, onOpen, emptyText, emptyAction, unit } = props;
  return (
    <View className="admin-list">
      <PagedList
        id={id}
        list={list}
        unit={unit}
        emptyText={emptyText}
        emptyAction={emptyAction}
        header={
          <View className="admin-list__head">
            {columns.map((column, index) => (
              <Text key={column.key} className={`admin-list__cell${index === 0 ? ' admin-list__cell--title' : ''}`}>
                {column.label}
              </Text>
            ))}
          </View>
        }
        renderItem={(item) => (
          <View
            key={rowKey(item)}
            className="card admin-list__row"
            id={`${id}-row-${rowKey(item)}`}
            onClick={() => onOpen(item)}
          >
            {columns.map((column, index) => (
              <View key={column.key} className={`admin-list__cell${index === 0 ? ' admin-list__cell--title' : ''}`}>
                {index === 0 ? null : <Text className="admin-list__label">{column.label}</Text>}
                {column.render(item)}
              </View>
            ))}
          </View>
        )}
      />
    </View>
  );
}
