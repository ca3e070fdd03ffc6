import { useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import { Button, Popup } from '@nutui/nutui-react-taro';
import {
  KIND_LABELS,
  ROLE_LABELS,
  approvalDecisionSchema,
  formatShanghaiTime,
  formatZodIssues,
  type ApprovalView,
  type RequestDetail,
} from '@linli/shared';
import DeadlinesCard from '../../../components/Deadlines';
import FieldError from '../../../components/FieldError';
import PageState from '../../../components/PageState';
import { Row } from '../../../components/RequestDetailView';
import SoftTag from '../../../components/SoftTag';
import StatusTag from '../../../components/StatusTag';
import Timeline from '../../../components/Timeline';
import { useRequest } from '../../../hooks/useRequest';
import { useRequireLogin } from '../../../hooks/useSession';
import { decideApproval, getApproval } from '../../../services/approvals';
import { ApiError, errorMessage } from '../../../services/http';
import { getRequest } from '../../../services/requests';
import { APPROVAL_STATUS_TONES, decisionErrors, proposalRows } from '../../../utils/approvals';
import { firstErrors } from '../../../utils/form';
import { canRequestApprovals, detailUrlFor } from '../../../utils/routes';
import './index.scss';

type Decision = 'approve' | 'reject';
const FORM = 'approval';
const COMMENT_MAX = 500;

const DECISIONS: Record<Decision, { title: string; confirm: string; intro: string; done: string }> = {
  approve: { title: '批准申请', confirm: '确认批准', intro: '批准后申请的变更立即生效。', done: '已批准' },
  reject: { title: '驳回申请', confirm: '确认驳回', intro: '驳回后诉求保持原样，申请人会收到通知。', done: '已驳回' },
};

/** 批准 / 驳回 with an optional 审批意见 (an invalid ruling's 驳回 needs one: the server says so). */
function DecisionPopup(props: {
  approval: ApprovalView;
  decision: Decision;
  onClose: () => void;
  onDecided: (approval: ApprovalView) => void;
  onConflict: (message: string) => void;
}) {
  const { approval, decision, onClose, onDecided, onConflict } = props;
  const spec = DECISIONS[decision];
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    if (busy) return;
    const parsed = approvalDecisionSchema.safeParse({ comment: comment.trim() || undefined });
    if (!parsed.success) {
      setErrors(firstErrors(formatZodIssues(parsed.error)));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const decided = await decideApproval(approval.id, decision === 'approve', parsed.data);
      void Taro.showToast({ title: spec.done, icon: 'none', duration: 2000 });
      onDecided(decided);
    } catch (error) {
      if (error instanceof ApiError && error.hasFieldErrors) {
        const fields = decisionErrors(error.fieldErrors);
        const other = Object.entries(fields).filter(([field]) => field !== 'comment');
        setErrors({ ...fields, form: other.map(([, message]) => message).join('；') });
      } else if (error instanceof ApiError && [403, 404, 409].includes(error.status)) {
        // Decided by someone else, the request moved on, or not ours to decide: show it as it is now.
        onConflict(error.message);
      } else {
        setErrors({ form: errorMessage(error) });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Popup visible position="bottom" round closeable title={spec.title} onClose={onClose}>
      <View className="decision-form" id="approval-decision" data-decision={decision}>
        <View className="decision-form__body">
          <Text className="decision-form__intro">
            {approval.typeLabel}：{approval.summary}。{spec.intro}
          </Text>
          <View className="form-field">
            <Text className="form-label">审批意见</Text>
            <Textarea
              id="approval-comment"
              className="form-textarea form-textarea--short"
              value={comment}
              maxlength={COMMENT_MAX}
              fixed
              placeholder={decision === 'reject' ? '说明驳回的原因' : '选填'}
              onInput={(e) => {
                setComment(e.detail.value);
                if (errors.comment) setErrors((previous) => ({ ...previous, comment: '' }));
              }}
            />
            <Text className="form-counter">
              {comment.length}/{COMMENT_MAX}
            </Text>
            <FieldError form={FORM} field="comment" message={errors.comment} />
          </View>
          <FieldError form={FORM} field="form" message={errors.form} />
        </View>
        <View className="decision-form__foot">
          <Button id="approval-cancel" fill="outline" onClick={onClose}>
            取消
          </Button>
          <Button
            id="approval-confirm"
            type={decision === 'reject' ? 'danger' : 'primary'}
            loading={busy}
            disabled={busy}
            onClick={() => void confirm()}
          >
            {spec.confirm}
          </Button>
        </View>
      </View>
    </Popup>
  );
}

/**
 * One approval (`?id=`): what is asked and why, who asked, its status (`#approval-status`,
 * `data-status`), the request with its time limits and timeline, and for those who may decide
 * 批准 `#approval-approve` / 驳回 `#approval-reject` (a popup with 审批意见 `#approval-comment`).
 */
export default function ApprovalPage() {
  const user = useRequireLogin();
  const router = useRouter();
  const id = Number(router.params.id);
  const validId = Number.isInteger(id) && id > 0;
  const allowed = canRequestApprovals(user?.role);
  const approval = useRequest(() => getApproval(id), [id], { ready: allowed && validId });
  const requestId = approval.data?.request.id;
  const detail = useRequest<RequestDetail>(() => getRequest(requestId!), [requestId], {
    ready: requestId !== undefined,
  });
  const [decision, setDecision] = useState<Decision | null>(null);
  const [conflict, setConflict] = useState('');

  const reload = () => Promise.all([approval.refresh(), requestId !== undefined ? detail.refresh() : undefined]);
  const firstShow = useRef(true);
  useDidShow(() => {
    if (firstShow.current) {
      firstShow.current = false;
      return;
    }
    if (allowed && validId && !decision) void reload();
  });
  usePullDownRefresh(() => {
    void reload().finally(() => {
      void Taro.stopPullDownRefresh();
    });
  });

  if (!user) return <View className="page" />;
  if (!allowed) {
    return (
      <View className="page">
        <View className="card muted" id="approval-forbidden">
          审批供物业工作人员使用。
        </View>
      </View>
    );
  }

  const notFound = !validId || (approval.error instanceof ApiError && approval.error.status === 404);
  const data = approval.data;

  return (
    <View className="page approval-page">
      <PageState
        id="approval"
        loading={validId && approval.loading && !data}
        error={notFound || data ? undefined : approval.error}
        onRetry={() => void approval.refresh()}
        empty={notFound && !data}
        emptyText="审批不存在，或您无权查看"
        rows={8}
      >
        {data ? (
          <>
            {conflict ? (
              <View className="approval-conflict" id="approval-conflict">
                <Text>{conflict}</Text>
              </View>
            ) : null}
            <View className="card approval-head">
              <View className="approval-head__top">
                <View id="approval-type" data-type={data.type}>
                  <SoftTag tone="blue">{data.typeLabel}</SoftTag>
                </View>
                <View id="approval-status" data-status={data.status}>
                  <SoftTag tone={APPROVAL_STATUS_TONES[data.status] ?? 'grey'}>{data.statusLabel}</SoftTag>
                </View>
              </View>
              <Text className="approval-head__summary" id="approval-summary">
                {data.summary}
              </Text>
              <Row label="申请理由" id="approval-reason">
                {data.reason}
              </Row>
              {proposalRows(data.proposal).map((row) => (
                <Row key={row.key} label={row.label} id={`approval-proposal-${row.key}`}>
                  {row.value}
                </Row>
              ))}
              <Row label="申请人" id="approval-requester">
                {data.requestedByName} · {formatShanghaiTime(data.requestedAt)}
              </Row>
              <Row label="审批人" id="approval-approver">
                {data.decidedByName ?? ROLE_LABELS[data.approverRole] ?? data.approverRole}
              </Row>
            </View>

            {data.status !== 'pending' ? (
              <View className={`card approval-result approval-result--${data.status}`} id="approval-result">
                <Text className="approval-result__title">
                  {data.statusLabel}
                  {data.decidedAt ? ` · ${formatShanghaiTime(data.decidedAt)}` : ''}
                </Text>
                {data.comment ? (
                  <Text className="approval-result__comment" id="approval-result-comment">
                    审批意见：{data.comment}
                  </Text>
                ) : null}
              </View>
            ) : data.canDecide ? (
              <View className="card approval-actions" id="approval-actions">
                <Button id="approval-reject" fill="outline" type="danger" onClick={() => setDecision('reject')}>
                  驳回
                </Button>
                <Button id="approval-approve" type="primary" onClick={() => setDecision('approve')}>
                  批准
                </Button>
              </View>
            ) : (
              <View className="card muted" id="approval-waiting">
                等待{ROLE_LABELS[data.approverRole] ?? data.approverRole}审批
              </View>
            )}

            <View
              className="card approval-request"
              id="approval-request"
              onClick={() => void Taro.navigateTo({ url: detailUrlFor(user.role, data.request.id) })}
            >
              <View className="approval-request__top">
                <Text className="approval-request__number" id="approval-request-number">
                  {data.request.number}
                </Text>
                <StatusTag status={detail.data?.status ?? data.request.status} />
              </View>
              <Text className="approval-request__category">
                {KIND_LABELS[data.request.kind] ?? data.request.kind} · {data.request.categoryName} ·{' '}
                {data.request.grade}级
              </Text>
              <Text className="approval-request__preview">{data.request.contentPreview}</Text>
              <Text className="card__link">查看诉求 ›</Text>
            </View>

            <PageState
              id="approval-request-detail"
              loading={detail.loading && !detail.data}
              error={detail.data ? undefined : detail.error}
              errorText="诉求加载失败，或您无权查看"
              onRetry={() => void detail.refresh()}
              rows={4}
            >
              {detail.data ? (
                <>
                  <DeadlinesCard deadlines={detail.data.deadlines} />
                  <View className="card">
                    <View className="card__title">
                      <Text>处理进度</Text>
                    </View>
                    <Timeline events={detail.data.events ?? []} />
                  </View>
                </>
              ) : null}
            </PageState>

            {decision ? (
              <DecisionPopup
                key={decision}
                approval={data}
                decision={decision}
                onClose={() => setDecision(null)}
                onDecided={(decided) => {
                  setDecision(null);
                  setConflict('');
                  approval.mutate(decided);
                  // The approval step (and its effect) is on the request's timeline now.
                  void detail.refresh();
                }}
                onConflict={(message) => {
                  setDecision(null);
                  setConflict(`${message}。页面已更新为最新状态。`);
                  void reload();
                }}
              />
            ) : null}
          </>
        ) : null}
      </PageState>
    </View>
  );
}
