import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { type ActionName, type RequestDetail } from '@linli/shared';
import { useNow } from '../../hooks/useNow';
import { ApiError, errorMessage } from '../../services/http';
import { runAction } from '../../services/requests';
import { applyTypesFor } from '../../utils/approvals';
import { urgeState } from '../../utils/urge';
import ActionForm, { type SubmitOutcome } from '../ActionForm';
import ApprovalForm, { applyButtonLabel, tapApply, type ApplyOutcome } from '../ApprovalForm';
import {
  ACTION_FORMS,
  buttonLabel,
  errorsByField,
  orderedActions,
  toActionPayload,
  initialValues,
} from '../ActionForm/spec';
import { ACTION_TOASTS } from './toasts';
import './index.scss';

export interface RequestActionsState {
  /** The action whose form is open. */
  formAction: ActionName | null;
  setFormAction: (action: ActionName | null) => void;
}

/**
 * The buttons for what the server lists in `detail.actions` (`#action-<name>`), the action form,
 * and sending: every call carries `version: detail.version`. On 409 (someone acted first, or the
 * step is no longer allowed) and 429 (urged too soon) the server's message is shown as
 * `#detail-conflict` and the request is reloaded.
 */
export default function RequestActions(props: {
  detail: RequestDetail;
  /** The request as the server answered the action. */
  onChanged: (detail: RequestDetail) => void;
  onReload: () => Promise<unknown>;
  state: RequestActionsState;
  /** Shown elsewhere on the page (e.g. fee confirmation on the fee card). */
  exclude?: ActionName[];
  /** Staff may ask for an approval (申请审批) on the request. */
  canApply?: boolean;
}) {
  const { detail, onChanged, onReload, state, exclude = [], canApply = false } = props;
  const [running, setRunning] = useState<ActionName | null>(null);
  const [conflict, setConflict] = useState('');
  const [applying, setApplying] = useState(false);
  // The invalid ruling has its own 判定无效 button; the form offers only what the status allows.
  const applyShown = canApply && applyTypesFor(detail.status, [], detail).length > 0;
  // Re-render every 30 s for the countdown; read the clock itself, not the tick's stale value.
  useNow(30_000);
  const actions = orderedActions(detail.actions ?? []);
  const shown = actions.filter((action) => !exclude.includes(action));
  const urge = urgeState(detail.nextUrgeAt, Date.now());
  const urgeTold = lastUrgeTold(detail);

  const send = async (action: ActionName, body: Record<string, unknown>): Promise<SubmitOutcome> => {
    setRunning(action);
    try {
      const next = await runAction(detail.id, action, body);
      setConflict('');
      state.setFormAction(null);
      onChanged(next);
      // An urge says who it reached (the server's own account of it), not a promise.
      const told = action === 'urge' ? lastUrgeTold(next) : null;
      void Taro.showToast({
        title: told ? `已催办，${told}` : ACTION_TOASTS[action],
        icon: 'none',
        duration: told ? 3500 : 2000,
      });
      return { done: true };
    } catch (error) {
      if (error instanceof ApiError && (error.status === 409 || error.status === 429 || error.status === 404)) {
        const message =
          error.status === 409
            ? `${error.message}。页面已更新为最新状态，请确认后再操作。`
            : error.message || '操作未成功，请稍后再试';
        setConflict(message);
        state.setFormAction(null);
        void Taro.showToast({ title: error.message, icon: 'none', duration: 2500 });
        void onReload();
        return { done: true };
      }
      if (error instanceof ApiError && error.hasFieldErrors) {
        return { done: false, fieldErrors: errorsByField(error.details), message: error.message };
      }
      void Taro.showToast({ title: errorMessage(error), icon: 'none', duration: 2500 });
      return { done: false, message: errorMessage(error) };
    } finally {
      setRunning(null);
    }
  };

  /**
   * 转部门 from the dispatch sheet: the request moves, the sheet stays open on the new department
   * (a reassign becomes a dispatch, as the transfer puts the request back in the queue).
   */
  const transferInPlace = async (departmentId: number, note: string): Promise<string | null> => {
    try {
      const next = await runAction(detail.id, 'transfer', { departmentId, note, version: detail.version });
      onChanged(next);
      if (state.formAction === 'reassign' && next.actions?.includes('dispatch')) state.setFormAction('dispatch');
      void Taro.showToast({ title: `已转至${next.departmentName ?? '新部门'}`, icon: 'none', duration: 2000 });
      return null;
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) void onReload();
      return errorMessage(error);
    }
  };

  const applied = (outcome: ApplyOutcome) => {
    setApplying(false);
    if ('conflict' in outcome) {
      setConflict(`${outcome.conflict}。页面已更新为最新状态，请确认后再操作。`);
    } else {
      setConflict('');
    }
    // The request's timeline now has the 申请审批 step (or the request moved on).
    void onReload();
  };

  const tap = (action: ActionName) => {
    if (running) return;
    if (action === 'urge' && !urge.allowed) return;
    const spec = ACTION_FORMS[action];
    if (!spec.direct) {
      state.setFormAction(action);
      return;
    }
    const built = toActionPayload(action, initialValues(action, detail), detail.version);
    if (built.ok) void send(built.action, built.body);
  };

  return (
    <>
      {conflict ? (
        <View className="detail-conflict" id="detail-conflict">
          <Text>{conflict}</Text>
        </View>
      ) : null}
      {shown.length > 0 || applyShown ? (
        <View className="card request-actions" id="detail-actions" data-actions={shown.join(' ')}>
          <View className="request-actions__buttons">
            {shown.map((action) => {
              const spec = ACTION_FORMS[action];
              const waiting = action === 'urge' && !urge.allowed;
              return (
                <Button
                  key={action}
                  id={`action-${action}`}
                  className="request-actions__button"
                  size="small"
                  type={spec.tone === 'primary' ? 'primary' : spec.tone === 'danger' ? 'danger' : 'default'}
                  fill={spec.tone === 'primary' ? 'solid' : 'outline'}
                  loading={running === action}
                  disabled={waiting || (running !== null && running !== action)}
                  onClick={() => tap(action)}
                >
                  {buttonLabel(action)}
                </Button>
              );
            })}
            {applyShown ? (
              <Button
                id="request-apply-approval"
                className="request-actions__button"
                size="small"
                fill="outline"
                disabled={running !== null}
                onClick={() => tapApply(detail, () => setApplying(true))}
              >
                {applyButtonLabel(detail)}
              </Button>
            ) : null}
          </View>
          {actions.includes('urge') && !urge.allowed ? (
            <Text className="muted request-actions__hint" id="detail-urge-wait">
              已催办，{urge.at} 后可再次催办（还需 {urge.remaining}）
            </Text>
          ) : null}
          {actions.includes('urge') && urgeTold ? (
            <Text className="muted request-actions__hint" id="detail-urge-told">
              上次催办：{urgeTold}
            </Text>
          ) : null}
        </View>
      ) : null}
      {state.formAction ? (
        <ActionForm
          key={state.formAction}
          detail={detail}
          action={state.formAction}
          onClose={() => state.setFormAction(null)}
          submit={send}
          transferInPlace={
            (state.formAction === 'dispatch' || state.formAction === 'reassign') && actions.includes('transfer')
              ? transferInPlace
              : undefined
          }
        />
      ) : null}
      {applying ? <ApprovalForm detail={detail} onClose={() => setApplying(false)} onDone={applied} /> : null}
    </>
  );
}

/** Who the latest urge reached, as the server recorded it on the urge's timeline event. */
function lastUrgeTold(detail: RequestDetail): string | null {
  const urges = (detail.events ?? []).filter((event) => event.action === 'urge').sort((a, b) => b.id - a.id);
  const told = urges[0]?.data?.told;
  return typeof told === 'string' && told ? told : null;
}
