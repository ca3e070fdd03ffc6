import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { formatZodIssues, houseBindingSchema, type HouseBindingView, type NamedRef } from '@linli/shared';
import FieldError from '../../components/FieldError';
import PageState from '../../components/PageState';
import { useRequest } from '../../hooks/useRequest';
import { useRequireLogin } from '../../hooks/useSession';
import { ApiError } from '../../services/http';
import { bindHouse, listBuildings, listProjects, listRooms, listUnits } from '../../services/houses';
import { COMPLAINT_NEW_PAGE, HOME_PAGE } from '../../utils/routes';
import { firstErrors } from '../../utils/form';
import './index.scss';

const LEVELS = ['project', 'building', 'unit', 'room'] as const;
type Level = (typeof LEVELS)[number];

const LEVEL_LABELS: Record<Level, string> = {
  project: '小区',
  building: '楼栋',
  unit: '单元',
  room: '房号',
};

interface Choice extends NamedRef {
  detail?: string;
}

function OptionList(props: {
  level: Level;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  options: Choice[] | undefined;
  onPick: (option: Choice) => void;
}) {
  const { level, loading, error, onRetry, options, onPick } = props;
  return (
    <View className="card" id={`bind-step-${level}`}>
      <View className="card__title">
        <Text>选择{LEVEL_LABELS[level]}</Text>
      </View>
      <PageState
        id={`bind-${level}s`}
        loading={loading}
        error={error}
        onRetry={onRetry}
        empty={options?.length === 0}
        emptyText={`没有可选的${LEVEL_LABELS[level]}，请联系物业客服`}
        rows={3}
      >
        <View className={`bind-options bind-options--${level}`}>
          {(options ?? []).map((option) => (
            <View
              key={option.id}
              id={`bind-${level}-${option.id}`}
              className="bind-option"
              onClick={() => onPick(option)}
            >
              <Text>{option.name}</Text>
              {option.detail ? <Text className="muted">{option.detail}</Text> : null}
            </View>
          ))}
        </View>
      </PageState>
    </View>
  );
}

function BindResult({ binding }: { binding: HouseBindingView }) {
  const bound = binding.status === 'bound';
  const rejected = binding.status === 'rejected';
  return (
    <View className="page">
      <View className="card bind-result" id="bind-result" data-status={binding.status}>
        <View className={`bind-result__badge bind-result__badge--${binding.status}`}>
          {bound ? '✓' : rejected ? '×' : '…'}
        </View>
        <Text className="bind-result__title" id="bind-result-status">
          {bound ? '已绑定' : rejected ? '未通过' : '待审核'}
        </Text>
        <Text className="bind-result__label">{binding.room.label}</Text>
        <Text className="muted bind-result__text">
          {bound
            ? '与业主名册信息一致，房屋已绑定，现在就可以提交投诉了。'
            : rejected
              ? (binding.rejectReason ?? '信息与业主名册不一致，请联系物业客服。')
              : '信息已提交。与业主名册未能自动匹配，物业客服审核通过后即可使用（通常 1 个工作日内）。'}
        </Text>
      </View>
      <View className="form-actions">
        {bound ? (
          <Button
            id="bind-go-complaint"
            type="primary"
            block
            onClick={() => void Taro.redirectTo({ url: COMPLAINT_NEW_PAGE })}
          >
            去投诉
          </Button>
        ) : null}
        <View className="bind-result__spacer" />
        <Button id="bind-go-home" block fill="outline" onClick={() => void Taro.reLaunch({ url: HOME_PAGE })}>
          返回首页
        </Button>
      </View>
    </View>
  );
}

