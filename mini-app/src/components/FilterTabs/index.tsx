import { Text, View } from '@tarojs/components';
import './index.scss';

export interface FilterTab<K extends string> {
  key: K;
  label: string;
  /** A number badge (e.g. from /api/tasks/counts); hidden when undefined. */
  count?: number;
}

/** Tabs over a list (`#<idPrefix>-tab-<key>`, `data-active`; counts `#<idPrefix>-count-<key>`). */
export default function FilterTabs<K extends string>(props: {
  idPrefix: string;
  tabs: FilterTab<K>[];
  value: K;
  onChange: (key: K) => void;
}) {
  const { idPrefix, tabs, value, onChange } = props;
  return (
    <View className="filter-tabs" id={`${idPrefix}-tabs`}>
      {tabs.map((tab) => (
        <View
          key={tab.key}
          id={`${idPrefix}-tab-${tab.key}`}
          data-active={tab.key === value ? 'true' : 'false'}
          className={`filter-tabs__tab${tab.key === value ? ' filter-tabs__tab--active' : ''}`}
          onClick={() => onChange(tab.key)}
        >
          <Text>{tab.label}</Text>
          {tab.count !== undefined ? (
            <Text
              className={`filter-tabs__count${tab.count === 0 ? ' filter-tabs__count--zero' : ''}`}
              id={`${idPrefix}-count-${tab.key}`}
            >
              {tab.count > 99 ? '99+' : tab.count}
            </Text>
          ) : null}
        </View>
      ))}
    </View>
  );
}
