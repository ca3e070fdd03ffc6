import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import {
  KIND_LABELS,
  REPAIR_SCOPE_LABELS,
  REPAIR_SCOPES,
  REPAIR_URGENCIES,
  REPAIR_URGENCY_LABELS,
  REQUEST_KINDS,
  formatZodIssues,
  intakeFormSchema,
  type CallerHouse,
  type CallerLookup,
  type RequestKind,
} from '@linli/shared';
import CategoryPicker from '../../../components/CategoryPicker';
import ChoiceChips from '../../../components/ChoiceChips';
import DateTimeField from '../../../components/DateTimeField';
import FieldError from '../../../components/FieldError';
import FormFooter from '../../../components/FormFooter';
import PageState from '../../../components/PageState';
import PhotoPicker from '../../../components/PhotoPicker';
import PrivacyPopup from '../../../components/PrivacyPopup';
import RequestCard from '../../../components/RequestCard';
import RoomPicker, { EMPTY_ROOM_PATH, type RoomPath } from '../../../components/RoomPicker';
import { useLeaveGuard } from '../../../hooks/useLeaveGuard';
import { useRequest } from '../../../hooks/useRequest';
import { useRequireLogin } from '../../../hooks/useSession';
import { listCategories } from '../../../services/categories';
import { ApiError } from '../../../services/http';
import { intakeRequest, lookupCaller } from '../../../services/requests';
import { chosenLeaf, walkCategories } from '../../../utils/categories';
import { fieldId, firstErrors, scrollToFirstError } from '../../../utils/form';
import { formChanged } from '../../../utils/leave-guard';
import { deskRequestUrl, isDeskRole, taskUrl } from '../../../utils/routes';
import {
  EMPTY_INTAKE_FORM,
  INTAKE_FIELD_ORDER,
  INTAKE_FIELDS,
  INTAKE_SOURCES,
  toIntakeInput,
  type IntakeFormState,
} from './form';
import './index.scss';

const F = 'intake';
const NATIVE_TEXTAREA = process.env.TARO_ENV !== 'h5';
const DAY_MS = 24 * 3600 * 1000;
/** The room picker's messages (project, room) sit under its one card. */
const anchor = (field: string) => fieldId(F, field === 'roomId' ? 'projectId' : field);

/** contactName → contact-name, for element ids. */
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

type TextField =
  | 'area'
  | 'subjectOfComplaint'
  | 'occurredPlace'
  | 'repairItem'
  | 'repairLocation'
  | 'repairModel'
  | 'contactName'
  | 'contactPhone';

type Lookup = { by: 'phone'; phone: string; result: CallerLookup } | { by: 'door' | 'room'; result: CallerLookup };

/** The register's owner of a room (owners first in the answer), else its first bound resident. */
function registeredOwner(house: CallerHouse | undefined): { name: string; phone: string } | null {
  if (!house) return null;
  const entry = house.registered[0] ?? house.residents[0];
  return entry ? { name: entry.name, phone: entry.phone } : null;
}

/**
 * What the caller lookup found (`#intake-lookup-house-<roomId>`, tap to fill the room and the
 * contact; `#intake-lookup-recent-<id>` the recent requests; `#intake-lookup-empty`).
 */
function LookupResult(props: { lookup: Lookup; chosenRoomId: number | null; onPick: (house: CallerHouse) => void }) {
  const { lookup, chosenRoomId, onPick } = props;
  const { houses, recent } = lookup.result;
  return (
    <View className="intake-lookup__result" id={`${F}-lookup-result`}>
      {houses.length === 0 ? (
        <Text className="muted" id={`${F}-lookup-empty`}>
          {lookup.by === 'phone'
            ? '业主名册和已绑定住户里没有这个号码，请在下方选择房屋并填写联系人'
            : '没有找到这个房号，请在下方逐级选择房屋'}
        </Text>
      ) : (
        houses.map((house) => (
          <View
            key={house.room.id}
            id={`${F}-lookup-house-${house.room.id}`}
            className={`intake-house${house.room.id === chosenRoomId ? ' intake-house--chosen' : ''}`}
            onClick={() => onPick(house)}
          >
            <View className="intake-house__main">
              <Text className="intake-house__label">{house.label}</Text>
              {house.registered.map((person) => (
                <Text className="muted" key={`r-${person.phone}`}>
                  {person.relationLabel} {person.name} {person.phone}
                </Text>
              ))}
              {house.residents
                .filter((person) => !house.registered.some((entry) => entry.phone === person.phone))
                .map((person) => (
                  <Text className="muted" key={`b-${person.phone}`}>
                    已绑定 {person.name} {person.phone}
                  </Text>
                ))}
            </View>
            <Text className="intake-house__pick">{house.room.id === chosenRoomId ? '已选' : '选这间'}</Text>
          </View>
        ))
      )}
      {recent.length > 0 ? (
        <View className="intake-lookup__recent" id={`${F}-lookup-recent`}>
          <Text className="form-label">最近的诉求</Text>
          {recent.map((item) => (
            <RequestCard
              key={item.id}
              idPrefix={`${F}-lookup-recent`}
              item={item}
              staffView
              onClick={() => void Taro.navigateTo({ url: deskRequestUrl(item.id) })}
            />
          ))}
        </View>
      ) : null}
    </View>
  );
}

