import { Text, View } from '@tarojs/components';
import type { DepartmentView, OfficialAccountState } from '@linli/shared';
import { useRequest } from '../../hooks/useRequest';
import { departmentStaff } from '../../services/organization';
import ChoiceChips from '../ChoiceChips';
import PageState from '../PageState';
import SoftTag, { type Tone } from '../SoftTag';
import './index.scss';

/** Who the official account cannot reach: their new tasks only show in the mini-app. */
const OFFICIAL_ACCOUNT_TAGS: Partial<Record<OfficialAccountState, { label: string; tone: Tone }>> = {
  not_following: { label: '未关注公众号', tone: 'orange' },
  unlinked: { label: '未绑定微信', tone: 'grey' },
};

/**
 * Who to dispatch to: the department's members who serve the request's project
 * (`/api/departments/:id/staff?projectId=`) with on-duty state and open tasks, least loaded
 * first among those on duty. Department chips are `#<id>-department-<departmentId>`, people
 * `#<id>-user-<userId>` (`data-on-duty`, `data-official-account`), with `#<id>-user-<userId>-oa`
 * when the official account cannot reach them.
 */
export default function StaffPicker(props: {
  id: string;
  departments: DepartmentView[];
  departmentId: number | null;
  onDepartmentChange: (departmentId: number) => void;
  projectId: number;
  value: number | null;
  onChange: (userId: number) => void;
}) {
  const { id, departments, departmentId, onDepartmentChange, projectId, value, onChange } = props;
  const staff = useRequest(() => departmentStaff(departmentId!, projectId), [departmentId, projectId], {
    ready: departmentId !== null,
  });
  const people = [...(staff.data ?? [])].sort(
    (a, b) => Number(b.onDuty) - Number(a.onDuty) || a.openTasks - b.openTasks || a.name.localeCompare(b.name),
  );

  return (
    <View className="staff-picker" id={id}>
      {departments.length > 1 ? (
        <ChoiceChips
          idPrefix={`${id}-department`}
          choices={departments.map((d) => ({ id: d.id, label: d.name }))}
          value={departmentId}
          onChange={onDepartmentChange}
        />
      ) : null}
      {departmentId === null ? (
        <Text className="muted">请先选择部门</Text>
      ) : (
        <PageState
          id={`${id}-list`}
          loading={staff.loading}
          error={staff.error}
          onRetry={() => void staff.refresh()}
          empty={staff.data?.length === 0}
          emptyText="该部门暂无可派的人员"
          compact
          rows={3}
        >
          <View className="staff-picker__list">
            {people.map((person) => {
              const unreachable = OFFICIAL_ACCOUNT_TAGS[person.officialAccount];
              return (
                <View
                  key={person.userId}
                  id={`${id}-user-${person.userId}`}
                  data-on-duty={person.onDuty ? 'true' : 'false'}
                  data-official-account={person.officialAccount ?? ''}
                  className={`staff-picker__row${value === person.userId ? ' staff-picker__row--active' : ''}`}
                  onClick={() => onChange(person.userId)}
                >
                  <View className="staff-picker__main">
                    <Text className="staff-picker__name">{person.name}</Text>
                    <Text className="muted">{person.title}</Text>
                    {unreachable ? (
                      <View className="staff-picker__oa" id={`${id}-user-${person.userId}-oa`}>
                        <SoftTag tone={unreachable.tone}>{unreachable.label}</SoftTag>
                      </View>
                    ) : null}
                  </View>
                  <View className="staff-picker__meta">
                    <SoftTag tone={person.onDuty ? 'green' : 'grey'}>{person.onDuty ? '在岗' : '不在岗'}</SoftTag>
                    <Text className="muted staff-picker__load">在办 {person.openTasks}</Text>
                  </View>
                </View>
              );
            })}
          </View>
        </PageState>
      )}
    </View>
  );
}
