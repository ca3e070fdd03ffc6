import { departmentInputSchema, projectInputSchema, roomEditSchema, roomPatternSchema } from './estate';

const messages = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]));

describe('estate schemas', () => {
  it('a project: kind among the four, optional numbers null when left out', () => {
    expect(projectInputSchema.parse({ name: ' 云栖 ', kind: 'commercial' })).toEqual({
      name: '云栖',
      kind: 'commercial',
      areaSqm: null,
      households: null,
    });
    expect(messages(projectInputSchema.safeParse({ name: '', kind: 'castle', households: 2.5 }))).toEqual({
      name: '请填写项目名称',
      kind: '请选择项目类型',
      households: '户数应为整数',
    });
  });

  it('a room pattern: defaults, bounds per field and at most 5000 rooms', () => {
    expect(roomPatternSchema.parse({ buildings: 3, units: 2, floors: 18, perFloor: 4 })).toMatchObject({
      firstBuilding: 1,
      firstFloor: 1,
      naming: 'floor_door',
    });
    expect(messages(roomPatternSchema.safeParse({ buildings: 0, units: 1, floors: 100, perFloor: 1 }))).toEqual({
      buildings: '楼栋数不能小于 1',
      floors: '楼层数不能大于 99',
    });
    expect(messages(roomPatternSchema.safeParse({ buildings: 50, units: 10, floors: 10, perFloor: 2 }))).toEqual({
      perFloor: '一次最多创建 5000 间房，请分批创建',
    });
    expect(roomPatternSchema.safeParse({ buildings: 25, units: 10, floors: 10, perFloor: 2 }).success).toBe(true);
  });

  it('a room edit needs 入住 or 空置; a department defaults to no members and no projects', () => {
    expect(messages(roomEditSchema.safeParse({ name: '101', floor: 1 }))).toEqual({ occupied: '请选择入住或空置' });
    expect(departmentInputSchema.parse({ name: '工程部', dispatchMode: 'claim' })).toEqual({
      name: '工程部',
      dispatchMode: 'claim',
      supervisorUserId: null,
      memberUserIds: [],
      projectIds: [],
    });
  });
});
