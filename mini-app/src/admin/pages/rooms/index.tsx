import { useMemo, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import {
  MAX_ROOMS_PER_BATCH,
  previewRoomPattern,
  ROOM_NAMING_LABELS,
  roomEditSchema,
  roomPatternSchema,
  roomPatternTotal,
  type AdminRoomView,
  type RoomNaming,
} from '@linli/shared';
import AdminForm, {
  toPayload,
  toValues,
  validate,
  type AdminField,
  type AdminValues,
} from '../../../components/AdminForm';
import PageState from '../../../components/PageState';
import { useRequest } from '../../../hooks/useRequest';
import { useRequireLogin } from '../../../hooks/useSession';
import { adminBuildings, adminProject, adminRooms, batchRooms, updateRoom } from '../../../services/estate';
import { ApiError } from '../../../services/http';
import { canSeeEstate } from '../../../utils/routes';
import '../estate.scss';

const BATCH_FIELDS: AdminField[] = [
  { kind: 'number', name: 'buildings', label: '楼栋数', unit: '栋' },
  { kind: 'number', name: 'units', label: '每栋单元数', unit: '单元' },
  { kind: 'number', name: 'floors', label: '楼层数', unit: '层' },
  { kind: 'number', name: 'perFloor', label: '每层户数', unit: '户' },
  { kind: 'number', name: 'firstBuilding', label: '起始楼栋号' },
  { kind: 'number', name: 'firstFloor', label: '起始楼层' },
  {
    kind: 'choice',
    name: 'naming',
    label: '房号规则',
    choices: (Object.keys(ROOM_NAMING_LABELS) as RoomNaming[]).map((id) => ({ id, label: ROOM_NAMING_LABELS[id] })),
  },
];
const BATCH_START = toValues(BATCH_FIELDS, { firstBuilding: 1, firstFloor: 1, naming: 'floor_door' });

const ROOM_FIELDS: AdminField[] = [
  { kind: 'text', name: 'name', label: '房号', max: 20 },
  { kind: 'number', name: 'floor', label: '楼层', unit: '层' },
  { kind: 'switch', name: 'occupied', label: '入住情况', on: '入住', off: '空置' },
];

/**
 * 楼栋房间 (`?projectId=`): buildings with their units (`#rooms-unit-<id>`), a unit's rooms
 * (`#rooms-room-<id>`, `data-occupied`), a room's edit (`#room-form`, `#room-save`), and 批量创建
 * (`#batch-form`) with the first names and the total counted live (`#batch-preview`, `#batch-total`).
 */
export default function RoomsPage() {
  const user = useRequireLogin();
  const projectId = Number(useRouter().params.projectId);
  const allowed = canSeeEstate(user?.role) && projectId > 0;
  const project = useRequest(() => adminProject(projectId), [projectId], { ready: allowed });
  const buildings = useRequest(() => adminBuildings(projectId), [projectId], { ready: allowed });
  const [unitId, setUnitId] = useState<number | null>(null);
  const rooms = useRequest(() => adminRooms(unitId!), [unitId], { ready: allowed && unitId !== null });
  const [room, setRoom] = useState<AdminRoomView | null>(null);
  const [roomValues, setRoomValues] = useState<AdminValues>({});
  const [roomErrors, setRoomErrors] = useState<Record<string, string>>({});
  const [batch, setBatch] = useState<AdminValues>(BATCH_START);
  const [batchErrors, setBatchErrors] = useState<Record<string, string>>({});
  const [batchRefusal, setBatchRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const pattern = useMemo(() => validate(roomPatternSchema, toPayload(BATCH_FIELDS, batch)), [batch]);
  const counted = useMemo(() => {
    const n = (name: string) => Number(batch[name]) || 0;
    return roomPatternTotal({
      buildings: n('buildings'),
      units: n('units'),
      floors: n('floors'),
      perFloor: n('perFloor'),
    });
  }, [batch]);

  if (!user) return <View className="page" />;
  if (!allowed) {
    return (
      <View className="page">
        <View className="card muted" id="rooms-forbidden">
          楼栋房间管理供公司管理员和项目经理使用。
        </View>
      </View>
    );
  }

  // A project that is gone or not the caller's: say so, without a batch form that could only fail.
  if (project.error && !project.data) {
    return (
      <View className="page estate-page">
        <PageState id="rooms-project" loading={false} error={project.error} onRetry={() => void project.refresh()} />
      </View>
    );
  }

  const openRoom = (r: AdminRoomView) => {
    setRoom(r);
    setRoomErrors({});
    setRoomValues(toValues(ROOM_FIELDS, r as unknown as Record<string, unknown>));
  };

  const saveRoom = async () => {
    if (!room) return;
    const checked = validate(roomEditSchema, toPayload(ROOM_FIELDS, roomValues));
    if (!checked.ok) return setRoomErrors(checked.errors);
    setBusy(true);
    try {
      await updateRoom(room.id, checked.data);
      void Taro.showToast({ title: '已保存', icon: 'success' });
      setRoom(null);
      await rooms.refresh();
    } catch (error) {
      if (error instanceof ApiError) setRoomErrors(error.fieldErrors);
    } finally {
      setBusy(false);
    }
  };

  const submitBatch = async () => {
    if (!pattern.ok) return setBatchErrors(pattern.errors);
    setBatchErrors({});
    setBatchRefusal(null);
    const { confirm } = await Taro.showModal({
      title: '批量创建房间',
      content: `将创建 ${roomPatternTotal(pattern.data)} 间房，确定吗？`,
      confirmText: '创建',
    });
    if (!confirm) return;
    setBusy(true);
    try {
      const result = await batchRooms(projectId, pattern.data);
      void Taro.showToast({ title: `已创建 ${result.created} 间`, icon: 'success' });
      await Promise.all([buildings.refresh(), project.refresh(), unitId ? rooms.refresh() : null]);
    } catch (error) {
      if (error instanceof ApiError) {
        setBatchRefusal(error.message);
        if (error.status === 400) setBatchErrors(error.fieldErrors);
      } else throw error;
    } finally {
      setBusy(false);
    }
  };

  const preview = pattern.ok ? previewRoomPattern(pattern.data, 6) : [];
  return (
    <View className="page estate-page">
      <View className="card">
        <View className="card__title">
          <Text id="rooms-project">{project.data?.name ?? '项目'}</Text>
          <Text className="muted estate-count" id="rooms-count">
            共 {project.data?.roomCount ?? 0} 间
          </Text>
        </View>
        <PageState
          id="rooms-buildings"
          loading={buildings.loading && !buildings.data}
          error={buildings.data ? undefined : buildings.error}
          onRetry={() => void buildings.refresh()}
          empty={buildings.data?.length === 0}
          emptyText="还没有楼栋，请用下方的批量创建"
        >
          {buildings.data?.map((b) => (
            <View key={b.id} className="estate-building" id={`rooms-building-${b.id}`}>
              <Text className="admin-form__label">{b.name}</Text>
              <View className="estate-chips">
                {b.units.map((u) => (
                  <View
                    key={u.id}
                    id={`rooms-unit-${u.id}`}
                    className={`estate-chip${u.id === unitId ? ' estate-chip--active' : ''}`}
                    onClick={() => {
                      setUnitId(u.id);
                      setRoom(null);
                    }}
                  >
                    {u.name} · {u.roomCount} 间
                  </View>
                ))}
              </View>
            </View>
          ))}
        </PageState>
      </View>

      {unitId !== null ? (
        <View className="card" id="rooms-unit">
          <View className="card__title">
            <Text>房间（点房号可修改，虚线为空置）</Text>
          </View>
          <PageState
            id="rooms-list"
            loading={rooms.loading && !rooms.data}
            error={rooms.data ? undefined : rooms.error}
            onRetry={() => void rooms.refresh()}
            empty={rooms.data?.length === 0}
            emptyText="该单元还没有房间"
          >
            <View className="estate-chips">
              {rooms.data?.map((r) => (
                <View
                  key={r.id}
                  id={`rooms-room-${r.id}`}
                  data-name={r.name}
                  data-occupied={r.occupied ? 'true' : 'false'}
                  className={`estate-chip${r.occupied ? '' : ' estate-chip--vacant'}${room?.id === r.id ? ' estate-chip--active' : ''}`}
                  onClick={() => openRoom(r)}
                >
                  {r.name}
                </View>
              ))}
            </View>
          </PageState>
          {room ? (
            <View id="room-edit">
              <AdminForm
                id="room-form"
                fields={ROOM_FIELDS}
                values={roomValues}
                errors={roomErrors}
                onChange={(name, value) => setRoomValues((v) => ({ ...v, [name]: value }))}
              />
              {room.bindings > 0 ? <Text className="muted">该房间有 {room.bindings} 位住户已绑定。</Text> : null}
              <View className="estate-page__buttons">
                <Button id="room-cancel" fill="outline" onClick={() => setRoom(null)}>
                  取消
                </Button>
                <Button id="room-save" type="primary" loading={busy} disabled={busy} onClick={() => void saveRoom()}>
                  保存房间
                </Button>
              </View>
            </View>
          ) : null}
        </View>
      ) : null}

      <View className="card" id="batch">
        <View className="card__title">
          <Text>批量创建房间</Text>
        </View>
        <AdminForm
          id="batch-form"
          fields={BATCH_FIELDS}
          values={batch}
          errors={batchErrors}
          onChange={(name, value) => {
            setBatchRefusal(null);
            setBatch((v) => ({ ...v, [name]: value }));
          }}
        />
        <View className="estate-preview" id="batch-preview">
          <Text id="batch-total" data-total={counted}>
            共 {counted} 间{counted > MAX_ROOMS_PER_BATCH ? `，超过一次 ${MAX_ROOMS_PER_BATCH} 间的上限` : ''}
          </Text>
          {preview.length > 0 ? (
            <Text id="batch-names">
              {'\n'}
              {preview.join('、')}
              {counted > preview.length ? '…' : ''}
            </Text>
          ) : null}
        </View>
        {batchRefusal ? (
          <Text className="field-error" id="batch-refusal">
            {batchRefusal}
          </Text>
        ) : null}
        <View className="estate-page__buttons">
          <Button id="batch-submit" type="primary" loading={busy} disabled={busy} onClick={() => void submitBatch()}>
            批量创建
          </Button>
        </View>
      </View>
    </View>
  );
}
