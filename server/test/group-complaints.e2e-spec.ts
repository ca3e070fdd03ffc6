import type { ApprovalView, Page, RequestDetail } from '@linli/shared';
import {
  act,
  actOk,
  complaintOf,
  demoStaff,
  detailOf,
  fileRequest,
  get,
  HOUR_MS,
  insertCategory,
  insertDepartment,
  insertStaff,
  post,
  repairForm,
  residentPerson,
  retireCategories,
  suggestionOf,
  type Person,
  type ResidentPerson,
} from './support/lifecycle';
import { inbox } from './support/notifications';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Issue 6, group complaints: five distinct residents raising one category in one project within
 * 72 hours make a proposal to merge them into one grade B case (D for opinions); approved, the
 * others follow the parent and every resident is told.
 */

let ctx: TestContext;
let receptionist: Person;
let manager: Person;
let supervisor: Person;
let departmentId: number;
const categories: number[] = [];

beforeAll(async () => {
  ctx = await createTestContext({ env: { GROUP_DETECTION: 'on' } });
  ({ receptionist, manager } = await demoStaff(ctx));
  departmentId = (await insertDepartment(ctx, '群诉测试部', 'supervisor')).id;
  supervisor = await insertStaff(ctx, { role: 'supervisor', departmentId });
});
afterAll(async () => {
  await retireCategories(ctx, categories);
  await ctx.close();
});
afterEach(() => ctx.clock.reset());

async function category(kind: 'complaint' | 'suggestion' | 'repair'): Promise<number> {
  const { id } = await insertCategory(ctx, kind, departmentId, kind === 'complaint' ? 'C' : 'E');
  categories.push(id);
  return id;
}

type FormOf = (resident: ResidentPerson, categoryId: number, overrides?: Record<string, unknown>) => object;

async function fileAll(
  count: number,
  categoryId: number,
  form: FormOf = complaintOf,
): Promise<{ residents: ResidentPerson[]; filed: RequestDetail[] }> {
  const residents: ResidentPerson[] = [];
  const filed: RequestDetail[] = [];
  for (let index = 0; index < count; index++) {
    const resident = await residentPerson(ctx);
    residents.push(resident);
    filed.push(
      await fileRequest(ctx, resident, form(resident, categoryId, { content: `电梯又坏了，第 ${index + 1} 户反映` })),
    );
  }
  return { residents, filed };
}

async function proposalsFor(requestId: number): Promise<ApprovalView[]> {
  const page = (await get(ctx, manager, '/api/approvals?scope=all&pageSize=50')).body as Page<ApprovalView>;
  return page.items.filter((item) => item.type === 'group_merge' && item.request.id === requestId);
}

it('four residents are not a group; the fifth within 72 hours brings a proposal to the manager and the desk', async () => {
  const categoryId = await category('complaint');
  const { filed } = await fileAll(4, categoryId);
  expect(await proposalsFor(filed[0].id)).toEqual([]);
  const { filed: fifth } = await fileAll(1, categoryId);
  const [proposal] = await proposalsFor(filed[0].id);
  expect(proposal).toMatchObject({
    status: 'pending',
    requestedByName: '系统',
    approverRole: 'manager',
    summary: '合并 5 件为一件群体诉求（B 级）',
    proposal: { type: 'group_merge', grade: 'B', childRequestIds: [...filed.slice(1).map((r) => r.id), fifth[0].id] },
  });
  expect(proposal.reason).toContain('72 小时内 5 位业主反映同类投诉');
  expect((await inbox(ctx, manager, filed[0].id)).map((item) => item.topic)).toEqual(['approval_waiting']);
  expect((await inbox(ctx, receptionist, filed[0].id)).map((item) => item.topic)).toEqual(['approval_waiting']);
});

it('a complaint older than 72 hours does not count', async () => {
  const categoryId = await category('complaint');
  ctx.clock.set(new Date(Date.now() - 73 * HOUR_MS));
  const { filed: old } = await fileAll(1, categoryId);
  ctx.clock.reset();
  await fileAll(4, categoryId);
  expect(await proposalsFor(old[0].id)).toEqual([]);
});

it('approved: one B case; the others follow its status, take no actions of their own, and every resident is told', async () => {
  const categoryId = await category('complaint');
  const { residents, filed } = await fileAll(5, categoryId);
  // A sixth resident while the proposal waits joins it instead of starting another.
  const { residents: late, filed: sixth } = await fileAll(1, categoryId);
  const [proposal] = await proposalsFor(filed[0].id);
  expect(proposal.proposal).toMatchObject({ childRequestIds: [...filed.slice(1), ...sixth].map((r) => r.id) });
  const decided = await post(ctx, manager, `/api/approvals/${proposal.id}/approve`, { comment: '合并处理' });
  expect(decided.body).toMatchObject({ status: 'approved' });

  const parent = await detailOf(ctx, supervisor, filed[0].id);
  expect(parent.grade).toBe('B');
  const child = await detailOf(ctx, residents[2], filed[2].id);
  expect(child).toMatchObject({ grade: 'B', status: 'received', actions: ['add_info'] });
  expect(child.events.map((event) => event.action)).toContain('group_merged');
  for (const [index, resident] of [...residents, ...late].entries()) {
    const requestId = [...filed, ...sixth][index].id;
    const told = await inbox(ctx, resident, requestId);
    expect(told.map((item) => item.topic)).toEqual(['request_merged']);
    expect(told[0].page).toBe(`/pages/request-detail/index?id=${requestId}`);
  }
  const refused = await act(ctx, residents[2], filed[2].id, 'cancel', { note: '不想等了' });
  expect(refused.status).toBe(409);
  expect(refused.body.message).toBe('该诉求已合并到群体诉求统一处理，请在主诉求上操作');

  // The parent's steps carry the children along, and reach their residents.
  await actOk(ctx, receptionist, filed[0].id, 'accept');
  expect((await detailOf(ctx, residents[3], filed[3].id)).status).toBe('accepted');
  expect((await inbox(ctx, residents[3], filed[3].id)).map((item) => item.topic)).toEqual([
    'request_merged',
    'request_accepted',
  ]);
});

it('rejected: nothing is merged; opinions would be grade D; repairs are never grouped', async () => {
  const suggestions = await category('suggestion');
  const { filed } = await fileAll(5, suggestions, suggestionOf);
  const [proposal] = await proposalsFor(filed[0].id);
  expect(proposal.proposal).toMatchObject({ grade: 'D' });
  await post(ctx, manager, `/api/approvals/${proposal.id}/reject`, { comment: '不是同一问题' });
  expect((await detailOf(ctx, receptionist, filed[1].id)).actions).toContain('accept');

  const repairs = await category('repair');
  const { filed: repairFiled } = await fileAll(5, repairs, repairForm);
  expect(await proposalsFor(repairFiled[0].id)).toEqual([]);
});
