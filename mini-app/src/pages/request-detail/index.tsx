import type { ReactNode } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { KIND_LABELS, formatShanghaiTime, type RequestDetail, type RequestEventView } from '@linli/shared';
import PageState from '../../components/PageState';
import StatusTag from '../../components/StatusTag';
import { useRequest } from '../../hooks/useRequest';
import { useRequireLogin } from '../../hooks/useSession';
import { ApiError } from '../../services/http';
import { getRequest } from '../../services/requests';
import './index.scss';

function Row({ label, children, id }: { label: string; children: ReactNode; id?: string }) {
  return (
    <View className="detail-row">
      <Text className="detail-row__label">{label}</Text>
      <Text className="detail-row__value" id={id}>
        {children}
      </Text>
    </View>
  );
}

/** Oldest first, so the newest event is last. */
function chronological(events: RequestEventView[]): RequestEventView[] {
  return [...events].sort((a, b) => {
    const diff = new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime();
    return diff !== 0 ? diff : a.id - b.id;
  });
}

function Timeline({ events }: { events: RequestEventView[] }) {
  const ordered = chronological(events);
  if (ordered.length === 0) return <Text className="muted">暂无处理记录</Text>;
  return (
    <View className="timeline" id="detail-timeline">
      {ordered.map((event, index) => (
        <View
          key={event.id}
          id={`detail-event-${event.id}`}
          data-action={event.action}
          className={`timeline__item${index === ordered.length - 1 ? ' timeline__item--last' : ''}`}
        >
          <View className="timeline__dot" />
          <View className="timeline__body">
            <View className="timeline__head">
              <Text className="timeline__action">{event.actionLabel}</Text>
              <Text className="muted">{formatShanghaiTime(event.createdAt)}</Text>
            </View>
            <Text className="timeline__actor">
              {event.actorName}
              {event.actorRoleLabel ? `（${event.actorRoleLabel}）` : ''}
            </Text>
            {event.note ? <Text className="timeline__note">{event.note}</Text> : null}
          </View>
        </View>
      ))}
    </View>
  );
}

function Detail({ detail, created }: { detail: RequestDetail; created: boolean }) {
  // The server masks the number (138****5678) for everyone but the resident who filed it and the
  // staff handling it; show what it sends.
  const phone = detail.contactPhone;
  return (
    <>
      {created ? (
        <View className="detail-created" id="detail-created">
          提交成功，编号 {detail.number}。物业客服会尽快受理，请留意处理进度。
        </View>
      ) : null}
      <View className="card detail-head">
        <View className="detail-head__top">
          <Text className="detail-head__number" id="detail-number">
            {detail.number}
          </Text>
          <View id="detail-status" data-status={detail.status}>
            <StatusTag status={detail.status} />
          </View>
        </View>
        <Text className="detail-head__category" id="detail-category">
          {KIND_LABELS[detail.kind] ?? detail.kind} · {detail.categoryName}
        </Text>
        <Text className="muted">提交于 {formatShanghaiTime(detail.createdAt)}</Text>
      </View>

      <View className="card">
        <View className="card__title">
          <Text>投诉内容</Text>
        </View>
        <Text className="detail-content" id="detail-content">
          {detail.content}
        </Text>
        <View className="detail-rows">
          <Row label="发生地点" id="detail-place">
            {detail.occurredPlace || '未填写'}
          </Row>
          <Row label="发生时间" id="detail-occurred-at">
            {detail.occurredAt ? formatShanghaiTime(detail.occurredAt) : '未填写'}
          </Row>
          <Row label="业主要求" id="detail-demand">
            {detail.demand || '未填写'}
          </Row>
        </View>
      </View>

      <View className="card">
        <View className="card__title">
          <Text>相关信息</Text>
        </View>
        <Row label="房屋" id="detail-house">
          {detail.roomLabel || '—'}
        </Row>
        <Row label="联系人" id="detail-contact">
          {detail.contactName} {phone}
        </Row>
        <Row label="处理部门" id="detail-department">
          {detail.departmentName || '待分派'}
        </Row>
        {detail.gradeLabel ? <Row label="类别">{detail.gradeLabel}</Row> : null}
        {detail.sourceLabel ? <Row label="来源">{detail.sourceLabel}</Row> : null}
      </View>

      <View className="card">
        <View className="card__title">
          <Text>处理进度</Text>
        </View>
        <Timeline events={detail.events ?? []} />
      </View>
    </>
  );
}

export default function RequestDetailPage() {
  const user = useRequireLogin();
  const router = useRouter();
  const id = Number(router.params.id);
  const created = router.params.created === '1';
  const validId = Number.isInteger(id) && id > 0;
  const detail = useRequest(() => getRequest(id), [id], { ready: user !== null && validId });

  usePullDownRefresh(() => {
    void detail.refresh().finally(() => {
      void Taro.stopPullDownRefresh();
    });
  });

  if (!user) return <View className="page" />;

  const notFound = !validId || (detail.error instanceof ApiError && detail.error.status === 404);

  return (
    <View className="page detail-page">
      <PageState
        id="detail"
        loading={validId && detail.loading && !detail.data}
        error={notFound ? undefined : detail.data ? undefined : detail.error}
        onRetry={() => void detail.refresh()}
        empty={notFound}
        emptyText="诉求不存在，或您无权查看"
        rows={8}
      >
        {detail.data ? <Detail detail={detail.data} created={created} /> : null}
      </PageState>
    </View>
  );
}
