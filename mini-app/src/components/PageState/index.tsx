import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Empty, Skeleton } from '@nutui/nutui-react-taro';
import { errorMessage } from '../../services/http';
import './index.scss';

type Glyph = 'empty' | 'error' | 'network';

/** A local picture for NutUI's Empty (its default images live on a CDN). */
export function StateGlyph({ kind }: { kind: Glyph }) {
  const text = kind === 'empty' ? '空' : kind === 'network' ? '网' : '!';
  return <View className={`state-glyph state-glyph--${kind}`}>{text}</View>;
}

export interface PageStateProps {
  /** Prefix for the ids of the state blocks (e.g. `requests` → `#requests-error`). */
  id: string;
  loading: boolean;
  error?: unknown;
  /** Shown instead of the children when true (and not loading / failed). */
  empty?: boolean;
  emptyText?: string;
  /** e.g. a button to create the first item. */
  emptyAction?: ReactNode;
  onRetry?: () => void;
  /** Overrides the error's own message (e.g. a friendlier word for a 404). */
  errorText?: string;
  /** Inside a card: the empty state is one line of text, without the picture. */
  compact?: boolean;
  /** Skeleton rows while loading. */
  rows?: number;
  children?: ReactNode;
}

/** Loading skeleton, error with 重试, or an empty state; the children otherwise. */
export default function PageState(props: PageStateProps) {
  const { id, loading, error, errorText, empty, emptyText, emptyAction, onRetry, compact, rows = 4, children } = props;
  if (loading) {
    return (
      <View className="page-state page-state--loading" id={`${id}-loading`}>
        <Skeleton rows={rows} animated />
      </View>
    );
  }
  if (error) {
    const offline = !(error instanceof Error) || (error as { status?: number }).status === 0;
    return (
      <View className="page-state" id={`${id}-error`}>
        <Empty
          size="small"
          status={offline ? 'network' : 'error'}
          image={<StateGlyph kind={offline ? 'network' : 'error'} />}
          title={offline ? '网络开小差了' : '加载失败'}
          description={errorText ?? errorMessage(error)}
        >
          {onRetry ? (
            <Button className="page-state__action" id={`${id}-retry`} size="small" type="primary" onClick={onRetry}>
              重试
            </Button>
          ) : null}
        </Empty>
      </View>
    );
  }
  if (empty && compact) {
    return (
      <View className="page-state page-state--compact" id={`${id}-empty`}>
        <Text className="muted">{emptyText ?? '暂无内容'}</Text>
        {emptyAction ? <View className="page-state__action">{emptyAction}</View> : null}
      </View>
    );
  }
  if (empty) {
    return (
      <View className="page-state" id={`${id}-empty`}>
        <Empty size="small" image={<StateGlyph kind="empty" />} description={emptyText ?? '暂无内容'}>
          {emptyAction ? <View className="page-state__action">{emptyAction}</View> : null}
        </Empty>
      </View>
    );
  }
  return <>{children}</>;
}
