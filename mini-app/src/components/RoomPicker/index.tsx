import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { NamedRef } from '@linli/shared';
import { useRequest, type UseRequestResult } from '../../hooks/useRequest';
import { listBuildings, listProjects, listRooms, listUnits } from '../../services/houses';
import PageState from '../PageState';
import './index.scss';

export const ROOM_LEVELS = ['project', 'building', 'unit', 'room'] as const;
export type RoomLevel = (typeof ROOM_LEVELS)[number];

export const ROOM_LEVEL_LABELS: Record<RoomLevel, string> = {
  project: '小区',
  building: '楼栋',
  unit: '单元',
  room: '房号',
};

export interface RoomChoice extends NamedRef {
  detail?: string;
}

export type RoomPath = Record<RoomLevel, RoomChoice | null>;

export const EMPTY_ROOM_PATH: RoomPath = { project: null, building: null, unit: null, room: null };

/** Picking (or clearing) a level resets the levels below it. */
export function chooseLevel(path: RoomPath, level: RoomLevel, option: RoomChoice | null): RoomPath {
  const depth = ROOM_LEVELS.indexOf(level);
  const next = { ...path };
  ROOM_LEVELS.forEach((name, index) => {
    if (index === depth) next[name] = option;
    if (index > depth) next[name] = null;
  });
  return next;
}

function OptionList(props: {
  idPrefix: string;
  level: RoomLevel;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  options: RoomChoice[] | undefined;
  onPick: (option: RoomChoice) => void;
  hint?: string;
}) {
  const { idPrefix, level, loading, error, onRetry, options, onPick, hint } = props;
  return (
    <View className="card" id={`${idPrefix}-step-${level}`}>
      <View className="card__title">
        <Text>选择{ROOM_LEVEL_LABELS[level]}</Text>
        {hint ? <Text className="muted">{hint}</Text> : null}
      </View>
      <PageState
        id={`${idPrefix}-${level}s`}
        loading={loading}
        error={error}
        onRetry={onRetry}
        empty={options?.length === 0}
        emptyText={`没有可选的${ROOM_LEVEL_LABELS[level]}，请联系物业客服`}
        rows={3}
      >
        <View className={`room-options room-options--${level}`}>
          {(options ?? []).map((option) => (
            <View
              key={option.id}
              id={`${idPrefix}-${level}-${option.id}`}
              className="room-option"
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

/**
 * 小区 → 楼栋 → 单元 → 房号, one level at a time (`#<idPrefix>-<level>-<id>`), with the path so
 * far in `#<idPrefix>-chosen` (`#<idPrefix>-change-<level>` to pick again). `optionalFrom` lets
 * the levels from there on be skipped (代客登记: a project, maybe no room).
 */
export default function RoomPicker(props: {
  idPrefix: string;
  value: RoomPath;
  onChange: (path: RoomPath) => void;
  title?: string;
  /** Under the chosen path, e.g. the field error. */
  children?: ReactNode;
  optionalFrom?: RoomLevel;
}) {
  const { idPrefix, value, onChange, title = '房屋信息', children, optionalFrom } = props;
  const { project, building, unit } = value;
  const projects = useRequest(listProjects);
  const buildings = useRequest(() => listBuildings(project!.id), [project?.id], { ready: !!project });
  const units = useRequest(() => listUnits(building!.id), [building?.id], { ready: !!building });
  const rooms = useRequest<RoomChoice[]>(
    async () => (await listRooms(unit!.id)).map((r) => ({ id: r.id, name: r.name, detail: `${r.floor} 层` })),
    [unit?.id],
    { ready: !!unit },
  );

  const choose = (level: RoomLevel, option: RoomChoice | null) => onChange(chooseLevel(value, level, option));
  const optional = (level: RoomLevel) =>
    optionalFrom !== undefined && ROOM_LEVELS.indexOf(level) >= ROOM_LEVELS.indexOf(optionalFrom);

  const steps: Array<[RoomLevel, UseRequestResult<RoomChoice[]>]> = [
    ['project', projects],
    ['building', buildings],
    ['unit', units],
    ['room', rooms],
  ];
  const next = steps.find(([level]) => !value[level]);

  return (
    <>
      <View className="card room-chosen" id={`${idPrefix}-chosen`}>
        <View className="card__title">
          <Text>{title}</Text>
        </View>
        {ROOM_LEVELS.map((level) => (
          <View className="room-chosen__row" key={level}>
            <Text className="room-chosen__label">{ROOM_LEVEL_LABELS[level]}</Text>
            <Text className={value[level] ? 'room-chosen__value' : 'form-placeholder'}>
              {value[level] ? value[level]!.name : optional(level) ? '不指定' : '请选择'}
            </Text>
            {value[level] ? (
              <Text className="card__link" id={`${idPrefix}-change-${level}`} onClick={() => choose(level, null)}>
                修改
              </Text>
            ) : null}
          </View>
        ))}
        {children}
      </View>
      {next ? (
        <OptionList
          idPrefix={idPrefix}
          level={next[0]}
          loading={next[1].loading}
          error={next[1].error}
          onRetry={() => void next[1].refresh()}
          options={next[1].data}
          onPick={(option) => choose(next[0], option)}
          hint={optional(next[0]) ? '可不选' : undefined}
        />
      ) : null}
    </>
  );
}
