import type { DepartmentView, RequestDetail, StaffOption } from '@linli/shared';
import { freshOpenid } from './support/api';
import {
  act,
  actOk,
  demoStaff,
  detailOf,
  expectRefusal,
  fileRequest,
  get,
  insertCategory,
  insertDepartment,
  insertProject,
  insertStaff,
  projectIdOf,
  repairForm,
  residentPerson,
  retireCategories,
  setUpChanged,
  type DepartmentRow,
  type Person,
  type ResidentPerson,
} from './support/lifecycle';
import { connectOfficialAccount, linkByCode } from './support/notifications';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Issue 12, "dispatch that cannot fail": the sheet's candidates are exactly the people a dispatch
 * accepts — the request's department, serving its project, active — each greyed with why (休息,
 * 未绑定微信, 忙碌); 转部门 offers departments with someone to take it; a category routed to a
 * department with nobody to dispatch goes to the desk with a warning instead of a dead end.
 */

let ctx: TestContext;
let receptionist: Person;
let department: DepartmentRow;
let empty: DepartmentRow;
let lead: Person;
let ready: Person;
let resting: Person;
let unlinked: Person;
let busy: Person;
const outsiders: Record<string, Person> = {};
let category: number;
let emptyCategory: number;
let projectId: number;
let resident: ResidentPerson;

beforeAll(async () => {
  ctx = await createTestContext();
  await connectOfficialAccount(ctx);
  ({ receptionist } = await demoStaff(ctx));
  projectId = await projectIdOf(ctx);
  department = await insertDepartment(ctx, '派单部', 'supervisor');
  empty = await insertDepartment(ctx, '空部门', 'supervisor');
  const other = await insertDepartment(ctx, '邻部', 'supervisor');
  const foreign = await insertProject(ctx);
  lead = await insertStaff(ctx, { role: 'supervisor', departmentId: department.id, name: '派单主管' });
  ready = await insertStaff(ctx, { role: 'staff', departmentId: department.id, name: '可派师傅' });
  resting = await insertStaff(ctx, { role: 'staff', departmentId: department.id, name: '休息师傅', onDuty: false });
  unlinked = await insertStaff(ctx, { role: 'staff', departmentId: department.id, name: '无微信师傅' });
  busy = await insertStaff(ctx, { role: 'staff', departmentId: department.id, name: '忙碌师傅' });
  await linkByCode(ctx, ready, freshOpenid('oa-ready'));
  await linkByCode(ctx, busy, freshOpenid('oa-busy'));
  outsiders.disabled = await insertStaff(ctx, { role: 'staff', departmentId: department.id, name: '离职师傅' });
  await ctx.dataSource.query('UPDATE `user` SET active = 0 WHERE id = ?', [outsiders.disabled.userId]);
  outsiders.otherDepartment = await insertStaff(ctx, { role: 'staff', departmentId: other.id, name: '邻部师傅' });
  outsiders.otherProject = await insertStaff(ctx, {
    role: 'staff',
    departmentId: department.id,
    projectIds: [foreign.projectId],
    name: '外项目师傅',
  });
  outsiders.desk = await insertStaff(ctx, { role: 'receptionist', departmentId: department.id, name: '部门接待' });
  setUpChanged(ctx);
  category = (await insertCategory(ctx, 'repair', department.id, 'E')).id;
  emptyCategory = (await insertCategory(ctx, 'repair', empty.id, 'E')).id;
  resident = await residentPerson(ctx);
  // Five open tasks make someone busy on the sheet.
  for (let index = 0; index < 5; index++) {
    const filed = await fileRequest(ctx, resident, repairForm(resident, category));
    await actOk(ctx, receptionist, filed.id, 'accept');
    await actOk(ctx, lead, filed.id, 'dispatch', { assigneeUserId: busy.userId });
  }
}, 60_000);
afterAll(async () => {
  await retireCategories(ctx, [category, emptyCategory]);
  await ctx.close();
});

const sheet = async (departmentId: number) =>
  (await get(ctx, receptionist, `/api/departments/${departmentId}/staff?projectId=${projectId}`)).body as StaffOption[];

async function accepted(categoryId = category): Promise<RequestDetail> {
  const filed = await fileRequest(ctx, resident, repairForm(resident, categoryId));
  return actOk(ctx, receptionist, filed.id, 'accept');
}

