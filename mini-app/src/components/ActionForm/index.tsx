import { useState } from 'react';
import { Input, ScrollView, Text, Textarea, View } from '@tarojs/components';
import { Button, Popup } from '@nutui/nutui-react-taro';
import {
  GRADE_LABELS,
  GRADES,
  REPAIR_URGENCIES,
  REPAIR_URGENCY_LABELS,
  ROOT_CAUSE_CLASS_LABELS,
  ROOT_CAUSE_CLASSES,
  ROOT_CAUSE_CODES,
  ROOT_CAUSES,
  SATISFACTION_LABELS,
  type ActionName,
  type RequestDetail,
} from '@linli/shared';
import { useRequest } from '../../hooks/useRequest';
import { listDepartments } from '../../services/organization';
import { askSubscriptions } from '../../services/subscriptions';
import { formatFen } from '../../utils/money';
import { SUBSCRIBE_MOMENT_OF_ACTION } from '../../utils/notifications';
import ChoiceChips from '../ChoiceChips';
import FieldError from '../FieldError';
import PhotoPicker from '../PhotoPicker';
import RatingStars from '../RatingStars';
import StaffPicker, { type TransferInPlace } from '../StaffPicker';
import { FeeItemsField, MaterialsField } from './rows';
import {
  ACTION_FORMS,
  SCORE_LABELS,
  formFieldNames,
  initialValues,
  toActionPayload,
  type ActionField,
  type ActionValues,
  type ScoreName,
} from './spec';
import './index.scss';

const FORM = 'action';

/** What submitting answered: closed (done, or refused and reloaded), or field errors to show. */
export type SubmitOutcome = { done: true } | { done: false; fieldErrors?: Record<string, string>; message?: string };

/**
 * One form for every action (`ACTION_FORMS[action]` lists its fields), in a bottom popup
 * (`#action-form`, `data-action`). Validated with the shared `ACTION_PAYLOADS` before sending;
 * field errors (ours or the server's) show under the fields as `#action-error-<field>`.
 */
