import { useEffect, useRef } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { KIND_LABELS, formatShanghaiTime } from '@linli/shared';
import PageState from '../../components/PageState';
import StatusTag from '../../components/StatusTag';
import { usePagedList } from '../../hooks/usePagedList';
import { useRequireLogin } from '../../hooks/useSession';
import { errorMessage } from '../../services/http';
import { myRequests } from '../../services/requests';
import { COMPLAINT_NEW_PAGE, requestDetailUrl } from '../../utils/routes';
import './index.scss';

export default function RequestsPage() {
  const user = useRequireLogin();
  const isResident = user?.role === 'resident';
  const list = usePagedList((page) => myRequests(page));

  useEffect(() => {
    if (isResident) void list.reload();
  }, [isResident]);

  const firstShow = useRef(true);
  useDidShow(() => {
    if (firstShow.current) {
      firstShow.current = false;
      return;
    }
    if (isResident) void list.reload();
  });

  usePullDownRefresh(() => {
    void (isResident ? list.reload() : Promise.resolve()).finally(() => {
      void Taro.stopPullDownRefresh();
    });
  });

  useReachBottom(() => {
    if (isResident) void list.loadMore();
  });

  if (!user) return <View className="page" />;

  if (!isResident) {
    return (
      <View className="page">
        <View className="card" id="requests-staff-note">
          <Text className="muted">“我的诉求”供业主查看自己提交的投诉；员工处理工单的功能正在建设中。</Text>
        </View>
      </View>
    );
  }

  const newComplaint = () => void Taro.navigateTo({ url: COMPLAINT_NEW_PAGE });

  return (
    <View className="page requests-page">
      <PageState
        id="requests"
        loading={list.loading && !list.loaded}
        error={list.loaded ? undefined : list.error}
        onRetry={() => void list.reload()}
        empty={list.loaded && list.items.length === 0}
        emptyText="还没有提交过诉求"
        emptyAction={
          <Button id="requests-new" type="primary" onClick={newComplaint}>
            我要投诉
          </Button>
        }
        rows={6}
      >
        <View className="requests-summary muted" id="requests-total">
          共 {list.total} 条
        </View>
        <View id="requests-list">
          {list.items.map((item) => (
            <View
              key={item.id}
              id={`request-${item.id}`}
              data-number={item.number}
              className="card request-item"
              onClick={() => void Taro.navigateTo({ url: requestDetailUrl(item.id) })}
            >
              <View className="request-item__head">
                <Text className="request-item__number">{item.number}</Text>
                <StatusTag status={item.status} />
              </View>
              <Text className="request-item__category">
                {KIND_LABELS[item.kind] ?? item.kind} · {item.categoryName}
              </Text>
              <Text className="request-item__preview">{item.contentPreview}</Text>
              <Text className="muted">{formatShanghaiTime(item.createdAt)}</Text>
            </View>
          ))}
        </View>
        <View className="requests-more">
          {list.hasMore ? (
            <Button
              id="requests-load-more"
              fill="outline"
              size="small"
              loading={list.loadingMore}
              disabled={list.loadingMore}
              onClick={() => void list.loadMore()}
            >
              {list.moreError ? `加载失败，点此重试（${errorMessage(list.moreError)}）` : '加载更多'}
            </Button>
          ) : (
            <Text className="muted" id="requests-end">
              没有更多了
            </Text>
          )}
        </View>
      </PageState>
    </View>
  );
}
