import { useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Input, ScrollView, Text, View } from '@tarojs/components';
import { Button, Popup } from '@nutui/nutui-react-taro';
import {
  GRADES,
  GRADE_LABELS,
  KIND_LABELS,
  REQUEST_KINDS,
  SLA_STEPS,
  SLA_STEP_LABELS,
  type Grade,
  type RequestKind,
  type SlaPolicyView,
} from '@linli/shared';
import CategoryPicker from '../../../components/CategoryPicker';
import ChoiceChips from '../../../components/ChoiceChips';
import FieldError from '../../../components/FieldError';
import PageState from '../../../components/PageState';
import { useRequest } from '../../../hooks/useRequest';
import { useRequireLogin } from '../../../hooks/useSession';
import { listCategories } from '../../../services/categories';
import { ApiError } from '../../../services/http';
import { createSlaPolicy, deleteSlaPolicy, listSlaPolicies, updateSlaPolicy } from '../../../services/sla';
import { ADMIN_CALENDAR_PAGE, canEditTimeLimits, canSeeTimeLimits } from '../../../utils/routes';
import { ANY, EMPTY_RULE, UNIT_CHOICES, checkLimit, checkRule, groupByStep, scopeText, type RuleDraft } from './rules';
import './index.scss';

const EDIT = 'policy-edit';
const NEW = 'policy-new';

/** Field errors of a refused save; other failures were toasted by the request wrapper. */
function fieldErrorsOf(error: unknown): Record<string, string> | null {
  return error instanceof ApiError && error.hasFieldErrors ? error.fieldErrors : null;
}

function EditLimitPopup(props: {
  policy: SlaPolicyView;
  onClose: () => void;
  onSaved: (policy: SlaPolicyView) => void;
  onGone: () => void;
}) {
  const { policy, onClose, onSaved, onGone } = props;
  const [unit, setUnit] = useState(policy.limit.unit);
  const [amount, setAmount] = useState(String(policy.limit.amount));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const checked = checkLimit({ unit, amount });
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      onSaved(await updateSlaPolicy(policy.id, checked.value));
      void Taro.showToast({ title: '时限已修改', icon: 'none' });
    } catch (error) {
      const fields = fieldErrorsOf(error);
      if (fields) setErrors(fields);
      else if (error instanceof ApiError && error.status === 404) onGone();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Popup visible position="bottom" round closeable title="修改时限" onClose={onClose}>
      <View className="rule-form" id={EDIT} data-policy={policy.id}>
        <View className="rule-form__body">
          <Text className="rule-form__scope">
            {policy.stepLabel} · {scopeText(policy)}
          </Text>
          <View className="form-field">
            <Text className="form-label form-label--required">时限</Text>
            <Input
              id={`${EDIT}-amount`}
              className="form-input"
              type="number"
              value={amount}
              maxlength={5}
              placeholder="如 24"
              onInput={(e) => setAmount(e.detail.value)}
            />
            <FieldError form={EDIT} field="amount" message={errors.amount} />
          </View>
          <View className="form-field">
            <Text className="form-label form-label--required">单位</Text>
            <ChoiceChips idPrefix={`${EDIT}-unit`} choices={UNIT_CHOICES} value={unit} onChange={setUnit} />
            <FieldError form={EDIT} field="unit" message={errors.unit} />
          </View>
          <FieldError form={EDIT} field="form" message={errors.form} />
        </View>
        <View className="rule-form__foot">
          <Button id={`${EDIT}-dismiss`} fill="outline" onClick={onClose}>
            取消
          </Button>
          <Button id={`${EDIT}-submit`} type="primary" loading={busy} disabled={busy} onClick={() => void submit()}>
            保存
          </Button>
        </View>
      </View>
    </Popup>
  );
}

