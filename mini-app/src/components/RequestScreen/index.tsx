import { useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { LIFECYCLE_ACTIONS, type ActionName, type RequestDetail } from '@linli/shared';
import { useRequest } from '../../hooks/useRequest';
import { useRequireLogin } from '../../hooks/useSession';
import { ApiError } from '../../services/http';
import { canRequestApprovals } from '../../utils/routes';
import { getRequest } from '../../services/requests';
import { prefetchSubscribeAsks } from '../../services/subscriptions';
import CallbackNotice from '../CallbackNotice';
import PageState from '../PageState';
import PrivacyPopup from '../PrivacyPopup';
import RequestActions from '../RequestActions';
import RequestDetailView, { actionsShownOnCards } from '../RequestDetailView';

function isActionName(value: string | undefined): value is ActionName {
  return !!value && value !== 'create' && (LIFECYCLE_ACTIONS as readonly string[]).includes(value);
}

/**
 * A request's page for any role: loads `/api/requests/:id`, shows it, and offers the actions the
 * server allows the caller. `autoAction` opens that action's form once it is allowed (e.g.
 * 回访 from the 待回访 list). Pull down or come back to the page to reload.
 */
export default function RequestScreen(props: { id: number; created?: boolean; autoAction?: string }) {
  const { id, created = false, autoAction } = props;
  const user = useRequireLogin();
  const validId = Number.isInteger(id) && id > 0;
  const detail = useRequest<RequestDetail>(() => getRequest(id), [id], { ready: user !== null && validId });
  const [formAction, setFormAction] = useState<ActionName | null>(null);
  const autoOpened = useRef(false);
  const isResident = user?.role === 'resident';

  // The rate and confirm_fee submits ask WeChat first thing in the tap, from these cached asks.
  useEffect(() => {
    if (isResident) void prefetchSubscribeAsks(['rate', 'confirm_fee']);
  }, [isResident]);

  // 回访 from 待回访 on a complaint not summed up yet: 总结 first, then the callback form follows.
  const callbackAfterSummary = useRef(false);
  useEffect(() => {
    const data = detail.data;
    if (!data) return;
    if (callbackAfterSummary.current && data.summary && data.actions.includes('callback')) {
      callbackAfterSummary.current = false;
      setFormAction('callback');
      return;
    }
    if (autoOpened.current || !isActionName(autoAction)) return;
    autoOpened.current = true;
    if (data.actions.includes(autoAction)) setFormAction(autoAction);
    else if (autoAction === 'callback' && !data.summary && data.actions.includes('summarize')) {
      callbackAfterSummary.current = true;
      setFormAction('summarize');
    }
  }, [detail.data, autoAction]);

  usePullDownRefresh(() => {
    void detail.refresh().finally(() => {
      void Taro.stopPullDownRefresh();
    });
  });

  const firstShow = useRef(true);
  useDidShow(() => {
    if (firstShow.current) {
      firstShow.current = false;
      return;
    }
    if (user && validId && !formAction) void detail.refresh();
  });

  if (!user) return <View className="page" />;

  const notFound = !validId || (detail.error instanceof ApiError && detail.error.status === 404);
  const data = detail.data;

  return (
    <View className="page detail-page">
      <PageState
        id="detail"
        loading={validId && detail.loading && !data}
        error={notFound ? undefined : data ? undefined : detail.error}
        onRetry={() => void detail.refresh()}
        empty={notFound && !data}
        emptyText="诉求不存在，或您无权查看"
        rows={8}
      >
        {data ? (
          <RequestDetailView
            detail={data}
            created={created}
            onAction={setFormAction}
            onCallContact={user.role !== 'resident'}
            actions={
              <>
                <CallbackNotice detail={data} role={user.role} cameToRate={autoAction === 'rate'} />
                <RequestActions
                  detail={data}
                  onChanged={detail.mutate}
                  onReload={detail.refresh}
                  state={{ formAction, setFormAction }}
                  exclude={actionsShownOnCards(data)}
                  canApply={canRequestApprovals(user.role)}
                />
              </>
            }
          />
        ) : null}
      </PageState>
      <PrivacyPopup />
    </View>
  );
}
