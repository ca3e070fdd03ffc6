import { z } from 'zod';
import { MAX_ROOMS_PER_BATCH, roomPatternTotal } from '../estate/room-pattern';
import { id, text } from './fields';

/** Set-up screens of the property company (issue 14): projects, rooms by pattern, departments. */
export const PROJECT_KINDS = ['residential', 'villa', 'office', 'commercial'] as const;
export type ProjectKindCode = (typeof PROJECT_KINDS)[number];
export const PROJECT_KIND_LABELS: Record<ProjectKindCode, string> = {
  residential: '住宅',
  villa: '别墅',
  office: '写字楼',
  commercial: '商业',
};

export const DISPATCH_MODES = ['supervisor', 'auto', 'claim'] as const;
export type DispatchModeCode = (typeof DISPATCH_MODES)[number];
export const DISPATCH_MODE_LABELS: Record<DispatchModeCode, string> = {
  supervisor: '主管派单',
  auto: '自动派单',
  claim: '抢单',
};

function count(label: string, { min, max }: { min: number; max: number }) {
  return z
    .number({
      error: (issue) => (issue.input === undefined || issue.input === null ? `请填写${label}` : `${label}应为数字`),
    })
    .int(`${label}应为整数`)
    .min(min, `${label}不能小于 ${min}`)
    .max(max, `${label}不能大于 ${max}`);
}

const optionalCount = (label: string, max: number) =>
  count(label, { min: 0, max })
    .nullable()
    .optional()
    .transform((value) => value ?? null);

export const projectInputSchema = z.object({
  name: text('项目名称', { max: 100 }),
  kind: z.enum(PROJECT_KINDS, { error: '请选择项目类型' }),
  areaSqm: optionalCount('建筑面积', 100_000_000),
  households: optionalCount('户数', 1_000_000),
});
export type ProjectInput = z.output<typeof projectInputSchema>;

export const roomPatternSchema = z
  .object({
    buildings: count('楼栋数', { min: 1, max: 99 }),
    units: count('每栋单元数', { min: 1, max: 20 }),
    floors: count('楼层数', { min: 1, max: 99 }),
    perFloor: count('每层户数', { min: 1, max: 99 }),
    firstBuilding: count('起始楼栋号', { min: 1, max: 999 }).default(1),
    firstFloor: count('起始楼层', { min: 1, max: 99 }).default(1),
    naming: z.enum(['floor_door', 'sequence'], { error: '请选择房号规则' }).default('floor_door'),
  })
  .refine((p) => roomPatternTotal(p) <= MAX_ROOMS_PER_BATCH, {
    path: ['perFloor'],
    message: `一次最多创建 ${MAX_ROOMS_PER_BATCH} 间房，请分批创建`,
  });
export type RoomPatternInput = z.output<typeof roomPatternSchema>;

export const roomEditSchema = z.object({
  name: text('房号', { max: 20 }),
  floor: count('楼层', { min: -9, max: 199 }),
  occupied: z.boolean({ error: '请选择入住或空置' }),
});
export type RoomEditInput = z.output<typeof roomEditSchema>;

export const nameInputSchema = z.object({ name: text('名称', { max: 30 }) });

export const departmentInputSchema = z.object({
  name: text('部门名称', { max: 50 }),
  dispatchMode: z.enum(DISPATCH_MODES, { error: '请选择派单方式' }),
  supervisorUserId: id('主管')
    .nullable()
    .optional()
    .transform((value) => value ?? null),
  memberUserIds: z.array(id('成员'), { error: '成员无效' }).max(500, '成员过多').default([]),
  projectIds: z.array(id('项目'), { error: '服务项目无效' }).max(200, '项目过多').default([]),
});
export type DepartmentInput = z.output<typeof departmentInputSchema>;

export const dutySchema = z.object({ onDuty: z.boolean({ error: '请选择在岗或休息' }) });
export type DutyInput = z.output<typeof dutySchema>;