function NewRulePopup(props: {
  existing: SlaPolicyView[];
  onClose: () => void;
  onCreated: (policy: SlaPolicyView) => void;
}) {
  const { existing, onClose, onCreated } = props;
  const [draft, setDraft] = useState<RuleDraft>(EMPTY_RULE);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const kind = draft.kind;
  const categories = useRequest(() => listCategories(kind!), [kind], { ready: kind !== null });

  const set = <K extends keyof RuleDraft>(field: K, value: RuleDraft[K]) => {
    setDraft((previous) => ({ ...previous, [field]: value }));
    setErrors((previous) => ({ ...previous, [field]: '', form: '' }));
  };

  const submit = async () => {
    const checked = checkRule(draft, existing);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      onCreated(await createSlaPolicy(checked.value));
      void Taro.showToast({ title: '规则已添加', icon: 'none' });
    } catch (error) {
      const fields = fieldErrorsOf(error);
      if (fields) setErrors(fields);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Popup visible position="bottom" round closeable title="新增时限规则" onClose={onClose}>
      <View className="rule-form" id={NEW}>
        <ScrollView scrollY className="rule-form__body rule-form__body--scroll">
          <View className="form-field">
            <Text className="form-label form-label--required">环节</Text>
            <ChoiceChips
              idPrefix={`${NEW}-step`}
              choices={SLA_STEPS.map((step) => ({ id: step, label: SLA_STEP_LABELS[step] }))}
              value={draft.step}
              onChange={(step) => set('step', step)}
            />
            <FieldError form={NEW} field="step" message={errors.step} />
          </View>
          <View className="form-field">
            <Text className="form-label">诉求类型</Text>
            <ChoiceChips<RequestKind | typeof ANY>
              idPrefix={`${NEW}-kind`}
              choices={[{ id: ANY, label: '全部' }, ...REQUEST_KINDS.map((k) => ({ id: k, label: KIND_LABELS[k] }))]}
              value={draft.kind ?? ANY}
              onChange={(value) => {
                setDraft((previous) => ({ ...previous, kind: value === ANY ? null : value, categoryPath: [] }));
                setErrors((previous) => ({ ...previous, kind: '', categoryId: '', form: '' }));
              }}
            />
            <FieldError form={NEW} field="kind" message={errors.kind} />
          </View>
          <View className="form-field">
            <Text className="form-label">等级</Text>
            <ChoiceChips<Grade | typeof ANY>
              idPrefix={`${NEW}-grade`}
              choices={[
                { id: ANY, label: '全部' },
                ...GRADES.map((g) => ({ id: g, label: `${g} ${GRADE_LABELS[g]}` })),
              ]}
              value={draft.grade ?? ANY}
              onChange={(value) => set('grade', value === ANY ? null : value)}
            />
            <FieldError form={NEW} field="grade" message={errors.grade} />
          </View>
          {kind ? (
            <View className="form-field">
              <View className="rule-form__label-row">
                <Text className="form-label">分类（可只选到上级分类）</Text>
                {draft.categoryPath.length > 0 ? (
                  <Text className="card__link" id={`${NEW}-category-clear`} onClick={() => set('categoryPath', [])}>
                    不限分类
                  </Text>
                ) : null}
              </View>
              <PageState
                id={`${NEW}-categories`}
                loading={categories.loading && !categories.data}
                error={categories.data ? undefined : categories.error}
                onRetry={() => void categories.refresh()}
                empty={!!categories.data && categories.data.length === 0}
                emptyText="该类型没有分类"
                compact
                rows={2}
              >
                <CategoryPicker
                  idPrefix={`${NEW}-category`}
                  tree={categories.data ?? []}
                  path={draft.categoryPath}
                  onChange={(path) => set('categoryPath', path)}
                />
              </PageState>
              {draft.categoryPath.length === 0 ? <Text className="muted">不选则适用于该类型的全部分类</Text> : null}
              <FieldError form={NEW} field="categoryId" message={errors.categoryId} />
            </View>
          ) : null}
          <View className="form-field">
            <Text className="form-label form-label--required">时限</Text>
            <Input
              id={`${NEW}-amount`}
              className="form-input"
              type="number"
              value={draft.amount}
              maxlength={5}
              placeholder="如 24"
              onInput={(e) => set('amount', e.detail.value)}
            />
            <FieldError form={NEW} field="amount" message={errors.amount} />
            <View className="rule-form__units">
              <ChoiceChips
                idPrefix={`${NEW}-unit`}
                choices={UNIT_CHOICES}
                value={draft.unit}
                onChange={(u) => set('unit', u)}
              />
            </View>
            <FieldError form={NEW} field="unit" message={errors.unit} />
          </View>
          <FieldError form={NEW} field="form" message={errors.form} />
        </ScrollView>
        <View className="rule-form__foot">
          <Button id={`${NEW}-dismiss`} fill="outline" onClick={onClose}>
            取消
          </Button>
          <Button id={`${NEW}-submit`} type="primary" loading={busy} disabled={busy} onClick={() => void submit()}>
            添加
          </Button>
        </View>
      </View>
    </Popup>
  );
}

/**
 * 时限规则: the rules by step (`#time-limits-step-<step>`, rows `#policy-<id>`). Admins edit a
 * limit (`#policy-<id>-edit`), delete a rule (`#policy-<id>-delete`, confirmed in a modal) and add
 * one (`#policy-add`); managers read them.
 */
