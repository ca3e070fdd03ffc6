import { useMemo, useState } from 'react';
import Taro from '@tarojs/taro';
import { ScrollView, Text, Textarea, View } from '@tarojs/components';
import { Button, Popup } from '@nutui/nutui-react-taro';
import {
  APPROVAL_TYPE_LABELS,
  GRADES,
  GRADE_LABELS,
  formatShanghaiTime,
  type ApprovalView,
  type RequestDetail,
} from '@linli/shared';
import { ApiError, errorMessage } from '../../services/http';
import { requestApproval } from '../../services/approvals';
import {
  APPLY_TYPE_HINTS,
  APPLY_WAITING_TOAST,
  EMPTY_APPLY,
  applyTypesFor,
  applyWaiting,
  suggestedNewDue,
  toApprovalInput,
  type ApplyOption,
  type ApplyValues,
} from '../../utils/approvals';
import ChoiceChips from '../ChoiceChips';
import DateTimeField from '../DateTimeField';
import FieldError from '../FieldError';
import SoftTag from '../SoftTag';
import './index.scss';

const FORM = 'apply';
const TEXT_MAX = 500;
const DAY_MS = 24 * 3_600_000;
/** The form's own fields; errors about anything else are shown under the form. */
const FIELDS = ['type', 'grade', 'newDueAt', 'plan', 'reason'];

/** What the form answered: sent, or refused in a way that needs the request reloaded (409). */
export type ApplyOutcome = { sent: ApprovalView } | { conflict: string };

const optionsOf = (detail: RequestDetail): ApplyOption[] =>
  applyTypesFor(detail.status, detail.pendingApprovalTypes ?? [], detail);

/** The 申请审批 button's words: 审批中 once every type that applies awaits a decision. */
export function applyButtonLabel(detail: RequestDetail): string {
  return applyWaiting(optionsOf(detail)) ? '审批中' : '申请审批';
}

/** The 申请审批 button's tap: the form, or only a word while everything that applies waits. */
export function tapApply(detail: RequestDetail, open: () => void): void {
  if (applyWaiting(optionsOf(detail))) {
    void Taro.showToast({ title: APPLY_WAITING_TOAST, icon: 'none', duration: 2000 });
  } else {
    open();
  }
}

/**
 * 申请审批 for staff (`#apply-form`, `data-type`): the types the request's status allows
 * (`#apply-type-<type>`; one already waiting is disabled and tagged 审批中), then the type's fields — the new grade (`#apply-grade-<A–E>`), or the new
 * 办结时限 (`#apply-due`) with a 临时处理方案 (`#apply-plan`) — and the 申请理由 (`#apply-reason`).
 * Checked with the shared `approvalRequestSchema`; field errors (ours or the server's) show as
 * `#apply-error-<field>`.
 */
