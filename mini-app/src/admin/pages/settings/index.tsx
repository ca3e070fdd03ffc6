import { useEffect, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { SettingView } from '@linli/shared';
import ChoiceChips from '../../../components/ChoiceChips';
import FieldError from '../../../components/FieldError';
import PageState from '../../../components/PageState';
import { useRequest } from '../../../hooks/useRequest';
import { useRequireLogin } from '../../../hooks/useSession';
import { ApiError } from '../../../services/http';
import { listSettings, resetSetting, saveSetting } from '../../../services/setup';
import {
  ADMIN_TIME_LIMITS_PAGE,
  ADMIN_WECHAT_TEMPLATES_PAGE,
  canEditSettings,
  canSeeSettings,
} from '../../../utils/routes';
import {
  BY_DEFAULT,
  ROLE_CHOICES,
  SETTING_FORMS,
  checkSetting,
  defaultText,
  toDraft,
  type Draft,
  type SettingForm,
} from './spec';
import './index.scss';

const domId = (path: string) => path.replace(/\./g, '-');
/** A group with more fields than this (审批人规则) takes the whole row on a PC, three fields a line. */
const WIDE_FROM = 4;

/** One group: its fields from the spec, the environment default beside each, 保存 and 恢复默认. */
function SettingCard(props: {
  form: SettingForm;
  setting: SettingView;
  editable: boolean;
  onSaved: (next: SettingView) => void;
}) {
  const { form, setting, editable, onSaved } = props;
  const id = `setting-${form.key}`;
  const [draft, setDraft] = useState<Draft>(() => toDraft(form, setting.value));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => setDraft(toDraft(form, setting.value)), [form, setting]);

  const set = (path: string, value: string) => {
    setDraft((previous) => ({ ...previous, [path]: value }));
    setErrors((previous) => ({ ...previous, [path]: '', form: '' }));
  };

  const save = async () => {
    const checked = checkSetting(form, draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      onSaved(await saveSetting(form.key, checked.value));
      void Taro.showToast({ title: '已保存，下一次办理起生效', icon: 'none' });
    } catch (error) {
      if (error instanceof ApiError && error.hasFieldErrors) setErrors(error.fieldErrors);
    } finally {
      setBusy(false);
    }
  };

  const reset = async () => {
    const answer = await Taro.showModal({
      title: '恢复默认',
      content: `「${setting.label}」恢复为部署时的默认值？`,
      confirmText: '恢复',
    }).catch(() => ({ confirm: false }));
    if (!answer.confirm) return;
    setBusy(true);
    try {
      onSaved(await resetSetting(form.key));
      void Taro.showToast({ title: '已恢复默认', icon: 'none' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View
      className={`card setting${form.fields.length > WIDE_FROM ? ' setting--wide' : ''}`}
      id={id}
      data-overridden={setting.overridden ? 'true' : 'false'}
    >
      <View className="card__title">
        <Text>{setting.label}</Text>
        <Text
          className={setting.overridden ? 'setting__state setting__state--changed' : 'setting__state'}
          id={`${id}-state`}
        >
          {setting.overridden ? '已修改' : '默认值'}
        </Text>
      </View>
      <Text className="setting__intro">{form.intro}</Text>
      {setting.overridden && setting.updatedAt ? (
        <Text className="muted setting__who" id={`${id}-updated`}>
          {setting.updatedByName ?? '管理员'} 修改于 {setting.updatedAt.slice(0, 10)}
        </Text>
      ) : null}
      <View className="setting__fields">
        {form.fields.map((field) => {
          const fieldId = `${id}-${domId(field.path)}`;
          return (
            <View className="form-field setting__field" key={field.path} id={`${fieldId}-field`}>
              <Text className="form-label">{field.label}</Text>
              {field.kind === 'number' ? (
                <View className="setting__number">
                  <Input
                    id={fieldId}
                    className="form-input"
                    type="number"
                    value={draft[field.path] ?? ''}
                    maxlength={5}
                    disabled={!editable}
                    onInput={(e) => set(field.path, e.detail.value)}
                  />
                  <Text className="setting__unit">{field.unit}</Text>
                </View>
              ) : (
                <ChoiceChips<string>
                  idPrefix={fieldId}
                  choices={[...(field.optional ? [{ id: BY_DEFAULT, label: '按默认' }] : []), ...ROLE_CHOICES]}
                  value={draft[field.path] ?? BY_DEFAULT}
                  onChange={(value) => {
                    if (editable) set(field.path, value);
                  }}
                />
              )}
              <Text className="muted setting__default">{defaultText(field, setting.defaultValue)}</Text>
              <FieldError form={id} field={domId(field.path)} message={errors[field.path]} />
            </View>
          );
        })}
      </View>
      <FieldError form={id} field="form" message={errors.form ?? errors['(body)']} />
      {editable ? (
        <View className="setting__foot">
          {setting.overridden ? (
            <Button id={`${id}-reset`} fill="outline" disabled={busy} onClick={() => void reset()}>
              恢复默认
            </Button>
          ) : null}
          <Button id={`${id}-save`} type="primary" loading={busy} disabled={busy} onClick={() => void save()}>
            保存
          </Button>
        </View>
      ) : null}
    </View>
  );
}

/**
 * 系统设置: one card per group (`#setting-<key>`, fields `#setting-<key>-<path>`), each showing
 * the environment default and whether it was changed. Admins edit; managers read. 回访前等待
 * is the 时限规则 step 等待业主评价, linked rather than repeated here.
 */
export default function SettingsPage() {
  const user = useRequireLogin();
  const allowed = canSeeSettings(user?.role);
  const editable = canEditSettings(user?.role);
  const settings = useRequest(listSettings, [], { ready: allowed });

  usePullDownRefresh(() => {
    void (allowed ? settings.refresh() : Promise.resolve()).finally(() => void Taro.stopPullDownRefresh());
  });

  if (!user) return <View className="page" />;
  if (!allowed) {
    return (
      <View className="page">
        <View className="card muted" id="settings-forbidden">
          系统设置供项目经理查看、公司管理员修改。
        </View>
      </View>
    );
  }
  const list = settings.data ?? [];
  return (
    <View className="page settings-page">
      <View className="card settings-intro" id="settings-intro">
        <Text className="settings-intro__text">
          这些设置对全公司生效，修改后下一次办理即按新值执行。未修改的项使用部署时的默认值。
          {editable ? '' : '（仅公司管理员可修改）'}
        </Text>
        <Text
          className="card__link"
          id="settings-rating-wait"
          onClick={() => void Taro.navigateTo({ url: ADMIN_TIME_LIMITS_PAGE })}
        >
          回访前等待业主评价的时长在「时限规则 · 等待业主评价」中设置 ›
        </Text>
        {editable ? (
          <Text
            className="card__link"
            id="settings-wechat-templates"
            onClick={() => void Taro.navigateTo({ url: ADMIN_WECHAT_TEMPLATES_PAGE })}
          >
            查看微信模板对应关系 ›
          </Text>
        ) : null}
      </View>
      <PageState
        id="settings"
        loading={settings.loading && !settings.data}
        error={settings.data ? undefined : settings.error}
        onRetry={() => void settings.refresh()}
        empty={!!settings.data && list.length === 0}
        emptyText="没有可设置的项"
        rows={8}
      >
        <View className="settings-grid">
          {SETTING_FORMS.map((form) => {
            const setting = list.find((item) => item.key === form.key);
            return setting ? (
              <SettingCard
                key={form.key}
                form={form}
                setting={setting}
                editable={editable}
                onSaved={(next) => settings.mutate(list.map((item) => (item.key === next.key ? next : item)))}
              />
            ) : null;
          })}
        </View>
      </PageState>
    </View>
  );
}
