import { useState } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { CALENDAR_DAY_KINDS, type CalendarDay, type CalendarDayKind } from '@linli/shared';
import ChoiceChips from '../../../components/ChoiceChips';
import FieldError from '../../../components/FieldError';
import PageState from '../../../components/PageState';
import SoftTag from '../../../components/SoftTag';
import { useRequest } from '../../../hooks/useRequest';
import { useRequireLogin } from '../../../hooks/useSession';
import { ApiError } from '../../../services/http';
import { fetchCalendarYear, saveCalendarYear } from '../../../services/sla';
import { canEditTimeLimits, canSeeTimeLimits } from '../../../utils/routes';
import {
  DAY_KIND_LABELS,
  addDay,
  byMonth,
  countDays,
  parseYear,
  removeDay,
  sameDays,
  saveErrorText,
  shanghaiYear,
  weekdayLabel,
  yearChoices,
  type DayDraft,
} from './days';
import './index.scss';

const F = 'calendar';
const EMPTY_DAY: DayDraft = { date: '', kind: 'holiday', name: '' };

/**
 * 工作日历: a year's 放假 and 调休上班 days (`#calendar-year-<year>`, rows `#calendar-day-<date>`),
 * `#calendar-provisional` while the year is only the estimated statutory holidays. Admins add and
 * remove days locally and save the whole year (`#calendar-save`, PUT replaces it).
 */
