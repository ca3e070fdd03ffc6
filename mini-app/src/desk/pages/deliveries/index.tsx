import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { NOTIFICATION_TOPIC_LABELS, formatShanghaiTime, type DeliveryChannel, type DeliveryView } from '@linli/shared';
import PagedList from '../../../components/PagedList';
import SoftTag, { type Tone } from '../../../components/SoftTag';
import { useListPage } from '../../../hooks/useListPage';
import { usePagedList } from '../../../hooks/usePagedList';
import { useRequireLogin } from '../../../hooks/useSession';
import { ApiError } from '../../../services/http';
import { failedDeliveries, retryDelivery } from '../../../services/notifications';
import { canSeeDeliveries } from '../../../utils/routes';
import './index.scss';

const CHANNELS: Record<DeliveryChannel, { label: string; tone: Tone }> = {
  subscribe: { label: '订阅消息', tone: 'blue' },
  template: { label: '公众号', tone: 'green' },
};

function errorLine(delivery: DeliveryView): string {
  const parts = [delivery.lastErrcode !== null ? `错误码 ${delivery.lastErrcode}` : '', delivery.lastError ?? ''];
  return parts.filter(Boolean).join('：') || '未记录错误原因';
}

/**
 * 消息发送失败: WeChat messages that gave up after their retries (`#delivery-<id>`), for managers
 * and admins; `#delivery-<id>-retry` queues one again after a confirmation.
 */
export default function DeliveriesPage() {
  const user = useRequireLogin();
  const allowed = canSeeDeliveries(user?.role);
  const list = usePagedList((page) => failedDeliveries(page));
  useListPage(list, allowed);
  const [busyId, setBusyId] = useState<number | null>(null);
  // Requeued rows stay until the next reload so that the manager sees what the tap did.
  const [requeued, setRequeued] = useState<Record<number, DeliveryView>>({});

  if (!user) return <View className="page" />;
  if (!allowed) {
    return (
      <View className="page">
        <View className="card muted" id="deliveries-forbidden">
          消息发送记录供项目经理和公司管理员查看。
        </View>
      </View>
    );
  }

  const retry = async (delivery: DeliveryView) => {
    const answer = await Taro.showModal({
      title: '重新发送',
      content: `重新向${delivery.recipientName}发送「${delivery.title}」？`,
      confirmText: '重试',
      confirmColor: '#18a574',
    }).catch(() => ({ confirm: false }));
    if (!answer.confirm) return;
    setBusyId(delivery.id);
    try {
      const next = await retryDelivery(delivery.id);
      setRequeued((previous) => ({ ...previous, [delivery.id]: next }));
      void Taro.showToast({ title: '已重新排队', icon: 'none' });
    } catch (error) {
      // Someone else retried it, or it is gone: show the list as it is now.
      if (error instanceof ApiError && (error.status === 404 || error.status === 409)) void list.reload();
    } finally {
      setBusyId(null);
    }
  };

  return (
    <View className="page deliveries-page">
      <PagedList
        id="deliveries"
        list={list}
        emptyText="没有发送失败的消息"
        renderItem={(delivery) => {
          const done = requeued[delivery.id];
          const channel = CHANNELS[delivery.channel] ?? { label: delivery.channel, tone: 'grey' };
          const topic = NOTIFICATION_TOPIC_LABELS[delivery.topic];
          return (
            <View
              className="card delivery"
              key={delivery.id}
              id={`delivery-${delivery.id}`}
              data-status={done?.status ?? delivery.status}
              data-channel={delivery.channel}
            >
              <View className="delivery__head">
                <Text className="delivery__who">{delivery.recipientName}</Text>
                <SoftTag tone={channel.tone}>{channel.label}</SoftTag>
              </View>
              <Text className="delivery__title">
                {delivery.title}
                {/* The topic only when the title does not already say it (新任务：… · 新任务). */}
                {topic && !delivery.title.includes(topic) ? ` · ${topic}` : ''}
              </Text>
              {delivery.requestNumber ? <Text className="muted">诉求 {delivery.requestNumber}</Text> : null}
              <Text className="delivery__error" id={`delivery-${delivery.id}-error`}>
                {errorLine(delivery)}
              </Text>
              <Text className="muted" id={`delivery-${delivery.id}-attempts`} data-attempts={delivery.attempts}>
                {`已尝试 ${delivery.attempts} 次 · 最近 ${formatShanghaiTime(delivery.updatedAt)} · 产生于 ${formatShanghaiTime(delivery.createdAt)}`}
              </Text>
              <View className="delivery__actions">
                {done ? (
                  <Text className="delivery__requeued" id={`delivery-${delivery.id}-requeued`}>
                    已重新排队
                  </Text>
                ) : (
                  <Button
                    id={`delivery-${delivery.id}-retry`}
                    size="small"
                    type="primary"
                    fill="outline"
                    loading={busyId === delivery.id}
                    disabled={busyId !== null}
                    onClick={() => void retry(delivery)}
                  >
                    重试
                  </Button>
                )}
              </View>
            </View>
          );
        }}
      />
    </View>
  );
}