export default function ApprovalForm(props: {
  detail: RequestDetail;
  onClose: () => void;
  onDone: (outcome: ApplyOutcome) => void;
}) {
  const { detail, onClose, onDone } = props;
  const options = optionsOf(detail);
  const [values, setValues] = useState<ApplyValues>(() => {
    const open = options.filter((option) => !option.pending);
    return { ...EMPTY_APPLY, type: open.length === 1 ? open[0].type : null };
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [picking, setPicking] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const resolutionDue = detail.deadlines?.find((deadline) => deadline.step === 'resolution')?.dueAt ?? null;
  // Fixed while the form is open, so the picker does not jump as the clock moves.
  const dueRange = useMemo(() => {
    const now = Date.now();
    const suggested = suggestedNewDue(resolutionDue, now);
    return { start: new Date(now), end: new Date(suggested.getTime() + 365 * DAY_MS), suggested };
  }, [resolutionDue]);

  const set = <K extends keyof ApplyValues>(field: K, value: ApplyValues[K]) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    if (errors[field] || errors.form) setErrors((previous) => ({ ...previous, [field]: '', form: '' }));
  };

  const submit = async () => {
    if (submitting) return;
    const built = toApprovalInput(values);
    if (!built.ok) {
      setErrors(withFormError(built.errors));
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      const sent = await requestApproval(detail.id, built.input);
      void Taro.showToast({ title: '已提交审批', icon: 'success', duration: 2000 });
      onDone({ sent });
    } catch (error) {
      if (error instanceof ApiError && error.hasFieldErrors) {
        setErrors(withFormError(error.fieldErrors));
      } else if (error instanceof ApiError && (error.status === 409 || error.status === 404)) {
        onDone({ conflict: error.message });
      } else {
        setErrors({ form: errorMessage(error) });
      }
    } finally {
      setSubmitting(false);
    }
  };

  const type = values.type;
  return (
    <Popup visible position="bottom" round closeable title="申请审批" onClose={onClose} className="apply-popup">
      <View className="apply-form" id="apply-form" data-type={type ?? ''}>
        <ScrollView scrollY className="apply-form__body">
          <View className="form-field">
            <Text className="form-label form-label--required">审批类型</Text>
            <ChoiceChips
              idPrefix="apply-type"
              choices={options.map(({ type: id, pending }) => ({
                id,
                label: APPROVAL_TYPE_LABELS[id],
                disabled: pending,
                tag: pending ? (
                  <SoftTag tone="orange" className="apply-form__pending">
                    审批中
                  </SoftTag>
                ) : null,
              }))}
              value={type}
              onChange={(next) => set('type', next)}
            />
            {type ? <Text className="apply-form__hint">{APPLY_TYPE_HINTS[type]}</Text> : null}
            <FieldError form={FORM} field="type" message={errors.type} />
          </View>

          {type === 'grade_change' ? (
            <View className="form-field">
              <Text className="form-label form-label--required">新的等级</Text>
              <ChoiceChips
                idPrefix="apply-grade"
                choices={GRADES.map((grade) => ({
                  id: grade,
                  label: `${grade} ${GRADE_LABELS[grade]}${grade === detail.grade ? '（当前）' : ''}`,
                  disabled: grade === detail.grade,
                }))}
                value={values.grade}
                onChange={(grade) => set('grade', grade)}
              />
              <FieldError form={FORM} field="grade" message={errors.grade} />
            </View>
          ) : null}

          {type === 'extension' ? (
            <>
              <View className="form-field">
                <Text className="form-label form-label--required">新的办结时限</Text>
                <Text className="muted apply-form__current" id="apply-current-due">
                  当前办结时限：{resolutionDue ? formatShanghaiTime(resolutionDue) : '未设定'}
                </Text>
                <DateTimeField
                  id="apply-due"
                  title="新的办结时限"
                  placeholder="选择日期和时间"
                  value={values.newDueAt}
                  onChange={(value) => set('newDueAt', value)}
                  open={picking}
                  onOpenChange={setPicking}
                  startDate={dueRange.start}
                  endDate={dueRange.end}
                  defaultValue={dueRange.suggested}
                />
                <FieldError form={FORM} field="newDueAt" message={errors.newDueAt} />
              </View>
              <View className="form-field">
                <Text className="form-label form-label--required">临时处理方案</Text>
                <Textarea
                  id="apply-plan"
                  className="form-textarea form-textarea--short"
                  value={values.plan}
                  maxlength={TEXT_MAX}
                  fixed
                  placeholder="等待期间如何处理，如：已临时关闭阀门，每天上门查看"
                  onInput={(e) => set('plan', e.detail.value)}
                />
                <FieldError form={FORM} field="plan" message={errors.plan} />
              </View>
            </>
          ) : null}

          {type ? (
            <View className="form-field">
              <Text className="form-label form-label--required">申请理由</Text>
              <Textarea
                id="apply-reason"
                className="form-textarea form-textarea--short"
                value={values.reason}
                maxlength={TEXT_MAX}
                fixed
                placeholder="为什么需要审批，审批人会看到"
                onInput={(e) => set('reason', e.detail.value)}
              />
              <Text className="form-counter">
                {values.reason.length}/{TEXT_MAX}
              </Text>
              <FieldError form={FORM} field="reason" message={errors.reason} />
            </View>
          ) : null}
          <FieldError form={FORM} field="form" message={errors.form} />
        </ScrollView>
        <View className="apply-form__foot">
          <Button id="apply-dismiss" fill="outline" onClick={onClose}>
            取消
          </Button>
          <Button
            id="apply-submit"
            type="primary"
            loading={submitting}
            disabled={submitting}
            onClick={() => void submit()}
          >
            提交审批
          </Button>
        </View>
      </View>
    </Popup>
  );
}

/** Errors about fields the form does not show (e.g. `(body)`) are collected under it. */
function withFormError(errors: Record<string, string>): Record<string, string> {
  const other = Object.entries(errors).filter(([field]) => !FIELDS.includes(field));
  return other.length > 0 ? { ...errors, form: other.map(([, message]) => message).join('；') } : errors;
}