export default function HouseBindPage() {
  const user = useRequireLogin();
  const [project, setProject] = useState<Choice | null>(null);
  const [building, setBuilding] = useState<Choice | null>(null);
  const [unit, setUnit] = useState<Choice | null>(null);
  const [room, setRoom] = useState<Choice | null>(null);
  const [name, setName] = useState(user?.name ?? '');
  const [phone, setPhone] = useState(user?.phone ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [submitting, setSubmitting] = useState(false);
  const [result, setResult] = useState<HouseBindingView | null>(null);

  const loggedIn = user !== null;
  const projects = useRequest(listProjects, [], { ready: loggedIn });
  const buildings = useRequest(() => listBuildings(project!.id), [project?.id], { ready: loggedIn && !!project });
  const units = useRequest(() => listUnits(building!.id), [building?.id], { ready: loggedIn && !!building });
  const rooms = useRequest(
    async () => (await listRooms(unit!.id)).map((r) => ({ id: r.id, name: r.name, detail: `${r.floor} 层` })),
    [unit?.id],
    { ready: loggedIn && !!unit },
  );

  if (!user) return <View className="page" />;
  if (result) return <BindResult binding={result} />;

  /** Picking (or clearing) a level resets the levels below it. */
  const choose = (level: Level, option: Choice | null) => {
    const depth = LEVELS.indexOf(level);
    const setters = [setProject, setBuilding, setUnit, setRoom];
    setters.forEach((set, index) => {
      if (index === depth) set(option);
      if (index > depth) set(null);
    });
    setErrors((previous) => ({ ...previous, roomId: '' }));
  };

  const chosen: Array<[Level, Choice | null]> = [
    ['project', project],
    ['building', building],
    ['unit', unit],
    ['room', room],
  ];

  const submit = async () => {
    const parsed = houseBindingSchema.safeParse({ roomId: room?.id, name, phone });
    if (!parsed.success) {
      setErrors(firstErrors(formatZodIssues(parsed.error)));
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      setResult(await bindHouse(parsed.data));
    } catch (error) {
      if (error instanceof ApiError && error.hasFieldErrors) setErrors(error.fieldErrors);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <View className="page house-bind-page">
      <View className="card bind-chosen" id="bind-chosen">
        <View className="card__title">
          <Text>房屋信息</Text>
        </View>
        {chosen.map(([level, value]) => (
          <View className="bind-chosen__row" key={level}>
            <Text className="bind-chosen__label">{LEVEL_LABELS[level]}</Text>
            <Text className={value ? 'bind-chosen__value' : 'form-placeholder'}>{value ? value.name : '请选择'}</Text>
            {value ? (
              <Text className="card__link" id={`bind-change-${level}`} onClick={() => choose(level, null)}>
                修改
              </Text>
            ) : null}
          </View>
        ))}
        <FieldError form="bind" field="roomId" message={errors.roomId} />
      </View>

      {!project ? (
        <OptionList
          level="project"
          loading={projects.loading}
          error={projects.error}
          onRetry={() => void projects.refresh()}
          options={projects.data}
          onPick={(o) => choose('project', o)}
        />
      ) : !building ? (
        <OptionList
          level="building"
          loading={buildings.loading}
          error={buildings.error}
          onRetry={() => void buildings.refresh()}
          options={buildings.data}
          onPick={(o) => choose('building', o)}
        />
      ) : !unit ? (
        <OptionList
          level="unit"
          loading={units.loading}
          error={units.error}
          onRetry={() => void units.refresh()}
          options={units.data}
          onPick={(o) => choose('unit', o)}
        />
      ) : !room ? (
        <OptionList
          level="room"
          loading={rooms.loading}
          error={rooms.error}
          onRetry={() => void rooms.refresh()}
          options={rooms.data}
          onPick={(o) => choose('room', o)}
        />
      ) : null}

      <View className="card">
        <View className="card__title">
          <Text>业主信息</Text>
        </View>
        <Text className="muted">请填写物业登记的业主（或家庭成员）姓名和手机号，与业主名册一致时立即绑定。</Text>
        <View className="form-field">
          <Text className="form-label form-label--required">姓名</Text>
          <Input
            id="bind-name"
            className="form-input"
            value={name}
            maxlength={20}
            placeholder="业主姓名"
            onInput={(e) => setName(e.detail.value)}
          />
          <FieldError form="bind" field="name" message={errors.name} />
        </View>
        <View className="form-field">
          <Text className="form-label form-label--required">手机号</Text>
          <Input
            id="bind-phone"
            className="form-input"
            type="number"
            value={phone}
            maxlength={11}
            placeholder="11 位手机号"
            onInput={(e) => setPhone(e.detail.value)}
          />
          <FieldError form="bind" field="phone" message={errors.phone} />
        </View>
      </View>

      <View className="form-actions">
        <Button
          id="bind-submit"
          type="primary"
          block
          loading={submitting}
          disabled={submitting}
          onClick={() => void submit()}
        >
          提交绑定
        </Button>
      </View>
    </View>
  );
}
