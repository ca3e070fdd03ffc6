import { SETTING_KEYS, type AdminChangeView, type Page, type RegisterImportReport } from '@linli/shared';
import {
  call,
  get,
  insertCategory,
  insertDepartment,
  insertProject,
  insertStaff,
  retireCategories,
  type Person,
} from './support/lifecycle';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * 操作记录 (issue 14 §5): the estate, routing, settings and register-import screens all write the
 * one log, each change with who made it and the record before and after; admins read all of it,
 * a manager only what concerns their projects and members.
 */
let ctx: TestContext;
let admin: Person;
let managerA: Person;
let managerB: Person;
let workerA: Person;
let projectA: Awaited<ReturnType<typeof insertProject>>;
let projectB: Awaited<ReturnType<typeof insertProject>>;
let category: { id: number };

beforeAll(async () => {
  ctx = await createTestContext();
  projectA = await insertProject(ctx);
  projectB = await insertProject(ctx);
  admin = await insertStaff(ctx, { role: 'admin', departmentId: null, projectIds: [] });
  managerA = await insertStaff(ctx, { role: 'manager', departmentId: null, projectIds: [projectA.projectId] });
  managerB = await insertStaff(ctx, { role: 'manager', departmentId: null, projectIds: [projectB.projectId] });
  workerA = await insertStaff(ctx, { role: 'staff', departmentId: null, projectIds: [projectA.projectId] });
  category = await insertCategory(ctx, 'repair', null);
});
afterAll(async () => {
  await retireCategories(ctx, [category.id]);
  await ctx.close();
});

const log = async (who: Person, query = '') => {
  const res = await get(ctx, who, `/api/admin/changes?pageSize=50${query}`);
  expect(res.status).toBe(200);
  return res.body as Page<AdminChangeView>;
};
const ok = async (answer: Promise<{ status: number; body: unknown }>) => {
  const { status, body } = await answer;
  expect(status < 300 ? 'ok' : { status, body }).toBe('ok');
  return body;
};

async function importRegister(who: Person, projectId: number): Promise<void> {
  const file = Buffer.from(
    '\ufeff楼栋,单元,房号,业主姓名,联系电话,身份,面积\r\nB座,1单元,301,王一,13800000101,业主,89\r\n',
  );
  const dryRun = await ctx
    .http()
    .post(`/api/admin/projects/${projectId}/register/import?dryRun=1`)
    .set(who.auth)
    .attach('file', file, { filename: '名册.csv' });
  expect(dryRun.status).toBe(200);
  const { token } = dryRun.body as RegisterImportReport;
  await ok(call(ctx, 'POST', `/api/admin/projects/${projectId}/register/import/${token}/commit`, who));
}

