import { useEffect, useMemo, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { Button, DatePicker } from '@nutui/nutui-react-taro';
import {
  COMPLAINT_CONTENT_MAX,
  COMPLAINT_CONTENT_MIN,
  complaintFormSchema,
  formatZodIssues,
  type CategoryNode,
} from '@linli/shared';
import ChoiceChips from '../../components/ChoiceChips';
import FieldError from '../../components/FieldError';
import PageState from '../../components/PageState';
import { useRequest } from '../../hooks/useRequest';
import { useRequireLogin } from '../../hooks/useSession';
import { fetchMe } from '../../services/auth';
import { listCategories } from '../../services/categories';
import { ApiError } from '../../services/http';
import { createComplaint } from '../../services/requests';
import { firstErrors } from '../../utils/form';
import { HOUSE_BIND_PAGE, requestDetailUrl } from '../../utils/routes';
import { formatPickedTime } from '../../utils/time';
import { EMPTY_COMPLAINT_FORM, chosenLeaf, toComplaintInput, walkCategories, type ComplaintFormState } from './form';
import './index.scss';

const FORM = 'complaint';
const FORM_FIELDS = [
  'kind',
  'houseBindingId',
  'categoryId',
  'content',
  'occurredAt',
  'occurredPlace',
  'demand',
  'contactName',
  'contactPhone',
];
/** In weapp a native textarea draws above popups; show its text instead while the picker is open. */
const NATIVE_TEXTAREA = process.env.TARO_ENV !== 'h5';

function CategoryPicker(props: { tree: CategoryNode[]; path: number[]; onChange: (path: number[]) => void }) {
  const { tree, path, onChange } = props;
  const chosen = walkCategories(tree, path);
  const levels: CategoryNode[][] = [tree];
  for (const node of chosen) {
    if (node.children && node.children.length > 0) levels.push(node.children);
  }
  return (
    <View className="category-picker" id="complaint-category">
      {levels.map((options, depth) => (
        <View className={`category-picker__level category-picker__level--${depth}`} key={depth}>
          <ChoiceChips
            idPrefix="complaint-category"
            choices={options.map((node) => ({ id: node.id, label: node.name }))}
            value={path[depth]}
            onChange={(id) => onChange([...path.slice(0, depth), id])}
          />
        </View>
      ))}
    </View>
  );
}

export default function ComplaintNewPage() {
  const user = useRequireLogin();
  const loggedIn = user !== null;
  const me = useRequest(fetchMe, [], { ready: loggedIn });
  const categories = useRequest(() => listCategories('complaint'), [], { ready: loggedIn });
  const [form, setForm] = useState<ComplaintFormState>(() => ({
    ...EMPTY_COMPLAINT_FORM,
    contactName: user?.name ?? '',
    contactPhone: user?.phone ?? '',
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState('');
  const [pickerOpen, setPickerOpen] = useState(false);
  const [submitting, setSubmitting] = useState(false);

  const boundHouses = useMemo(() => (me.data?.houses ?? []).filter((house) => house.status === 'bound'), [me.data]);
  const pendingHouses = (me.data?.houses ?? []).filter((house) => house.status === 'pending');

  // Once the houses are known: pick the only (or first) house, fill the contact from the profile.
  useEffect(() => {
    if (!me.data) return;
    const { user: profile } = me.data;
    setForm((previous) => ({
      ...previous,
      houseBindingId: previous.houseBindingId ?? boundHouses[0]?.id ?? null,
      contactName: previous.contactName || profile.name || boundHouses[0]?.name || '',
      contactPhone: previous.contactPhone || profile.phone || boundHouses[0]?.phone || '',
    }));
  }, [me.data, boundHouses]);

  const set = <K extends keyof ComplaintFormState>(field: K, value: ComplaintFormState[K]) => {
    setForm((previous) => ({ ...previous, [field]: value }));
    const errorField = field === 'categoryPath' ? 'categoryId' : field;
    if (errors[errorField]) setErrors((previous) => ({ ...previous, [errorField]: '' }));
  };

  if (!user) return <View className="page" />;

  const tree = categories.data ?? [];
  const chosenCategories = walkCategories(tree, form.categoryPath);
  const leaf = chosenLeaf(tree, form.categoryPath);

  const submit = async () => {
    setFormError('');
    const candidate = toComplaintInput(form, tree);
    const parsed = complaintFormSchema.safeParse(candidate);
    if (!parsed.success) {
      const found = firstErrors(formatZodIssues(parsed.error));
      if (found.categoryId && chosenCategories.length > 0 && !leaf) found.categoryId = '请继续选择具体的投诉分类';
      setErrors(found);
      void Taro.showToast({ title: '请检查标红的内容', icon: 'none' });
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      const created = await createComplaint(parsed.data);
      void Taro.showToast({ title: `已提交，编号 ${created.number}`, icon: 'none', duration: 2500 });
      void Taro.redirectTo({ url: requestDetailUrl(created.id, true) });
    } catch (error) {
      if (error instanceof ApiError && error.hasFieldErrors) {
        setErrors(error.fieldErrors);
        const other = error.details.filter((detail) => !FORM_FIELDS.includes(detail.field));
        setFormError([error.message, ...other.map((detail) => detail.message)].join('；'));
      }
    } finally {
      setSubmitting(false);
    }
  };

  const loading = (me.loading && !me.data) || (categories.loading && !categories.data);
  const loadError = me.data ? categories.error : me.error;

  return (
    <View className="page complaint-page">
      <PageState
        id="complaint-load"
        loading={loading}
        error={loadError}
        onRetry={() => {
          if (!me.data) void me.refresh();
          if (!categories.data) void categories.refresh();
        }}
        empty={!!me.data && boundHouses.length === 0}
        emptyText={pendingHouses.length > 0 ? '您的房屋绑定正在审核中，审核通过后即可投诉' : '投诉前请先绑定您的房屋'}
        emptyAction={
          pendingHouses.length > 0 ? null : (
            <Button
              id="complaint-go-bind"
              type="primary"
              onClick={() => void Taro.redirectTo({ url: HOUSE_BIND_PAGE })}
            >
              去绑定房屋
            </Button>
          )
        }
        rows={8}
      >
        <View className="card">
          <View className="form-field">
            <Text className="form-label form-label--required">房屋</Text>
            {boundHouses.length > 1 ? (
              <ChoiceChips
                idPrefix="complaint-house"
                choices={boundHouses.map((house) => ({ id: house.id, label: house.room.label }))}
                value={form.houseBindingId}
                onChange={(id) => set('houseBindingId', id)}
              />
            ) : (
              <Text className="complaint-house" id={`complaint-house-${boundHouses[0]?.id ?? 0}`}>
                {boundHouses[0]?.room.label}
              </Text>
            )}
            <FieldError form={FORM} field="houseBindingId" message={errors.houseBindingId} />
          </View>

          <View className="form-field">
            <Text className="form-label form-label--required">投诉分类</Text>
            {tree.length === 0 ? (
              <Text className="muted">暂无可选的投诉分类，请联系物业客服</Text>
            ) : (
              <CategoryPicker tree={tree} path={form.categoryPath} onChange={(path) => set('categoryPath', path)} />
            )}
            {chosenCategories.length > 0 ? (
              <Text className="muted category-chosen" id="complaint-category-chosen">
                已选：{chosenCategories.map((node) => node.name).join(' / ')}
              </Text>
            ) : null}
            <FieldError form={FORM} field="categoryId" message={errors.categoryId} />
          </View>

          <View className="form-field">
            <Text className="form-label form-label--required">投诉内容</Text>
            {NATIVE_TEXTAREA && pickerOpen ? (
              <View className="form-textarea">{form.content}</View>
            ) : (
              <Textarea
                id="complaint-content"
                className="form-textarea"
                value={form.content}
                maxlength={COMPLAINT_CONTENT_MAX}
                placeholder={`请描述发生了什么（${COMPLAINT_CONTENT_MIN}–${COMPLAINT_CONTENT_MAX} 字）`}
                onInput={(e) => set('content', e.detail.value)}
              />
            )}
            <Text
              id="complaint-content-count"
              className={`form-counter${form.content.trim().length > 0 && form.content.trim().length < COMPLAINT_CONTENT_MIN ? ' form-counter--over' : ''}`}
            >
              {form.content.length}/{COMPLAINT_CONTENT_MAX}
            </Text>
            <FieldError form={FORM} field="content" message={errors.content} />
          </View>

          <View className="form-field">
            <Text className="form-label">发生地点</Text>
            <Input
              id="complaint-place"
              className="form-input"
              value={form.occurredPlace}
              maxlength={100}
              placeholder="如：3 栋 2 单元楼道（选填）"
              onInput={(e) => set('occurredPlace', e.detail.value)}
            />
            <FieldError form={FORM} field="occurredPlace" message={errors.occurredPlace} />
          </View>

          <View className="form-field">
            <Text className="form-label">发生时间</Text>
            <View className="form-picker" id="complaint-time" onClick={() => setPickerOpen(true)}>
              <Text className={form.occurredAt ? '' : 'form-placeholder'} id="complaint-time-value">
                {form.occurredAt ? formatPickedTime(form.occurredAt) : '选择日期和时间（选填）'}
              </Text>
              {form.occurredAt ? (
                <Text
                  className="card__link"
                  id="complaint-time-clear"
                  onClick={(e) => {
                    e.stopPropagation();
                    set('occurredAt', null);
                  }}
                >
                  清除
                </Text>
              ) : null}
            </View>
            <FieldError form={FORM} field="occurredAt" message={errors.occurredAt} />
          </View>

          <View className="form-field">
            <Text className="form-label">业主要求</Text>
            {NATIVE_TEXTAREA && pickerOpen ? (
              <View className="form-textarea form-textarea--short">{form.demand}</View>
            ) : (
              <Textarea
                id="complaint-demand"
                className="form-textarea form-textarea--short"
                value={form.demand}
                maxlength={200}
                placeholder="希望物业怎么处理（选填）"
                onInput={(e) => set('demand', e.detail.value)}
              />
            )}
            <FieldError form={FORM} field="demand" message={errors.demand} />
          </View>
        </View>

        <View className="card">
          <View className="form-field">
            <Text className="form-label form-label--required">联系人</Text>
            <Input
              id="complaint-contact-name"
              className="form-input"
              value={form.contactName}
              maxlength={20}
              placeholder="您的称呼"
              onInput={(e) => set('contactName', e.detail.value)}
            />
            <FieldError form={FORM} field="contactName" message={errors.contactName} />
          </View>
          <View className="form-field">
            <Text className="form-label form-label--required">联系电话</Text>
            <Input
              id="complaint-contact-phone"
              className="form-input"
              type="text"
              value={form.contactPhone}
              maxlength={13}
              placeholder="手机号或带区号的座机"
              onInput={(e) => set('contactPhone', e.detail.value)}
            />
            <FieldError form={FORM} field="contactPhone" message={errors.contactPhone} />
          </View>
        </View>

        {formError ? (
          <Text className="field-error complaint-form-error" id="complaint-error-form">
            {formError}
          </Text>
        ) : null}

        <View className="form-actions">
          <Button
            id="complaint-submit"
            type="primary"
            block
            loading={submitting}
            disabled={submitting}
            onClick={() => void submit()}
          >
            提交投诉
          </Button>
          <Text className="muted complaint-note">提交后物业客服会尽快受理，您可以在“我的”里查看处理进度。</Text>
        </View>
      </PageState>

      <DatePicker
        title="发生时间"
        type="datetime"
        visible={pickerOpen}
        startDate={new Date(Date.now() - 365 * 24 * 3600 * 1000)}
        endDate={new Date()}
        defaultValue={new Date()}
        showChinese
        onClose={() => setPickerOpen(false)}
        onConfirm={(_options, values) => {
          const [year, month, day, hour, minute] = values.map((value) => Number(value));
          set('occurredAt', { year, month, day, hour, minute });
        }}
      />
    </View>
  );
}