export default function TimeLimitsPage() {
  const user = useRequireLogin();
  const allowed = canSeeTimeLimits(user?.role);
  const editable = canEditTimeLimits(user?.role);
  const policies = useRequest(listSlaPolicies, [], { ready: allowed });
  const [editing, setEditing] = useState<SlaPolicyView | null>(null);
  const [adding, setAdding] = useState(false);
  const [busyId, setBusyId] = useState<number | null>(null);

  usePullDownRefresh(() => {
    const done = allowed ? policies.refresh() : Promise.resolve();
    void done.finally(() => void Taro.stopPullDownRefresh());
  });

  if (!user) return <View className="page" />;
  if (!allowed) {
    return (
      <View className="page">
        <View className="card muted" id="time-limits-forbidden">
          时限规则供项目经理和公司管理员查看。
        </View>
      </View>
    );
  }

  const list = policies.data ?? [];

  const remove = async (policy: SlaPolicyView) => {
    const answer = await Taro.showModal({
      title: '删除规则',
      content: `删除「${policy.stepLabel} · ${scopeText(policy)} · ${policy.limitLabel}」？之后开始计时的诉求将按其余规则计算。`,
      confirmText: '删除',
      confirmColor: '#e0452a',
    }).catch(() => ({ confirm: false }));
    if (!answer.confirm) return;
    setBusyId(policy.id);
    try {
      await deleteSlaPolicy(policy.id);
      policies.mutate(list.filter((item) => item.id !== policy.id));
      void Taro.showToast({ title: '已删除', icon: 'none' });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) void policies.refresh();
    } finally {
      setBusyId(null);
    }
  };

  const addButton = editable ? (
    <Button id="policy-add" type="primary" size="small" onClick={() => setAdding(true)}>
      新增规则
    </Button>
  ) : null;

  return (
    <View className="page time-limits-page">
      <View className="card time-limits-intro" id="time-limits-intro">
        <Text className="time-limits-intro__text">
          诉求各环节的处理时限。规则越具体越优先：先看分类，再看等级，最后看类型。修改只对之后开始计时的环节生效，已在计时的诉求保持原时限。
        </Text>
        <View className="time-limits-intro__foot">
          <Text
            className="card__link"
            id="time-limits-calendar"
            onClick={() => void Taro.navigateTo({ url: ADMIN_CALENDAR_PAGE })}
          >
            工作日按工作日历计算 ›
          </Text>
          {editable ? (
            addButton
          ) : (
            <Text className="muted" id="time-limits-readonly">
              仅公司管理员可修改
            </Text>
          )}
        </View>
      </View>
      <PageState
        id="time-limits"
        loading={policies.loading && !policies.data}
        error={policies.data ? undefined : policies.error}
        onRetry={() => void policies.refresh()}
        empty={!!policies.data && list.length === 0}
        emptyText="还没有时限规则，各环节都不计时"
        rows={8}
      >
        {groupByStep(list).map((group) => (
          <View
            className="card"
            key={group.step}
            id={`time-limits-step-${group.step}`}
            data-count={group.policies.length}
          >
            <View className="card__title">
              <Text>{group.label}</Text>
              <Text className="muted">{group.policies.length} 条</Text>
            </View>
            {group.policies.length === 0 ? <Text className="muted">没有规则，该环节不计时</Text> : null}
            {group.policies.map((policy) => (
              <View
                className="policy"
                key={policy.id}
                id={`policy-${policy.id}`}
                data-step={policy.step}
                data-kind={policy.kind ?? ANY}
                data-grade={policy.grade ?? ANY}
                data-category={policy.categoryId ?? ANY}
              >
                <View className="policy__main">
                  <Text className="policy__scope" id={`policy-${policy.id}-scope`}>
                    {scopeText(policy)}
                  </Text>
                  <Text className="policy__limit" id={`policy-${policy.id}-limit`}>
                    {policy.limitLabel}
                  </Text>
                </View>
                {editable ? (
                  <View className="policy__actions">
                    <Text className="card__link" id={`policy-${policy.id}-edit`} onClick={() => setEditing(policy)}>
                      修改
                    </Text>
                    <Text
                      className={`policy__delete${busyId === policy.id ? ' policy__delete--busy' : ''}`}
                      id={`policy-${policy.id}-delete`}
                      onClick={() => {
                        if (busyId === null) void remove(policy);
                      }}
                    >
                      {busyId === policy.id ? '删除中…' : '删除'}
                    </Text>
                  </View>
                ) : null}
              </View>
            ))}
          </View>
        ))}
      </PageState>
      {editing ? (
        <EditLimitPopup
          policy={editing}
          onClose={() => setEditing(null)}
          onSaved={(next) => {
            policies.mutate(list.map((item) => (item.id === next.id ? next : item)));
            setEditing(null);
          }}
          onGone={() => {
            setEditing(null);
            void policies.refresh();
          }}
        />
      ) : null}
      {adding ? (
        <NewRulePopup
          existing={list}
          onClose={() => setAdding(false)}
          onCreated={(created) => {
            policies.mutate([...list, created]);
            setAdding(false);
          }}
        />
      ) : null}
    </View>
  );
}