it('records a project edit, a route, a setting and a register import with who, before and after', async () => {
  const edit = (projectId: number, name: string) =>
    ok(
      call(ctx, 'PUT', `/api/admin/projects/${projectId}`, admin, {
        name,
        kind: 'residential',
        areaSqm: 20000,
        households: 300,
      }),
    );
  await edit(projectA.projectId, `${projectA.name}东区`);
  await edit(projectB.projectId, `${projectB.name}西区`);
  const department = await insertDepartment(ctx, '记录部', 'supervisor');
  await ok(
    call(ctx, 'PUT', `/api/admin/categories/${category.id}/routes/${projectA.projectId}`, managerA, {
      departmentId: department.id,
    }),
  );
  await importRegister(managerA, projectA.projectId);
  await ok(call(ctx, 'PUT', '/api/me/duty', workerA, { onDuty: false }));
  // A group nobody stored, stored with the value in force and reset: other suites see no change.
  const stored = (await ctx.dataSource.query('SELECT `key` FROM setting')) as { key: string }[];
  const key = SETTING_KEYS.find((candidate) => !stored.some((row) => row.key === candidate)) ?? SETTING_KEYS[0];
  const current = ((await get(ctx, admin, '/api/admin/settings')).body as { key: string; value: object }[]).find(
    (item) => item.key === key,
  )!.value;
  await ok(call(ctx, 'PUT', `/api/admin/settings/${key}`, admin, current));
  await ok(call(ctx, 'DELETE', `/api/admin/settings/${key}`, admin));

  // The manager of A: A's edit, route and import, and their member's 在岗/休息 — newest first.
  const mine = await log(managerA);
  expect(mine.items.map((item) => [item.entity, item.action])).toEqual([
    ['duty', 'off_duty'],
    ['owner_register', 'import'],
    ['category_route', 'set'],
    ['project', 'update'],
  ]);
  expect(mine.total).toBe(4);
  const [duty, register, route, project] = mine.items;
  expect(project).toMatchObject({
    actor: { userId: admin.userId, name: admin.name },
    entityId: projectA.projectId,
    projectId: projectA.projectId,
    before: { name: projectA.name, areaSqm: 20000, households: null },
    after: { name: `${projectA.name}东区`, households: 300 },
  });
  expect(route).toMatchObject({
    actor: { userId: managerA.userId },
    entityId: category.id,
    projectId: projectA.projectId,
    before: null,
    after: { departmentId: department.id },
  });
  expect(register).toMatchObject({
    actor: { userId: managerA.userId },
    projectId: projectA.projectId,
    before: null,
    after: { fileName: '名册.csv', new: 1, updated: 0, unchanged: 0, removed: 0, error: 0 },
  });
  expect(duty).toMatchObject({ actor: { userId: workerA.userId }, before: { onDuty: true }, after: { onDuty: false } });

  // The manager of B sees B's edit, nothing of A's, not even when asking for A by name.
  const theirs = await log(managerB);
  expect(theirs.items.map((item) => [item.entity, item.projectId])).toEqual([['project', projectB.projectId]]);
  expect((await log(managerB, `&projectId=${projectA.projectId}`)).total).toBe(0);

  // Admins read everything, settings included, and filter by subject and project.
  const settings = await log(admin, `&entity=setting`);
  const [reset, put] = settings.items.filter((item) => item.entityKey === key && item.actor?.userId === admin.userId);
  expect(put).toMatchObject({ action: 'update', before: null, after: current });
  expect(reset).toMatchObject({ action: 'reset', before: current, after: null });
  const ofA = await log(admin, `&projectId=${projectA.projectId}`);
  expect(ofA.items.map((item) => item.entity)).toEqual(['owner_register', 'category_route', 'project']);
  expect((await log(admin, `&entity=owner_register&projectId=${projectA.projectId}`)).total).toBe(1);

  // Staff read no log at all; a subject type it does not know is a field error.
  expect((await get(ctx, workerA, '/api/admin/changes')).status).toBe(403);
  const unknown = await get(ctx, admin, '/api/admin/changes?entity=castle');
  expect(unknown.status).toBe(400);
  expect(unknown.body.details).toEqual([{ field: 'entity', message: '对象类型无效' }]);
});

it('records time limits and the calendar, their limits and days in words', async () => {
  const rule = (await ok(
    call(ctx, 'POST', '/api/admin/sla-policies', admin, {
      kind: 'repair',
      categoryId: category.id,
      step: 'dispatch',
      unit: 'hours',
      amount: 3,
    }),
  )) as { id: number };
  await ok(call(ctx, 'PATCH', `/api/admin/sla-policies/${rule.id}`, admin, { unit: 'working_days', amount: 1 }));
  await ok(call(ctx, 'DELETE', `/api/admin/sla-policies/${rule.id}`, admin));
  const limits = await log(admin, `&entity=sla_policy&entityId=${rule.id}`);
  expect(limits.items.map((item) => item.action)).toEqual(['delete', 'update', 'create']);
  expect(limits.items[1]).toMatchObject({
    actor: { userId: admin.userId },
    before: { kind: 'repair', categoryId: category.id, step: 'dispatch', limit: '3 小时' },
    after: { limit: '1 个工作日' },
  });

  // A year no suite files in, put back empty.
  const put = (days: object[]) => ok(call(ctx, 'PUT', '/api/admin/calendar/2099', admin, { days }));
  await put([{ date: '2099-01-01', kind: 'holiday', name: '元旦' }]);
  await put([]);
  const [cleared, filled] = (await log(admin, '&entity=calendar')).items.filter((item) => item.entityKey === '2099');
  expect(filled).toMatchObject({ action: 'replace', after: { holidays: ['2099-01-01 元旦'], workdays: [] } });
  expect(cleared).toMatchObject({ before: { holidays: ['2099-01-01 元旦'] }, after: { holidays: [] } });
});
