import { useEffect, useMemo, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import {
  COMPLAINT_CONTENT_MAX,
  COMPLAINT_CONTENT_MIN,
  REPAIR_SCOPE_LABELS,
  REPAIR_SCOPES,
  REPAIR_URGENCIES,
  REPAIR_URGENCY_LABELS,
  formatZodIssues,
  requestFormSchema,
  type RequestKind,
} from '@linli/shared';
import CategoryPicker from '../../components/CategoryPicker';
import ChoiceChips from '../../components/ChoiceChips';
import DateTimeField from '../../components/DateTimeField';
import FieldError from '../../components/FieldError';
import FormFooter from '../../components/FormFooter';
import PageState from '../../components/PageState';
import PhotoPicker from '../../components/PhotoPicker';
import PrivacyPopup from '../../components/PrivacyPopup';
import { useLeaveGuard } from '../../hooks/useLeaveGuard';
import { useRequest } from '../../hooks/useRequest';
import { useRequireLogin } from '../../hooks/useSession';
import { fetchMe } from '../../services/auth';
import { listCategories } from '../../services/categories';
import { ApiError } from '../../services/http';
import { createRequest } from '../../services/requests';
import { askSubscriptions, prefetchSubscribeAsks } from '../../services/subscriptions';
import { chosenLeaf, walkCategories } from '../../utils/categories';
import { fieldId, firstErrors, scrollToFirstError } from '../../utils/form';
import { formChanged } from '../../utils/leave-guard';
import { HOUSE_BIND_PAGE, requestDetailUrl } from '../../utils/routes';
import {
  COMMON_FIELDS,
  EMPTY_REQUEST_FORM,
  FIELD_ORDER,
  KIND_FORMS,
  isRequestKind,
  toRequestInput,
  type RequestFormState,
} from './form';
import './index.scss';

/** In weapp a native textarea draws above popups; show its text instead while a picker is open. */
const NATIVE_TEXTAREA = process.env.TARO_ENV !== 'h5';
const DAY_MS = 24 * 3600 * 1000;

/**
 * File a complaint, repair or suggestion (`?kind=`). Ids are prefixed with the kind:
 * `#complaint-content`, `#repair-item`, `#suggestion-submit`…
 */
export default function RequestNewPage() {
  const router = useRouter();
  const kind: RequestKind = isRequestKind(router.params.kind) ? router.params.kind : 'complaint';
  const P = kind;
  const spec = KIND_FORMS[kind];
  const user = useRequireLogin();
  const loggedIn = user !== null;
  const me = useRequest(fetchMe, [], { ready: loggedIn });
  const categories = useRequest(() => listCategories(kind), [kind], { ready: loggedIn });
  const [form, setForm] = useState<RequestFormState>(() => ({
    ...EMPTY_REQUEST_FORM,
    contactName: user?.name ?? '',
    contactPhone: user?.phone ?? '',
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState('');
  const [picker, setPicker] = useState<'occurredAt' | 'appointmentAt' | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [photosBusy, setPhotosBusy] = useState(false);

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: spec.title }).catch(() => undefined);
  }, [spec.title]);

  // Ready before the submit tap, which must ask WeChat without awaiting anything first.
  useEffect(() => {
    if (loggedIn) void prefetchSubscribeAsks(['submit']);
  }, [loggedIn]);

  const boundHouses = useMemo(() => (me.data?.houses ?? []).filter((house) => house.status === 'bound'), [me.data]);
  const pendingHouses = (me.data?.houses ?? []).filter((house) => house.status === 'pending');

  /** The form as the page fills it in by itself: the only (or first) house, the contact from the profile. */
  const prefilled = useMemo<RequestFormState>(() => {
    const profile = me.data?.user;
    const first = boundHouses[0];
    return {
      ...EMPTY_REQUEST_FORM,
      houseBindingId: first?.id ?? null,
      contactName: user?.name || profile?.name || first?.name || '',
      contactPhone: user?.phone || profile?.phone || first?.phone || '',
    };
  }, [me.data, boundHouses, user?.name, user?.phone]);

  useEffect(() => {
    if (!me.data) return;
    setForm((previous) => ({
      ...previous,
      houseBindingId: previous.houseBindingId ?? prefilled.houseBindingId,
      contactName: previous.contactName || prefilled.contactName,
      contactPhone: previous.contactPhone || prefilled.contactPhone,
    }));
  }, [me.data, prefilled]);

  // Only what the resident changed counts: leaving the form as the page filled it asks nothing.
  const guard = useLeaveGuard(formChanged(form, prefilled));

  const set = <K extends keyof RequestFormState>(field: K, value: RequestFormState[K]) => {
    setForm((previous) => ({ ...previous, [field]: value }));
    const errorField = field === 'categoryPath' ? 'categoryId' : field === 'photos' ? 'photoIds' : field;
    if (errors[errorField]) setErrors((previous) => ({ ...previous, [errorField]: '' }));
  };

  if (!user) return <View className="page" />;

  const tree = categories.data ?? [];
  const chosenCategories = walkCategories(tree, form.categoryPath);
  const leaf = chosenLeaf(tree, form.categoryPath);
  const fields = [...COMMON_FIELDS, ...spec.fields];

  const anchor = (field: string) => fieldId(P, field);

  const submit = async () => {
    if (photosBusy) return;
    setFormError('');
    const parsed = requestFormSchema.safeParse(toRequestInput(kind, form, tree));
    if (!parsed.success) {
      const found = firstErrors(formatZodIssues(parsed.error));
      if (found.categoryId && chosenCategories.length > 0 && !leaf) found.categoryId = '请继续选择具体的分类';
      setErrors(found);
      scrollToFirstError(found, FIELD_ORDER, anchor);
      void Taro.showToast({ title: '请检查标红的内容', icon: 'none' });
      return;
    }
    // First thing once the form is valid: WeChat only shows the dialog from the tap's own turn.
    const asking = askSubscriptions('submit');
    setErrors({});
    setSubmitting(true);
    try {
      await asking;
      const created = await createRequest(parsed.data);
      guard.release();
      void Taro.showToast({ title: `已提交，编号 ${created.number}`, icon: 'none', duration: 2500 });
      void Taro.redirectTo({ url: requestDetailUrl(created.id, true) });
    } catch (error) {
      if (error instanceof ApiError && error.hasFieldErrors) {
        setErrors(error.fieldErrors);
        scrollToFirstError(error.fieldErrors, FIELD_ORDER, anchor);
        const other = error.details.filter((detail) => !fields.includes(detail.field));
        setFormError([error.message, ...other.map((detail) => detail.message)].join('；'));
      }
    } finally {
      setSubmitting(false);
    }
  };

  const loading = (me.loading && !me.data) || (categories.loading && !categories.data);
  const loadError = me.data ? categories.error : me.error;
  const hideTextareas = NATIVE_TEXTAREA && picker !== null;

  const textarea = (field: 'content' | 'demand', id: string, placeholder: string, max: number, short = false) =>
    hideTextareas ? (
      <View className={`form-textarea${short ? ' form-textarea--short' : ''}`}>{form[field]}</View>
    ) : (
      <Textarea
        id={id}
        className={`form-textarea${short ? ' form-textarea--short' : ''}`}
        value={form[field]}
        maxlength={max}
        placeholder={placeholder}
        onInput={(e) => set(field, e.detail.value)}
      />
    );

  const input = (
    field: 'occurredPlace' | 'repairItem' | 'repairLocation' | 'repairModel',
    id: string,
    label: string,
    placeholder: string,
    required: boolean,
  ) => (
    <View className="form-field" id={fieldId(P, field)}>
      <Text className={`form-label${required ? ' form-label--required' : ''}`}>{label}</Text>
      <Input
        id={id}
        className="form-input"
        value={form[field]}
        maxlength={100}
        placeholder={placeholder}
        onInput={(e) => set(field, e.detail.value)}
      />
      <FieldError form={P} field={field} message={errors[field]} />
    </View>
  );

  return (
    <View className={`page request-new-page request-new-page--${kind}`}>
      <PageState
        id={`${P}-load`}
        loading={loading}
        error={loadError}
        onRetry={() => {
          if (!me.data) void me.refresh();
          if (!categories.data) void categories.refresh();
        }}
        empty={!!me.data && boundHouses.length === 0}
        emptyText={pendingHouses.length > 0 ? '您的房屋绑定正在审核中，审核通过后即可提交' : '提交前请先绑定您的房屋'}
        emptyAction={
          pendingHouses.length > 0 ? null : (
            <Button id={`${P}-go-bind`} type="primary" onClick={() => void Taro.redirectTo({ url: HOUSE_BIND_PAGE })}>
              去绑定房屋
            </Button>
          )
        }
        rows={8}
      >
        <View className="card">
          <View className="form-field" id={fieldId(P, 'houseBindingId')}>
            <Text className="form-label form-label--required">房屋</Text>
            {boundHouses.length > 1 ? (
              <ChoiceChips
                idPrefix={`${P}-house`}
                choices={boundHouses.map((house) => ({ id: house.id, label: house.room.label }))}
                value={form.houseBindingId}
                onChange={(id) => set('houseBindingId', id)}
              />
            ) : (
              <Text className="request-new-house" id={`${P}-house-${boundHouses[0]?.id ?? 0}`}>
                {boundHouses[0]?.room.label}
              </Text>
            )}
            <FieldError form={P} field="houseBindingId" message={errors.houseBindingId} />
          </View>

          {kind === 'repair' ? (
            <View className="form-field" id={fieldId(P, 'repairScope')}>
              <Text className="form-label form-label--required">维修类型</Text>
              <ChoiceChips
                idPrefix="repair-scope"
                choices={REPAIR_SCOPES.map((scope) => ({ id: scope, label: REPAIR_SCOPE_LABELS[scope] }))}
                value={form.repairScope}
                onChange={(scope) => set('repairScope', scope)}
              />
              <Text className="muted request-new-hint">
                {form.repairScope === 'common_area' ? '楼道、电梯、绿化等公共部位' : '您家里的水电、门窗、设施'}
              </Text>
              <FieldError form={P} field="repairScope" message={errors.repairScope} />
            </View>
          ) : null}

          {kind === 'repair' ? (
            <View className="form-field" id={fieldId(P, 'urgency')}>
              <Text className="form-label">紧急程度</Text>
              <ChoiceChips
                idPrefix="repair-urgency"
                choices={REPAIR_URGENCIES.map((urgency) => ({ id: urgency, label: REPAIR_URGENCY_LABELS[urgency] }))}
                value={form.urgency}
                onChange={(urgency) => set('urgency', urgency)}
              />
              <Text className="muted request-new-hint">
                {form.urgency === 'urgent'
                  ? '漏水、停电、门锁坏等需立即处理的情况，物业会优先安排'
                  : '一般维修按预约时间上门'}
              </Text>
              <FieldError form={P} field="urgency" message={errors.urgency} />
            </View>
          ) : null}

          <View className="form-field" id={fieldId(P, 'categoryId')}>
            <Text className="form-label form-label--required">{kind === 'repair' ? '报修分类' : '分类'}</Text>
            {tree.length === 0 ? (
              <Text className="muted">暂无可选的分类，请联系物业客服</Text>
            ) : (
              <CategoryPicker
                idPrefix={`${P}-category`}
                tree={tree}
                path={form.categoryPath}
                onChange={(path) => set('categoryPath', path)}
              />
            )}
            <FieldError form={P} field="categoryId" message={errors.categoryId} />
          </View>

          {kind === 'repair' ? (
            <>
              {input('repairItem', 'repair-item', '报修物品', '如：厨房水龙头', true)}
              {input('repairLocation', 'repair-location', '具体位置', '如：厨房水槽下方', true)}
              {input('repairModel', 'repair-model', '材料/型号', '知道的话请填写（选填）', false)}
            </>
          ) : null}

          <View className="form-field" id={fieldId(P, 'content')}>
            <Text className="form-label form-label--required">{spec.contentLabel}</Text>
            {textarea('content', `${P}-content`, spec.contentPlaceholder, COMPLAINT_CONTENT_MAX)}
            <Text
              id={`${P}-content-count`}
              className={`form-counter${form.content.trim().length > 0 && form.content.trim().length < COMPLAINT_CONTENT_MIN ? ' form-counter--over' : ''}`}
            >
              {form.content.length}/{COMPLAINT_CONTENT_MAX}
            </Text>
            <FieldError form={P} field="content" message={errors.content} />
          </View>

          {kind === 'complaint' ? (
            <>
              {input('occurredPlace', 'complaint-place', '发生地点', '如：3 栋 2 单元楼道（选填）', false)}
              <View className="form-field" id={fieldId(P, 'occurredAt')}>
                <Text className="form-label">发生时间</Text>
                <DateTimeField
                  id="complaint-time"
                  title="发生时间"
                  placeholder="选择日期和时间（选填）"
                  value={form.occurredAt}
                  onChange={(value) => set('occurredAt', value)}
                  open={picker === 'occurredAt'}
                  onOpenChange={(open) => setPicker(open ? 'occurredAt' : null)}
                  startDate={new Date(Date.now() - 365 * DAY_MS)}
                  endDate={new Date()}
                  defaultValue={new Date()}
                />
                <FieldError form={P} field="occurredAt" message={errors.occurredAt} />
              </View>
              <View className="form-field" id={fieldId(P, 'demand')}>
                <Text className="form-label">业主要求</Text>
                {textarea('demand', 'complaint-demand', '希望物业怎么处理（选填）', 200, true)}
                <FieldError form={P} field="demand" message={errors.demand} />
              </View>
            </>
          ) : null}

          {kind === 'repair' ? (
            <View className="form-field" id={fieldId(P, 'appointmentAt')}>
              <Text className="form-label">预约上门时间</Text>
              <DateTimeField
                id="repair-appointment"
                title="预约上门时间"
                placeholder="选择方便上门的时间（选填）"
                value={form.appointmentAt}
                onChange={(value) => set('appointmentAt', value)}
                open={picker === 'appointmentAt'}
                onOpenChange={(open) => setPicker(open ? 'appointmentAt' : null)}
                startDate={new Date(Date.now() + 60 * 60 * 1000)}
                endDate={new Date(Date.now() + 30 * DAY_MS)}
                minuteStep={30}
              />
              <FieldError form={P} field="appointmentAt" message={errors.appointmentAt} />
            </View>
          ) : null}

          <View className="form-field" id={fieldId(P, 'photoIds')}>
            <PhotoPicker
              id={`${P}-photos`}
              label={kind === 'repair' ? '故障照片' : '照片（选填）'}
              value={form.photos}
              onChange={(photos) => set('photos', photos)}
              onBusyChange={setPhotosBusy}
            />
            <FieldError form={P} field="photoIds" message={errors.photoIds} />
          </View>
        </View>

        <View className="card">
          <View className="form-field" id={fieldId(P, 'contactName')}>
            <Text className="form-label form-label--required">联系人</Text>
            <Input
              id={`${P}-contact-name`}
              className="form-input"
              value={form.contactName}
              maxlength={20}
              placeholder="您的称呼"
              onInput={(e) => set('contactName', e.detail.value)}
            />
            <FieldError form={P} field="contactName" message={errors.contactName} />
          </View>
          <View className="form-field" id={fieldId(P, 'contactPhone')}>
            <Text className="form-label form-label--required">联系电话</Text>
            <Input
              id={`${P}-contact-phone`}
              className="form-input"
              type="text"
              value={form.contactPhone}
              maxlength={13}
              placeholder="手机号或带区号的座机"
              onInput={(e) => set('contactPhone', e.detail.value)}
            />
            <FieldError form={P} field="contactPhone" message={errors.contactPhone} />
          </View>
        </View>

        {formError ? (
          <Text className="field-error request-new-form-error" id={`${P}-error-form`}>
            {formError}
          </Text>
        ) : null}

        <Text className="muted request-new-note">提交后物业客服会尽快受理，您可以在“我的”里查看处理进度。</Text>
        <FormFooter>
          <Button
            id={`${P}-submit`}
            type="primary"
            block
            loading={submitting}
            disabled={submitting || photosBusy}
            onClick={() => void submit()}
          >
            {photosBusy ? '照片上传中…' : spec.submit}
          </Button>
        </FormFooter>
      </PageState>
      <PrivacyPopup />
    </View>
  );
}