export default function CalendarPage() {
  const router = useRouter();
  const user = useRequireLogin();
  const allowed = canSeeTimeLimits(user?.role);
  const editable = canEditTimeLimits(user?.role);
  const [now] = useState(() => Date.now());
  const linked = parseYear(router.params.year);
  const [year, setYear] = useState(() => linked ?? shanghaiYear(now));
  const calendar = useRequest(() => fetchCalendarYear(year), [year], { ready: allowed });
  // The admin's edits, null until the first one (then the server's list is shown as it is).
  const [draft, setDraft] = useState<CalendarDay[] | null>(null);
  const [newDay, setNewDay] = useState<DayDraft>(EMPTY_DAY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  usePullDownRefresh(() => {
    const done = allowed ? calendar.refresh() : Promise.resolve();
    void done.finally(() => void Taro.stopPullDownRefresh());
  });

  if (!user) return <View className="page" />;
  if (!allowed) {
    return (
      <View className="page">
        <View className="card muted" id="calendar-forbidden">
          工作日历供项目经理和公司管理员查看。
        </View>
      </View>
    );
  }

  // While another year loads, the previous answer is still in `calendar.data`.
  const loaded = calendar.data?.year === year ? calendar.data : undefined;
  const days = draft ?? loaded?.days ?? [];
  const dirty = draft !== null && !!loaded && !sameDays(draft, loaded.days);
  const counts = countDays(days);

  const switchYear = async (next: number) => {
    if (next === year) return;
    if (dirty) {
      const answer = await Taro.showModal({
        title: '切换年份',
        content: `${year} 年的修改还没有保存，切换后将丢弃。`,
        confirmText: '丢弃',
        confirmColor: '#e0452a',
      }).catch(() => ({ confirm: false }));
      if (!answer.confirm) return;
    }
    setDraft(null);
    setErrors({});
    setNewDay(EMPTY_DAY);
    setYear(next);
  };

  const setField = <K extends keyof DayDraft>(field: K, value: DayDraft[K]) => {
    setNewDay((previous) => ({ ...previous, [field]: value }));
    setErrors((previous) => ({ ...previous, [field]: '', form: '' }));
  };

  const add = () => {
    const checked = addDay(days, newDay, year);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setDraft(checked.value);
    setErrors({});
    // The next day of a holiday break usually shares its kind and name.
    setNewDay((previous) => ({ ...previous, date: '' }));
  };

  const save = async () => {
    setSaving(true);
    setErrors({});
    try {
      const saved = await saveCalendarYear(year, { days });
      calendar.mutate(saved);
      setDraft(null);
      void Taro.showToast({ title: `${year} 年安排已保存`, icon: 'none' });
    } catch (error) {
      if (error instanceof ApiError && error.hasFieldErrors) {
        setErrors({ save: saveErrorText(error.details, days, error.message) });
      } else if (error instanceof ApiError) {
        setErrors({ save: error.message });
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className="page calendar-page">
      <View className="calendar-years">
        <ChoiceChips
          idPrefix="calendar-year"
          choices={yearChoices(now, linked).map((y) => ({ id: y, label: `${y} 年` }))}
          value={year}
          onChange={(next) => void switchYear(next)}
        />
      </View>
      <PageState
        id={F}
        loading={calendar.loading && !loaded}
        error={loaded ? undefined : calendar.error}
        onRetry={() => void calendar.refresh()}
        rows={8}
      >
        {loaded?.provisional ? (
          <View className="calendar-banner" id="calendar-provisional">
            {year} 年安排为预估的法定假日，国务院通知发布后请按通知更新
          </View>
        ) : null}
        <View className="card" id="calendar-days" data-count={days.length}>
          <View className="card__title">
            <Text>{year} 年放假和调休</Text>
            <Text className="muted" id="calendar-count">
              放假 {counts.holiday} 天 · 调休上班 {counts.workday} 天
            </Text>
          </View>
          {days.length === 0 ? (
            <View className="calendar-empty" id="calendar-empty">
              <Text className="muted">
                {year} 年还没有放假和调休安排，目前按周一至周五为工作日计算。
                {editable ? '可在下方逐日添加后保存。' : ''}
              </Text>
            </View>
          ) : null}
          {byMonth(days).map((group) => (
            <View className="calendar-month" key={group.month} id={`calendar-month-${group.month}`}>
              <Text className="calendar-month__title">{group.month} 月</Text>
              {group.days.map((day) => (
                <View className="calendar-day" key={day.date} id={`calendar-day-${day.date}`} data-kind={day.kind}>
                  <View className="calendar-day__date">
                    <Text>{day.date.slice(5)}</Text>
                    <Text className="muted calendar-day__weekday">{weekdayLabel(day.date)}</Text>
                  </View>
                  <SoftTag tone={day.kind === 'holiday' ? 'green' : 'orange'}>{DAY_KIND_LABELS[day.kind]}</SoftTag>
                  <Text className="calendar-day__name">{day.name}</Text>
                  {editable ? (
                    <Text
                      className="calendar-day__remove"
                      id={`calendar-day-${day.date}-remove`}
                      onClick={() => setDraft(removeDay(days, day.date))}
                    >
                      删除
                    </Text>
                  ) : null}
                </View>
              ))}
            </View>
          ))}
        </View>

        {editable ? (
          <View className="card" id="calendar-editor">
            <View className="card__title">
              <Text>添加日期</Text>
            </View>
            <View className="form-field">
              <Text className="form-label form-label--required">日期</Text>
              <Input
                id={`${F}-new-date`}
                className="form-input"
                value={newDay.date}
                maxlength={10}
                placeholder={`如 ${year}-10-01`}
                onInput={(e) => setField('date', e.detail.value)}
              />
              <FieldError form={F} field="date" message={errors.date} />
            </View>
            <View className="form-field">
              <Text className="form-label form-label--required">类型</Text>
              <ChoiceChips<CalendarDayKind>
                idPrefix={`${F}-new-kind`}
                choices={CALENDAR_DAY_KINDS.map((kind) => ({ id: kind, label: DAY_KIND_LABELS[kind] }))}
                value={newDay.kind}
                onChange={(kind) => setField('kind', kind)}
              />
              <FieldError form={F} field="kind" message={errors.kind} />
            </View>
            <View className="form-field">
              <Text className="form-label form-label--required">名称</Text>
              <Input
                id={`${F}-new-name`}
                className="form-input"
                value={newDay.name}
                maxlength={30}
                placeholder="如 国庆节、国庆节调休上班"
                onInput={(e) => setField('name', e.detail.value)}
              />
              <FieldError form={F} field="name" message={errors.name} />
            </View>
            <FieldError form={F} field="form" message={errors.form} />
            <View className="calendar-editor__add">
              <Button id={`${F}-add`} fill="outline" size="small" onClick={add}>
                添加到列表
              </Button>
            </View>
          </View>
        ) : null}

        {editable ? (
          <View className="calendar-save">
            {dirty ? (
              <Text className="calendar-save__note" id="calendar-dirty">
                有未保存的修改
              </Text>
            ) : loaded?.provisional ? (
              <Text className="calendar-save__note">核对无误后保存，即不再标为预估</Text>
            ) : null}
            <FieldError form={F} field="save" message={errors.save} />
            <Button
              id="calendar-save"
              type="primary"
              block
              loading={saving}
              disabled={saving || !loaded || (!dirty && !loaded.provisional)}
              onClick={() => void save()}
            >
              保存 {year} 年安排
            </Button>
          </View>
        ) : null}
      </PageState>
    </View>
  );
}