describe('the candidate list', () => {
  it('holds only the department’s active handlers serving the project, each greyed with why', async () => {
    const options = await sheet(department.id);
    const byId = new Map(options.map((option) => [option.userId, option]));
    expect([...byId.keys()].sort((a, b) => a - b)).toEqual(
      [lead, ready, resting, unlinked, busy].map((person) => person.userId).sort((a, b) => a - b),
    );
    const reasons = (person: Person) => byId.get(person.userId)!.reasons;
    expect(byId.get(ready.userId)).toMatchObject({ available: true, reasons: [], onDuty: true, openTasks: 0 });
    expect(reasons(resting)).toEqual([
      { code: 'off_duty', label: '休息' },
      { code: 'unlinked', label: '未绑定微信' },
    ]);
    expect(reasons(unlinked)).toEqual([{ code: 'unlinked', label: '未绑定微信' }]);
    expect(byId.get(busy.userId)).toMatchObject({
      available: false,
      openTasks: 5,
      officialAccount: 'following',
      reasons: [{ code: 'busy', label: '忙碌（在办 5 件）' }],
    });
    expect(reasons(lead)).toEqual([{ code: 'unlinked', label: '未绑定微信' }]);
  });

  it('a dispatch accepts exactly them: greyed ones too, nobody outside the list', async () => {
    for (const [who, person] of Object.entries(outsiders)) {
      const request = await accepted();
      const refusal = expectRefusal(
        await act(ctx, receptionist, request.id, 'dispatch', { assigneeUserId: person.userId }),
        400,
        'VALIDATION_FAILED',
      );
      expect({ who, details: refusal.details }).toEqual({
        who,
        details: [
          {
            field: 'assigneeUserId',
            message: `处理人须是${department.name}服务本项目的在职人员，请从派单名单中选择`,
          },
        ],
      });
    }
    // Off duty is a warning on the sheet, not a refusal: someone can be called in.
    const request = await accepted();
    const dispatched = await actOk(ctx, receptionist, request.id, 'dispatch', { assigneeUserId: resting.userId });
    expect(dispatched.assignee?.userId).toBe(resting.userId);
  });

  it('departments say, for a project, how many can take its requests (转部门 offers those with any)', async () => {
    const listed = (await get(ctx, receptionist, `/api/departments?projectId=${projectId}`)).body as DepartmentView[];
    expect(listed.find((row) => row.id === department.id)?.dispatchable).toBe(5);
    expect(listed.find((row) => row.id === empty.id)?.dispatchable).toBe(0);
    const plain = (await get(ctx, receptionist, '/api/departments')).body as DepartmentView[];
    expect(plain.find((row) => row.id === department.id)).not.toHaveProperty('dispatchable');
    const refused = await get(ctx, receptionist, '/api/departments?projectId=abc');
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([{ field: 'projectId', message: '项目无效' }]);
  });
});

describe('a department with nobody to dispatch', () => {
  it('a request routed there waits at the desk with a warning, and moves on once transferred', async () => {
    const filed = await fileRequest(ctx, resident, repairForm(resident, emptyCategory));
    expect(filed.departmentName).toBeNull();
    expect(filed.events[0].note).toMatch(new RegExp(`，${empty.name}暂无可派人员，待客服分派$`));
    // The resident is not shown the desk's warning; the desk is.
    expect(filed.dispatchWarning).toBeNull();
    const warning = `分类默认的${empty.name}在本项目暂无可派人员，已转客服台，请选择处理部门`;
    expect((await detailOf(ctx, receptionist, filed.id)).dispatchWarning).toBe(warning);

    const taken = await actOk(ctx, receptionist, filed.id, 'accept');
    expect(taken).toMatchObject({ status: 'accepted', departmentName: null, dispatchWarning: warning });
    const moved = await actOk(ctx, receptionist, filed.id, 'transfer', {
      departmentId: department.id,
      note: '归派单部',
    });
    expect(moved).toMatchObject({ departmentName: department.name, dispatchWarning: null });
    const dispatched = await actOk(ctx, receptionist, filed.id, 'dispatch', { assigneeUserId: ready.userId });
    expect(dispatched).toMatchObject({ status: 'dispatched', dispatchWarning: null });
  });

  it('accepted into one anyway, the request says to transfer it', async () => {
    const filed = await fileRequest(ctx, resident, repairForm(resident, category));
    const taken = await actOk(ctx, receptionist, filed.id, 'accept', { departmentId: empty.id });
    expect(taken.dispatchWarning).toBe(`${empty.name}在本项目暂无可派人员，请转部门`);
    expect(await sheet(empty.id)).toEqual([]);
  });
});