export default function ActionForm(props: {
  detail: RequestDetail;
  action: ActionName;
  onClose: () => void;
  submit: (action: ActionName, body: Record<string, unknown>) => Promise<SubmitOutcome>;
  /** 转部门 from the dispatch sheet itself, when the caller may transfer the request. */
  transferInPlace?: TransferInPlace;
}) {
  const { detail, action, onClose, submit, transferInPlace } = props;
  const spec = ACTION_FORMS[action];
  const [values, setValues] = useState<ActionValues>(() => initialValues(action, detail));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [photosBusy, setPhotosBusy] = useState(false);
  const needsDepartments = spec.fields.some((f) => f.kind === 'department');
  const departments = useRequest(() => listDepartments(detail.projectId), [detail.projectId], {
    ready: needsDepartments,
  });
  const departmentList = departments.data ?? [];

  const set = <K extends keyof ActionValues>(field: K, value: ActionValues[K]) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    const errorKey = field === 'photos' ? 'photos' : field;
    if (errors[errorKey]) setErrors((previous) => ({ ...previous, [errorKey]: '' }));
  };

  const onSubmit = async () => {
    if (photosBusy) return;
    setFormError('');
    const built = toActionPayload(action, values, detail.version);
    if (!built.ok) {
      setErrors(built.errors);
      const known = formFieldNames(action);
      const other = Object.entries(built.errors).filter(([field]) => !known.includes(field));
      if (other.length > 0) setFormError(other.map(([, message]) => message).join('；'));
      return;
    }
    // Rating and confirming a fee ask residents for subscribe messages; WeChat shows that dialog
    // only from the tap's own turn, so before anything is awaited (a no-op for other roles).
    const moment = SUBSCRIBE_MOMENT_OF_ACTION[built.action];
    const asking = moment ? askSubscriptions(moment) : Promise.resolve();
    setErrors({});
    setSubmitting(true);
    try {
      await asking;
      const outcome = await submit(built.action, built.body);
      if (!outcome.done) {
        if (outcome.fieldErrors) {
          setErrors(outcome.fieldErrors);
          const known = formFieldNames(action);
          const other = Object.entries(outcome.fieldErrors).filter(([field]) => !known.includes(field));
          if (other.length > 0 || outcome.message) {
            setFormError([outcome.message, ...other.map(([, message]) => message)].filter(Boolean).join('；'));
          }
        } else if (outcome.message) {
          setFormError(outcome.message);
        }
      }
    } finally {
      setSubmitting(false);
    }
  };

  const renderField = (field: ActionField, index: number) => {
    switch (field.kind) {
      case 'note':
        return (
          <View className="form-field" key={index}>
            <Text className={`form-label${field.required ? ' form-label--required' : ''}`}>{field.label}</Text>
            <Textarea
              id="action-note"
              className="form-textarea form-textarea--short"
              value={values.note}
              maxlength={field.max}
              fixed
              placeholder={field.placeholder ?? (field.required ? '请填写' : '选填')}
              onInput={(e) => set('note', e.detail.value)}
            />
            <Text className="form-counter">
              {values.note.length}/{field.max}
            </Text>
            <FieldError form={FORM} field="note" message={errors.note} />
          </View>
        );
      case 'text':
        return (
          <View className="form-field" key={index}>
            <Text className={`form-label${field.required ? ' form-label--required' : ''}`}>{field.label}</Text>
            {field.multiline ? (
              <Textarea
                id={`action-${field.name}`}
                className="form-textarea form-textarea--short"
                value={values[field.name]}
                maxlength={field.max}
                fixed
                placeholder={field.required ? '请填写' : '选填'}
                onInput={(e) => set(field.name, e.detail.value)}
              />
            ) : (
              <Input
                id={`action-${field.name}`}
                className="form-input"
                value={values[field.name]}
                maxlength={field.max}
                placeholder={field.required ? '请填写' : '选填'}
                onInput={(e) => set(field.name, e.detail.value)}
              />
            )}
            <FieldError form={FORM} field={field.name} message={errors[field.name]} />
          </View>
        );
      case 'photos':
        return (
          <View className="form-field" key={index}>
            <PhotoPicker
              id="action-photos"
              value={values.photos}
              onChange={(photos) => set('photos', photos)}
              onBusyChange={setPhotosBusy}
            />
            <FieldError form={FORM} field="photos" message={errors.photos} />
          </View>
        );
      case 'materials':
        return (
          <MaterialsField
            key={index}
            rows={values.materials}
            onChange={(rows) => set('materials', rows)}
            error={errors.materials}
          />
        );
      case 'feeItems':
        return (
          <FeeItemsField
            key={index}
            rows={values.feeItems}
            onChange={(rows) => set('feeItems', rows)}
            error={errors.feeItems}
          />
        );
      case 'grade':
        // A repair is asked how urgent it is: the grades A–E classify complaints.
        if (detail.kind === 'repair') {
          return (
            <View className="form-field" key={index}>
              <Text className="form-label">紧急程度</Text>
              <ChoiceChips
                idPrefix="action-urgency"
                choices={REPAIR_URGENCIES.map((urgency) => ({ id: urgency, label: REPAIR_URGENCY_LABELS[urgency] }))}
                value={values.urgency}
                onChange={(urgency) => set('urgency', urgency)}
              />
              <FieldError form={FORM} field="urgency" message={errors.urgency} />
            </View>
          );
        }
        return (
          <View className="form-field" key={index}>
            <Text className="form-label">等级</Text>
            <ChoiceChips
              idPrefix="action-grade"
              choices={GRADES.map((grade) => ({ id: grade, label: `${grade} ${GRADE_LABELS[grade]}` }))}
              value={values.grade}
              onChange={(grade) => set('grade', grade)}
            />
            <FieldError form={FORM} field="grade" message={errors.grade} />
          </View>
        );
      case 'department':
        return (
          <View className="form-field" key={index}>
            <Text className={`form-label${field.required ? ' form-label--required' : ''}`}>{field.label}</Text>
            {departments.loading ? (
              <Text className="muted">正在加载部门…</Text>
            ) : departments.error ? (
              <Text className="field-error" id="action-departments-error" onClick={() => void departments.refresh()}>
                部门加载失败，点此重试
              </Text>
            ) : (
              <ChoiceChips
                idPrefix="action-department"
                choices={[
                  ...(field.required ? [] : [{ id: 0, label: '默认' }]),
                  // A department nobody there can take it from is a dead end: shown, not offered.
                  ...departmentList.map((d) => ({
                    id: d.id,
                    label: d.dispatchable === 0 ? `${d.name}（无人可派）` : d.name,
                    disabled: d.dispatchable === 0 && d.id !== values.departmentId,
                  })),
                ]}
                value={values.departmentId ?? (field.required ? null : 0)}
                onChange={(id) => set('departmentId', id === 0 ? null : id)}
              />
            )}
            <FieldError form={FORM} field="departmentId" message={errors.departmentId} />
          </View>
        );
      case 'assignee':
        return (
          <View className="form-field" key={index}>
            <Text className="form-label form-label--required">处理人</Text>
            <StaffPicker
              id="action-staff"
              departmentId={detail.departmentId}
              departmentName={detail.departmentName}
              projectId={detail.projectId}
              value={values.assigneeUserId}
              onChange={(userId) => set('assigneeUserId', userId)}
              transfer={
                transferInPlace
                  ? async (departmentId, note) => {
                      const failed = await transferInPlace(departmentId, note);
                      if (!failed) set('assigneeUserId', null);
                      return failed;
                    }
                  : undefined
              }
            />
            <FieldError form={FORM} field="assigneeUserId" message={errors.assigneeUserId} />
          </View>
        );
      case 'satisfaction':
        return (
          <View className="form-field" key={index}>
            <Text className="form-label form-label--required">满意度</Text>
            <ChoiceChips
              idPrefix="action-satisfaction"
              choices={field.options.map((option) => ({ id: option, label: SATISFACTION_LABELS[option] }))}
              value={values.satisfaction}
              onChange={(satisfaction) => set('satisfaction', satisfaction)}
            />
            {values.satisfaction === 'unsatisfied' ? (
              <Text className="muted action-form__hint">不满意：将退回重新处理（二次处理）。</Text>
            ) : null}
            <FieldError form={FORM} field="satisfaction" message={errors.satisfaction} />
          </View>
        );
      case 'ratingTarget':
        // Only once the resident has rated: otherwise an answer is about the request itself.
        return detail.ratings.length === 0 ? null : (
          <View className="form-field" key={index}>
            <Text className="form-label">答复哪条评价</Text>
            <ChoiceChips
              idPrefix="action-rating"
              choices={[
                { id: 0, label: '不针对评价' },
                ...detail.ratings.map((rating) => ({
                  id: rating.id,
                  label: `${rating.source === 'callback' ? '电话回访' : '业主评价'} · ${rating.satisfactionLabel}`,
                })),
              ]}
              value={values.ratingId ?? 0}
              onChange={(id) => set('ratingId', id === 0 ? null : id)}
            />
            <FieldError form={FORM} field="ratingId" message={errors.ratingId} />
          </View>
        );
      case 'rootCause':
        // 人/机/料/法/环, each with its sub-items (seed 002): one pick, the class follows from it.
        return (
          <View className="form-field" key={index}>
            <Text className="form-label form-label--required">原因分析</Text>
            {ROOT_CAUSE_CLASSES.map((rootClass) => (
              <View className="action-cause" key={rootClass}>
                <Text className="action-cause__class">{ROOT_CAUSE_CLASS_LABELS[rootClass]}</Text>
                <ChoiceChips
                  idPrefix="action-cause"
                  choices={ROOT_CAUSE_CODES.filter((code) => ROOT_CAUSES[code].class === rootClass).map((code) => ({
                    id: code,
                    label: ROOT_CAUSES[code].label,
                  }))}
                  value={values.rootCause}
                  onChange={(rootCause) => set('rootCause', rootCause)}
                />
              </View>
            ))}
            <FieldError form={FORM} field="rootCause" message={errors.rootCause} />
          </View>
        );
      case 'scores':
        return (
          <View className="form-field" key={index}>
            {(['speed', 'quality', 'attitude'] as ScoreName[]).map((name) => (
              <View className="action-score" key={name}>
                <Text className={`action-score__label${field.required ? ' form-label--required' : ''}`}>
                  {SCORE_LABELS[name]}
                </Text>
                <RatingStars id={`action-${name}`} value={values[name]} onChange={(value) => set(name, value)} />
                <FieldError form={FORM} field={name} message={errors[name]} />
              </View>
            ))}
          </View>
        );
    }
  };

  return (
    <Popup visible position="bottom" round closeable title={spec.title} onClose={onClose} className="action-popup">
      <View className="action-form" id="action-form" data-action={action}>
        <ScrollView scrollY className="action-form__body">
          {spec.intro ? <Text className="action-form__intro">{spec.intro}</Text> : null}
          {detail.dispatchWarning && (action === 'accept' || action === 'dispatch' || action === 'reassign') ? (
            <Text className="action-form__warning" id="action-dispatch-warning">
              {detail.dispatchWarning}
            </Text>
          ) : null}
          {action === 'add_info' && detail.infoRequest ? (
            // The question stays in view while the resident writes the answer.
            <Text className="action-form__intro" id="action-info-question">
              物业的问题：{detail.infoRequest.note}
            </Text>
          ) : null}
          {action === 'confirm_fee' && detail.fee ? (
            <Text className="action-form__intro" id="action-fee-summary">
              报价合计 {formatFen(detail.fee.totalFen)}
            </Text>
          ) : null}
          {spec.fields.map(renderField)}
          {formError ? (
            <Text className="field-error" id="action-error-form">
              {formError}
            </Text>
          ) : null}
        </ScrollView>
        <View className="action-form__foot">
          <Button id="action-dismiss" fill="outline" onClick={onClose}>
            取消
          </Button>
          <Button
            id="action-submit"
            type={spec.tone === 'danger' ? 'danger' : 'primary'}
            loading={submitting}
            disabled={submitting || photosBusy}
            onClick={() => void onSubmit()}
          >
            {photosBusy ? '照片上传中…' : spec.submitLabel}
          </Button>
        </View>
      </View>
    </Popup>
  );
}