/**
 * 代客登记: a receptionist (or supervisor, manager) registers a complaint, repair or suggestion
 * that came by phone, visit, letter… and becomes its first-contact owner (首问负责制). The caller
 * is looked up first by phone or door number: their houses (one is picked at once) and recent
 * requests; picking a room, here or in the picker, fills in its registered owner.
 */
export default function IntakePage() {
  const user = useRequireLogin();
  // 首问负责制: any employee registers what they were told; the caller lookup (residents' phones) is the desk's.
  const desk = isDeskRole(user?.role);
  const allowed = desk || user?.role === 'staff';
  const [form, setForm] = useState<IntakeFormState>(EMPTY_INTAKE_FORM);
  const [room, setRoom] = useState<RoomPath>(EMPTY_ROOM_PATH);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState('');
  const [picker, setPicker] = useState<'occurredAt' | 'appointmentAt' | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [photosBusy, setPhotosBusy] = useState(false);
  const [lookupText, setLookupText] = useState('');
  const [lookingUp, setLookingUp] = useState(false);
  const [lookupError, setLookupError] = useState('');
  const [lookup, setLookup] = useState<Lookup | null>(null);
  /** The contact last filled in from the register: replaced by the next room, unlike what the desk typed. */
  const [autoFilled, setAutoFilledState] = useState<{ name: string; phone: string } | null>(null);
  // Read by callbacks that finish after later renders (a room's lookup).
  const autoFilledRef = useRef<{ name: string; phone: string } | null>(null);
  const setAutoFilled = (person: { name: string; phone: string } | null) => {
    autoFilledRef.current = person;
    setAutoFilledState(person);
  };
  const categories = useRequest(() => listCategories(form.kind), [form.kind], { ready: allowed });
  // A caller found and a room filled in count as work done, as much as what the desk typed.
  const guard = useLeaveGuard(formChanged(form, EMPTY_INTAKE_FORM));

  if (!user) return <View className="page" />;
  if (!allowed) {
    return (
      <View className="page">
        <View className="card muted" id="intake-forbidden">
          诉求登记供物业员工使用；业主请在首页提交诉求。
        </View>
      </View>
    );
  }

  const set = <K extends keyof IntakeFormState>(field: K, value: IntakeFormState[K]) => {
    setForm((previous) => ({ ...previous, [field]: value }));
    const errorField = field === 'categoryPath' ? 'categoryId' : field === 'photos' ? 'photoIds' : field;
    if (errors[errorField]) setErrors((previous) => ({ ...previous, [errorField]: '' }));
  };

  const tree = categories.data ?? [];
  const leaf = chosenLeaf(tree, form.categoryPath);
  const chosenCategories = walkCategories(tree, form.categoryPath);
  const hideTextareas = NATIVE_TEXTAREA && picker !== null;

  const chooseKind = (kind: RequestKind) => {
    setForm((previous) => ({ ...previous, kind, categoryPath: [] }));
    setErrors({});
  };

  /** Fills the contact from a room's register, unless the desk typed one of its own. */
  const fillContact = (person: { name: string; phone: string } | null) => {
    if (!person) return;
    const before = autoFilledRef.current;
    setForm((previous) => {
      const mayName = !previous.contactName || previous.contactName === before?.name;
      const mayPhone = !previous.contactPhone || previous.contactPhone === before?.phone;
      return {
        ...previous,
        contactName: mayName ? person.name : previous.contactName,
        contactPhone: mayPhone ? person.phone : previous.contactPhone,
      };
    });
    setAutoFilled(person);
    setErrors((previous) => ({ ...previous, contactName: '', contactPhone: '' }));
  };

  const chooseRoom = (path: RoomPath) => {
    setRoom(path);
    setForm((previous) => ({ ...previous, projectId: path.project?.id ?? null, roomId: path.room?.id ?? null }));
    setErrors((previous) => ({ ...previous, projectId: '', roomId: '' }));
    if (desk && path.room && path.room.id !== room.room?.id) {
      // Picking a room fills in its registered owner, and shows the room's recent requests.
      const roomId = path.room.id;
      void lookupCaller({ roomId })
        .then((found) => {
          setLookup({ by: 'room', result: found });
          fillContact(registeredOwner(found.houses.find((house) => house.room.id === roomId)));
        })
        .catch(() => undefined);
    }
  };

  const pickHouse = (house: CallerHouse, current: Lookup | null = lookup) => {
    setRoom({ project: house.project, building: house.building, unit: house.unit, room: house.room });
    setForm((previous) => ({ ...previous, projectId: house.project.id, roomId: house.room.id }));
    setErrors((previous) => ({ ...previous, projectId: '', roomId: '' }));
    // The caller is the one whose number was looked up; otherwise the room's registered owner.
    const phone = current?.by === 'phone' ? current.phone : null;
    const caller = phone
      ? ([...house.registered, ...house.residents].find((person) => person.phone === phone) ?? null)
      : null;
    fillContact(caller ?? registeredOwner(house));
  };

  const findCaller = async () => {
    const q = lookupText.trim();
    if (!q) {
      setLookupError('请输入来电号码或房号');
      return;
    }
    setLookupError('');
    setLookingUp(true);
    try {
      const result = await lookupCaller({ q });
      const phone = /^[0-9-]{7,}$/.test(q) && q.replace(/-/g, '').length >= 7 ? q : null;
      const found: Lookup = phone ? { by: 'phone', phone, result } : { by: 'door', result };
      setLookup(found);
      if (phone && !form.contactPhone) set('contactPhone', phone);
      if (result.houses.length === 1) pickHouse(result.houses[0], found);
    } catch (error) {
      setLookupError(error instanceof ApiError ? error.message : '查找失败，请稍后重试');
    } finally {
      setLookingUp(false);
    }
  };

  const submit = async () => {
    if (photosBusy) return;
    setFormError('');
    const parsed = intakeFormSchema.safeParse(toIntakeInput(form, tree));
    if (!parsed.success) {
      const found = firstErrors(formatZodIssues(parsed.error));
      if (found.categoryId && chosenCategories.length > 0 && !leaf) found.categoryId = '请继续选择具体的分类';
      setErrors(found);
      scrollToFirstError(found, INTAKE_FIELD_ORDER, anchor);
      void Taro.showToast({ title: '请检查标红的内容', icon: 'none' });
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      const created = await intakeRequest(parsed.data);
      guard.release();
      void Taro.showToast({ title: `已登记，编号 ${created.number}`, icon: 'none', duration: 2500 });
      // A worker follows what they registered from their own task page, like their tasks.
      void Taro.redirectTo({
        url: desk ? deskRequestUrl(created.id, { created: true }) : `${taskUrl(created.id)}&created=1`,
      });
    } catch (error) {
      if (error instanceof ApiError && error.hasFieldErrors) {
        setErrors(error.fieldErrors);
        scrollToFirstError(error.fieldErrors, INTAKE_FIELD_ORDER, anchor);
        const other = error.details.filter((detail) => !INTAKE_FIELDS.includes(detail.field));
        setFormError([error.message, ...other.map((detail) => detail.message)].join('；'));
      }
    } finally {
      setSubmitting(false);
    }
  };

  const input = (field: TextField, label: string, placeholder: string, required = false, max = 100) => (
    <View className="form-field" id={fieldId(F, field)}>
      <Text className={`form-label${required ? ' form-label--required' : ''}`}>{label}</Text>
      <Input
        id={`${F}-${kebab(field)}`}
        className="form-input"
        value={form[field]}
        maxlength={max}
        placeholder={placeholder}
        onInput={(e) => set(field, e.detail.value)}
      />
      <FieldError form={F} field={field} message={errors[field]} />
    </View>
  );

  const textarea = (
    field: 'content' | 'demand',
    label: string,
    placeholder: string,
    required: boolean,
    max: number,
  ) => (
    <View className="form-field" id={fieldId(F, field)}>
      <Text className={`form-label${required ? ' form-label--required' : ''}`}>{label}</Text>
      {hideTextareas ? (
        <View className={`form-textarea${field === 'demand' ? ' form-textarea--short' : ''}`}>{form[field]}</View>
      ) : (
        <Textarea
          id={`${F}-${field}`}
          className={`form-textarea${field === 'demand' ? ' form-textarea--short' : ''}`}
          value={form[field]}
          maxlength={max}
          placeholder={placeholder}
          onInput={(e) => set(field, e.detail.value)}
        />
      )}
      <FieldError form={F} field={field} message={errors[field]} />
    </View>
  );

  return (
    <View className="page intake-page">
      {desk ? (
        <View className="card intake-lookup" id={`${F}-lookup`}>
          <View className="card__title">
            <Text>查找来电人</Text>
            <Text className="muted">手机号、座机或房号</Text>
          </View>
          <View className="intake-lookup__bar">
            <Input
              id={`${F}-lookup-input`}
              className="form-input intake-lookup__input"
              value={lookupText}
              maxlength={20}
              confirmType="search"
              placeholder="如 13800138000 或 1201"
              onInput={(e) => setLookupText(e.detail.value)}
              onConfirm={() => void findCaller()}
            />
            <Button
              id={`${F}-lookup-submit`}
              type="primary"
              className="intake-lookup__submit"
              loading={lookingUp}
              disabled={lookingUp}
              onClick={() => void findCaller()}
            >
              查找
            </Button>
          </View>
          {lookupError ? (
            <Text className="field-error" id={`${F}-lookup-error`}>
              {lookupError}
            </Text>
          ) : null}
          {lookup ? (
            <LookupResult lookup={lookup} chosenRoomId={form.roomId} onPick={(house) => pickHouse(house)} />
          ) : null}
          {autoFilled ? (
            <Text className="muted intake-lookup__filled" id={`${F}-owner-filled`}>
              已填入联系人 {autoFilled.name} {autoFilled.phone}，可在下方修改
            </Text>
          ) : null}
        </View>
      ) : (
        <View className="card muted" id={`${F}-first-contact`}>
          您登记的诉求由您担任首问负责人：处理进度与结果都会通知您。
        </View>
      )}

      <View className="card">
        <View className="form-field" id={fieldId(F, 'kind')}>
          <Text className="form-label form-label--required">类型</Text>
          <ChoiceChips<RequestKind>
            idPrefix={`${F}-kind`}
            choices={REQUEST_KINDS.map((kind) => ({ id: kind, label: KIND_LABELS[kind] }))}
            value={form.kind}
            onChange={chooseKind}
          />
          <FieldError form={F} field="kind" message={errors.kind} />
        </View>
        <View className="form-field" id={fieldId(F, 'source')}>
          <Text className="form-label form-label--required">来源</Text>
          <ChoiceChips
            idPrefix={`${F}-source`}
            choices={INTAKE_SOURCES}
            value={form.source}
            onChange={(source) => set('source', source)}
          />
          <FieldError form={F} field="source" message={errors.source} />
        </View>
      </View>

      <View id={fieldId(F, 'projectId')}>
        <RoomPicker idPrefix={F} value={room} onChange={chooseRoom} title="项目与房屋" optionalFrom="building">
          <FieldError form={F} field="projectId" message={errors.projectId} />
          <FieldError form={F} field="roomId" message={errors.roomId} />
        </RoomPicker>
      </View>

      <View className="card">
        {input('area', '区域（无具体房间时）', '如：2 栋电梯厅、南门停车场（选填）', false, 50)}

        <View className="form-field" id={fieldId(F, 'categoryId')}>
          <Text className="form-label form-label--required">分类</Text>
          <PageState
            id={`${F}-categories`}
            loading={categories.loading && !categories.data}
            error={categories.data ? undefined : categories.error}
            onRetry={() => void categories.refresh()}
            empty={categories.data?.length === 0}
            emptyText="暂无可选的分类"
            compact
            rows={2}
          >
            <CategoryPicker
              idPrefix={`${F}-category`}
              tree={tree}
              path={form.categoryPath}
              onChange={(path) => set('categoryPath', path)}
            />
          </PageState>
          <FieldError form={F} field="categoryId" message={errors.categoryId} />
        </View>

        {form.kind === 'repair' ? (
          <>
            <View className="form-field" id={fieldId(F, 'repairScope')}>
              <Text className="form-label">维修类型</Text>
              <ChoiceChips
                idPrefix={`${F}-scope`}
                choices={REPAIR_SCOPES.map((scope) => ({ id: scope, label: REPAIR_SCOPE_LABELS[scope] }))}
                value={form.repairScope}
                onChange={(scope) => set('repairScope', scope)}
              />
              <FieldError form={F} field="repairScope" message={errors.repairScope} />
            </View>
            <View className="form-field" id={fieldId(F, 'urgency')}>
              <Text className="form-label">紧急程度</Text>
              <ChoiceChips
                idPrefix={`${F}-urgency`}
                choices={REPAIR_URGENCIES.map((urgency) => ({ id: urgency, label: REPAIR_URGENCY_LABELS[urgency] }))}
                value={form.urgency}
                onChange={(urgency) => set('urgency', urgency)}
              />
              <FieldError form={F} field="urgency" message={errors.urgency} />
            </View>
            {input('repairItem', '报修物品', '如：厨房水龙头')}
            {input('repairLocation', '具体位置', '如：厨房水槽下方')}
            {input('repairModel', '材料/型号', '选填')}
          </>
        ) : null}

        {textarea('content', '内容', '业主反映的情况（5–500 字）', true, 500)}

        {form.kind === 'complaint' ? (
          <>
            {input('subjectOfComplaint', '被投诉人/部门', '选填')}
            {input('occurredPlace', '发生地点', '选填')}
            <View className="form-field" id={fieldId(F, 'occurredAt')}>
              <Text className="form-label">发生时间</Text>
              <DateTimeField
                id={`${F}-time`}
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
              <FieldError form={F} field="occurredAt" message={errors.occurredAt} />
            </View>
          </>
        ) : null}

        {form.kind === 'repair' ? (
          <View className="form-field" id={fieldId(F, 'appointmentAt')}>
            <Text className="form-label">预约上门时间</Text>
            <DateTimeField
              id={`${F}-appointment`}
              title="预约上门时间"
              placeholder="选填"
              value={form.appointmentAt}
              onChange={(value) => set('appointmentAt', value)}
              open={picker === 'appointmentAt'}
              onOpenChange={(open) => setPicker(open ? 'appointmentAt' : null)}
              startDate={new Date(Date.now() + 60 * 60 * 1000)}
              endDate={new Date(Date.now() + 30 * DAY_MS)}
              minuteStep={30}
            />
            <FieldError form={F} field="appointmentAt" message={errors.appointmentAt} />
          </View>
        ) : (
          textarea('demand', '业主要求', '选填', false, 200)
        )}

        <View className="form-field" id={fieldId(F, 'photoIds')}>
          <PhotoPicker
            id={`${F}-photos`}
            label="照片（选填）"
            value={form.photos}
            onChange={(photos) => set('photos', photos)}
            onBusyChange={setPhotosBusy}
          />
          <FieldError form={F} field="photoIds" message={errors.photoIds} />
        </View>
      </View>

      <View className="card">
        {input('contactName', '联系人', '业主或来访人姓名', true, 20)}
        {input('contactPhone', '联系电话', '手机号或带区号的座机', true, 13)}
      </View>

      {formError ? (
        <Text className="field-error intake-form-error" id={`${F}-error-form`}>
          {formError}
        </Text>
      ) : null}

      <Text className="muted intake-note">登记后您是这条诉求的首问负责人，处理结果会通知您。</Text>
      <FormFooter>
        <Button
          id={`${F}-submit`}
          type="primary"
          block
          loading={submitting}
          disabled={submitting || photosBusy}
          onClick={() => void submit()}
        >
          {photosBusy ? '照片上传中…' : '登记'}
        </Button>
      </FormFooter>
      <PrivacyPopup />
    </View>
  );
}
