import { useState } from 'react';
import { Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { StaffOption, StaffOptionReason } from '@linli/shared';
import { useRequest } from '../../hooks/useRequest';
import { departmentStaff, listDepartments } from '../../services/organization';
import ChoiceChips from '../ChoiceChips';
import PageState from '../PageState';
import SoftTag, { type Tone } from '../SoftTag';
import './index.scss';

const REASON_TONES: Record<StaffOptionReason['code'], Tone> = {
  off_duty: 'grey',
  unlinked: 'grey',
  not_following: 'orange',
  busy: 'orange',
};

/** What the sheet says under the list once a greyed person is chosen: the dispatch still goes. */
const REASON_WARNINGS: Record<StaffOptionReason['code'], string> = {
  off_duty: '休息中，派单后请电话联系',
  unlinked: '未绑定微信，收不到派单通知，请电话告知',
  not_following: '已取消关注公众号，收不到派单通知，请电话告知',
  busy: '手上在办较多，可能无法及时处理',
};

/** Available first, then the least loaded, then by name: the sheet's order. */
export function orderStaff(people: StaffOption[]): StaffOption[] {
  return [...people].sort(
    (a, b) =>
      Number(b.available) - Number(a.available) ||
      Number(b.onDuty) - Number(a.onDuty) ||
      a.openTasks - b.openTasks ||
      a.name.localeCompare(b.name),
  );
}

/** 转部门 from the sheet itself: answers an error message to show, or null when it went through. */
export type TransferInPlace = (departmentId: number, note: string) => Promise<string | null>;

/**
 * The dispatch sheet's list (issue 12, "dispatch that cannot fail"): only people who can take
 * the request — its department's active handlers serving its project
 * (`/api/departments/:id/staff?projectId=`), the same list the server accepts a dispatch from.
 * Rows are `#<id>-user-<userId>` (`data-available`, `data-reasons` = codes, `data-on-duty`,
 * `data-official-account`); greyed rows (`staff-picker__row--greyed`) say why in
 * `#<id>-user-<userId>-reasons` (休息, 未绑定微信, 忙碌…) and can still be picked, with the warning
 * `#<id>-warning`. With `transfer`, `#<id>-transfer` opens 转部门 in place (`#<id>-transfer-panel`):
 * departments as `#<id>-transfer-department-<id>` with how many can take it there (none: greyed),
 * a reason `#<id>-transfer-note`, `#<id>-transfer-submit`, errors in `#<id>-transfer-error`.
 */
export default function StaffPicker(props: {
  id: string;
  departmentId: number | null;
  departmentName: string | null;
  projectId: number;
  value: number | null;
  onChange: (userId: number) => void;
  transfer?: TransferInPlace;
}) {
  const { id, departmentId, departmentName, projectId, value, onChange, transfer } = props;
  const staff = useRequest(() => departmentStaff(departmentId!, projectId), [departmentId, projectId], {
    ready: departmentId !== null,
  });
  const people = orderStaff(staff.data ?? []);
  const nobody = departmentId === null || staff.data?.length === 0;
  const [transferOpen, setTransferOpen] = useState(false);
  const chosen = people.find((person) => person.userId === value);

  return (
    <View className="staff-picker" id={id} data-department={departmentId ?? ''}>
      <View className="staff-picker__head">
        <Text className="staff-picker__department" id={`${id}-department`}>
          {departmentName ? `${departmentName}的人员` : '尚未指定处理部门'}
        </Text>
        {transfer && !transferOpen ? (
          <Button id={`${id}-transfer`} size="small" fill="outline" onClick={() => setTransferOpen(true)}>
            转部门
          </Button>
        ) : null}
      </View>
      {departmentId === null ? (
        <Text className="muted" id={`${id}-no-department`}>
          请先转到一个有人可派的部门
        </Text>
      ) : (
        <PageState
          id={`${id}-list`}
          loading={staff.loading}
          error={staff.error}
          onRetry={() => void staff.refresh()}
          empty={staff.data?.length === 0}
          emptyText={`${departmentName ?? '该部门'}在本项目暂无可派人员，请转部门`}
          compact
          rows={3}
        >
          <View className="staff-picker__list">
            {people.map((person) => (
              <StaffRow
                key={person.userId}
                id={`${id}-user-${person.userId}`}
                person={person}
                active={value === person.userId}
                onPick={() => onChange(person.userId)}
              />
            ))}
          </View>
        </PageState>
      )}
      {chosen && chosen.reasons.length > 0 ? (
        <Text className="staff-picker__warning" id={`${id}-warning`}>
          {chosen.name}
          {chosen.reasons.map((reason) => REASON_WARNINGS[reason.code]).join('；')}
        </Text>
      ) : null}
      {transfer && (transferOpen || (nobody && !staff.loading)) ? (
        <TransferPanel
          id={id}
          projectId={projectId}
          currentDepartmentId={departmentId}
          transfer={transfer}
          onCancel={nobody ? undefined : () => setTransferOpen(false)}
          onDone={() => setTransferOpen(false)}
        />
      ) : null}
    </View>
  );
}

function StaffRow(props: { id: string; person: StaffOption; active: boolean; onPick: () => void }) {
  const { id, person, active, onPick } = props;
  const greyed = person.reasons.length > 0;
  return (
    <View
      id={id}
      data-available={person.available ? 'true' : 'false'}
      data-reasons={person.reasons.map((reason) => reason.code).join(' ')}
      data-on-duty={person.onDuty ? 'true' : 'false'}
      data-official-account={person.officialAccount}
      className={`staff-picker__row${active ? ' staff-picker__row--active' : ''}${greyed ? ' staff-picker__row--greyed' : ''}`}
      onClick={onPick}
    >
      <View className="staff-picker__main">
        <Text className="staff-picker__name">{person.name}</Text>
        <Text className="muted">{person.title}</Text>
        {greyed ? (
          <View className="staff-picker__reasons" id={`${id}-reasons`}>
            {person.reasons.map((reason) => (
              <SoftTag key={reason.code} tone={REASON_TONES[reason.code]} className="staff-picker__reason">
                {reason.label}
              </SoftTag>
            ))}
          </View>
        ) : null}
      </View>
      <View className="staff-picker__meta">
        {person.available ? <SoftTag tone="green">可派</SoftTag> : null}
        <Text className="muted staff-picker__load">在办 {person.openTasks}</Text>
      </View>
    </View>
  );
}

function TransferPanel(props: {
  id: string;
  projectId: number;
  currentDepartmentId: number | null;
  transfer: TransferInPlace;
  onCancel?: () => void;
  onDone: () => void;
}) {
  const { id, projectId, currentDepartmentId, transfer, onCancel, onDone } = props;
  const departments = useRequest(() => listDepartments(projectId), [projectId]);
  const [target, setTarget] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const others = (departments.data ?? []).filter((department) => department.id !== currentDepartmentId);

  const submit = async () => {
    if (busy) return;
    if (target === null) return setError('请选择转入部门');
    if (!note.trim()) return setError('请填写转部门原因');
    setError('');
    setBusy(true);
    try {
      const failed = await transfer(target, note.trim());
      if (failed) setError(failed);
      else {
        setTarget(null);
        setNote('');
        onDone();
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="staff-picker__transfer" id={`${id}-transfer-panel`}>
      <Text className="form-label form-label--required">转入部门</Text>
      <PageState
        id={`${id}-transfer-departments`}
        loading={departments.loading}
        error={departments.error}
        onRetry={() => void departments.refresh()}
        empty={departments.data !== undefined && others.length === 0}
        emptyText="没有可转入的部门"
        compact
        rows={2}
      >
        <ChoiceChips
          idPrefix={`${id}-transfer-department`}
          choices={others.map((department) => ({
            id: department.id,
            label: department.dispatchable
              ? `${department.name}（可派 ${department.dispatchable} 人）`
              : `${department.name}（无人可派）`,
            disabled: !department.dispatchable,
          }))}
          value={target}
          onChange={(departmentId) => {
            setTarget(departmentId);
            setError('');
          }}
        />
      </PageState>
      <Textarea
        id={`${id}-transfer-note`}
        className="form-textarea form-textarea--short"
        value={note}
        maxlength={200}
        placeholder="转部门原因（必填）"
        onInput={(event) => setNote(event.detail.value)}
      />
      {error ? (
        <Text className="field-error" id={`${id}-transfer-error`}>
          {error}
        </Text>
      ) : null}
      <View className="staff-picker__transfer-actions">
        {onCancel ? (
          <Button id={`${id}-transfer-cancel`} fill="outline" size="small" onClick={onCancel}>
            不转了
          </Button>
        ) : null}
        <Button
          id={`${id}-transfer-submit`}
          type="primary"
          size="small"
          loading={busy}
          disabled={busy}
          onClick={() => void submit()}
        >
          确认转部门
        </Button>
      </View>
    </View>
  );
}
