import type { AdminBuildingView, AdminDepartmentView, AdminProjectView, AdminRoomView, NamedRef } from '@linli/shared';
import { randomBytes } from 'node:crypto';
import { expectApiError, expectValidation } from './support/api';
import { actOk, insertCategory, insertStaff, retireCategories, setUpChanged, type Person } from './support/lifecycle';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * The company's set-up screens (issue 14): projects, rooms by pattern, departments and the
 * staff's own 在岗/休息. Every edit goes through the access rules and reaches the cached set-up
 * at once.
 */
let ctx: TestContext;
let admin: Person;
const tag = () => randomBytes(3).toString('hex');

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await insertStaff(ctx, { role: 'admin', departmentId: null, projectIds: [] });
});
afterAll(() => ctx.close());

const api = (auth: Person['auth']) => ({
  get: (url: string) => ctx.http().get(`/api${url}`).set(auth),
  post: (url: string, body: object = {}) => ctx.http().post(`/api${url}`).set(auth).send(body),
  put: (url: string, body: object) => ctx.http().put(`/api${url}`).set(auth).send(body),
  del: (url: string) => ctx.http().delete(`/api${url}`).set(auth),
});

async function newProject(name = `测试花园${tag()}`): Promise<AdminProjectView> {
  const res = await api(admin.auth).post('/admin/projects', {
    name,
    kind: 'residential',
    areaSqm: 120000,
    households: 12,
  });
  expect(res.status).toBe(201);
  return res.body as AdminProjectView;
}

describe('projects', () => {
  it('creates and edits a project with kind, floor area and households', async () => {
    const project = await newProject();
    expect(project).toMatchObject({
      kind: 'residential',
      areaSqm: 120000,
      households: 12,
      archivedAt: null,
      roomCount: 0,
    });
    const edited = await api(admin.auth).put(`/admin/projects/${project.id}`, {
      name: project.name,
      kind: 'commercial',
      areaSqm: 8000,
      households: null,
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ kind: 'commercial', areaSqm: 8000, households: null });
    const [change] = (await ctx.dataSource.query(
      "SELECT actor_user_id AS actor, `before`, `after` FROM estate_change WHERE entity = 'project' AND entity_id = ? AND action = 'update'",
      [project.id],
    )) as Array<{ actor: number; before: string | object; after: string | object }>;
    expect(Number(change!.actor)).toBe(admin.userId);
    const before = typeof change!.before === 'string' ? JSON.parse(change!.before) : change!.before;
    expect(before.kind).toBe('residential');
    // 操作记录 lists it too, the "before" cut to the fields the edit set.
    const log = await api(admin.auth).get(`/admin/changes?entity=project&entityId=${project.id}`);
    expect(log.body.items.map((item: { action: string }) => item.action)).toEqual(['update', 'create']);
    expect(log.body.items[0]).toMatchObject({
      actor: { userId: admin.userId },
      before: { name: project.name, kind: 'residential', areaSqm: 120000, households: 12 },
      after: { kind: 'commercial', areaSqm: 8000, households: null },
    });
  });

  it('refuses a duplicate name and bad numbers with field messages in Chinese', async () => {
    const project = await newProject();
    expectValidation(await api(admin.auth).post('/admin/projects', { name: project.name, kind: 'villa' }), ['name']);
    expectValidation(
      await api(admin.auth).post('/admin/projects', { name: `X${tag()}`, kind: 'castle', areaSqm: -1 }),
      ['kind', 'areaSqm'],
    );
  });

  it('archive hides it from the house picker and new filings; delete only while it is empty', async () => {
    const project = await newProject();
    const resident = (await insertStaff(ctx, { role: 'receptionist', departmentId: null, projectIds: [project.id] }))
      .auth;
    expect((await api(resident).get('/projects')).body.map((p: NamedRef) => p.id)).toContain(project.id);
    await api(admin.auth).post(`/admin/projects/${project.id}/rooms/batch`, {
      buildings: 1,
      units: 1,
      floors: 1,
      perFloor: 1,
    });
    expectApiError(await api(admin.auth).del(`/admin/projects/${project.id}`), 409, 'CONFLICT', /归档/);

    const archived = await api(admin.auth).post(`/admin/projects/${project.id}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).not.toBeNull();
    expect((await api(resident).get('/projects')).body.map((p: NamedRef) => p.id)).not.toContain(project.id);
    const category = await insertCategory(ctx, 'complaint', null);
    const filed = await api(resident).post('/requests/intake', {
      kind: 'complaint',
      source: 'phone',
      projectId: project.id,
      categoryId: category.id,
      content: '来电反映门禁坏了',
      contactName: '来电业主',
      contactPhone: '13700001111',
    });
    expectValidation(filed, ['projectId']);
    await retireCategories(ctx, [category.id]);

    const empty = await newProject();
    expect((await api(admin.auth).del(`/admin/projects/${empty.id}`)).status).toBe(204);
  });
});

describe('rooms by pattern', () => {
  it('creates 2 栋 × 1 单元 × 3 层 × 2 户 in one go and refuses the same rooms again, creating none', async () => {
    const project = await newProject();
    const res = await api(admin.auth).post(`/admin/projects/${project.id}/rooms/batch`, {
      buildings: 2,
      units: 1,
      floors: 3,
      perFloor: 2,
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ created: 12, buildings: 2, units: 2 });
    const buildings = (await api(admin.auth).get(`/admin/projects/${project.id}/buildings`))
      .body as AdminBuildingView[];
    expect(buildings.map((b) => [b.name, b.units.map((u) => [u.name, u.roomCount])])).toEqual([
      ['1栋', [['1单元', 6]]],
      ['2栋', [['1单元', 6]]],
    ]);
    const rooms = (await api(admin.auth).get(`/admin/units/${buildings[1]!.units[0]!.id}/rooms`))
      .body as AdminRoomView[];
    expect(rooms.map((r) => r.name)).toEqual(['101', '102', '201', '202', '301', '302']);
    expect(rooms.every((r) => r.occupied)).toBe(true);

    // 2栋 again overlaps; 3栋 alone would be new, but nothing of the batch is created.
    const again = await api(admin.auth).post(`/admin/projects/${project.id}/rooms/batch`, {
      buildings: 2,
      units: 1,
      floors: 3,
      perFloor: 2,
      firstBuilding: 2,
    });
    expectApiError(again, 409, 'CONFLICT', /6 间房已存在（2栋1单元101/);
    const [count] = (await ctx.dataSource.query('SELECT COUNT(*) AS n FROM room WHERE project_id = ?', [
      project.id,
    ])) as Array<{
      n: string;
    }>;
    expect(Number(count!.n)).toBe(12);

    const vacant = await api(admin.auth).put(`/admin/rooms/${rooms[0]!.id}`, {
      name: '101',
      floor: 1,
      occupied: false,
    });
    expect(vacant.status).toBe(200);
    expect(vacant.body).toMatchObject({ occupied: false, bindings: 0 });
    expectValidation(
      await api(admin.auth).put(`/admin/rooms/${rooms[0]!.id}`, { name: '102', floor: 1, occupied: false }),
      ['name'],
    );
  });

  it('refuses more than 5,000 rooms in one call with a clear 400', async () => {
    const project = await newProject();
    const res = await api(admin.auth).post(`/admin/projects/${project.id}/rooms/batch`, {
      buildings: 10,
      units: 4,
      floors: 30,
      perFloor: 6,
    });
    const body = expectValidation(res, ['perFloor']);
    expect(body.details![0]!.message).toContain('5000');
  });
});

describe('who may administer', () => {
  it('a manager edits their own project only; staff and receptionists are refused', async () => {
    const mine = await newProject();
    const theirs = await newProject();
    const manager = await insertStaff(ctx, { role: 'manager', departmentId: null, projectIds: [mine.id] });
    const list = await api(manager.auth).get('/admin/projects');
    expect(list.status).toBe(200);
    expect((list.body.items as AdminProjectView[]).map((p) => p.id)).toEqual([mine.id]);
    const body = { name: mine.name, kind: 'villa', areaSqm: null, households: 3 };
    expect((await api(manager.auth).put(`/admin/projects/${mine.id}`, body)).status).toBe(200);
    expectApiError(
      await api(manager.auth).put(`/admin/projects/${theirs.id}`, { ...body, name: theirs.name }),
      404,
      'NOT_FOUND',
    );
    expectApiError(
      await api(manager.auth).post(`/admin/projects/${theirs.id}/rooms/batch`, {
        buildings: 1,
        units: 1,
        floors: 1,
        perFloor: 1,
      }),
      404,
      'NOT_FOUND',
    );
    expectApiError(
      await api(manager.auth).post('/admin/projects', { name: `M${tag()}`, kind: 'villa' }),
      403,
      'FORBIDDEN',
    );
    expectApiError(await api(manager.auth).post(`/admin/projects/${mine.id}/archive`), 403, 'FORBIDDEN');
    expectApiError(
      await api(manager.auth).post('/admin/departments', { name: `M${tag()}`, dispatchMode: 'auto' }),
      403,
      'FORBIDDEN',
    );

    for (const role of ['staff', 'receptionist', 'supervisor'] as const) {
      const person = await insertStaff(ctx, { role, departmentId: null, projectIds: [mine.id] });
      expectApiError(await api(person.auth).get('/admin/projects'), 403, 'FORBIDDEN');
      expectApiError(await api(person.auth).put(`/admin/projects/${mine.id}`, body), 403, 'FORBIDDEN');
      expectApiError(await api(person.auth).get('/admin/departments'), 403, 'FORBIDDEN');
    }
  });
});

describe('departments', () => {
  it('a department’s new dispatch mode is used by the very next dispatch', async () => {
    const project = await newProject();
    await api(admin.auth).post(`/admin/projects/${project.id}/rooms/batch`, {
      buildings: 1,
      units: 1,
      floors: 1,
      perFloor: 1,
    });
    const handler = await insertStaff(ctx, { role: 'staff', departmentId: null, projectIds: [project.id] });
    const desk = await insertStaff(ctx, { role: 'receptionist', departmentId: null, projectIds: [project.id] });
    const created = await api(admin.auth).post('/admin/departments', {
      name: `测试部${tag()}`,
      dispatchMode: 'supervisor',
      supervisorUserId: handler.userId,
      memberUserIds: [handler.userId],
      projectIds: [project.id],
    });
    expect(created.status).toBe(201);
    const department = created.body as AdminDepartmentView;
    expect(department).toMatchObject({
      dispatchMode: 'supervisor',
      supervisorUserId: handler.userId,
      projectIds: [project.id],
      active: true,
    });
    expect(department.members.map((m) => m.userId)).toEqual([handler.userId]);

    const category = await insertCategory(ctx, 'complaint', department.id);
    setUpChanged(ctx);
    // The desk files and accepts: accepting is where a department in auto mode dispatches.
    const fileAndAccept = async () => {
      const res = await api(desk.auth).post('/requests/intake', {
        kind: 'complaint',
        source: 'phone',
        projectId: project.id,
        categoryId: category.id,
        content: '来电反映电梯异响',
        contactName: '来电业主',
        contactPhone: '13700002222',
      });
      expect(res.status).toBe(201);
      return actOk(ctx, desk, res.body.id as number, 'accept');
    };
    const first = await fileAndAccept();
    expect(first.assignee).toBeNull();

    const update = await api(admin.auth).put(`/admin/departments/${department.id}`, {
      name: department.name,
      dispatchMode: 'auto',
      supervisorUserId: handler.userId,
      memberUserIds: [handler.userId],
      projectIds: [project.id],
    });
    expect(update.status).toBe(200);
    const second = await fileAndAccept();
    expect(second).toMatchObject({ status: 'dispatched', assignee: { userId: handler.userId } });

    // Off duty by their own switch: the next auto dispatch finds nobody.
    expect((await api(handler.auth).put('/me/duty', { onDuty: false })).body).toEqual({ onDuty: false });
    expect((await api(handler.auth).get('/me/duty')).body).toEqual({ onDuty: false });
    const third = await fileAndAccept();
    expect(third).toMatchObject({ status: 'accepted', assignee: null });
    expectValidation(await api(handler.auth).put('/me/duty', { onDuty: 'yes' }), ['onDuty']);
    expectApiError(await api(admin.auth).put('/me/duty', { onDuty: true }), 403, 'FORBIDDEN');

    // Disabled: new work of its category waits at the desk.
    const disabled = await api(admin.auth).post(`/admin/departments/${department.id}/disable`);
    expect(disabled.body.active).toBe(false);
    const fourth = await api(desk.auth).post('/requests/intake', {
      kind: 'complaint',
      source: 'phone',
      projectId: project.id,
      categoryId: category.id,
      content: '来电反映电梯异响',
      contactName: '来电业主',
      contactPhone: '13700002222',
    });
    expect(fourth.body.departmentName).toBeNull();
    await retireCategories(ctx, [category.id]);
  });

  it('existing departments start with their supervisor-role member as supervisor and their members’ projects', async () => {
    const [row] = (await ctx.dataSource.query(
      "SELECT u.id AS userId, p.id AS projectId FROM `user` u, project p WHERE u.openid = 'demo-supervisor-1' AND p.name = '阳光花园'",
    )) as Array<{ userId: number; projectId: number }>;
    const list = (await api(admin.auth).get('/admin/departments')).body as AdminDepartmentView[];
    const engineering = list.find((d) => d.code === 'engineering')!;
    expect(engineering.supervisorUserId).toBe(Number(row!.userId));
    expect(engineering.projectIds).toContain(Number(row!.projectId));
  });

  it('the supervisor must be a member; names are unique', async () => {
    const member = await insertStaff(ctx, { role: 'staff', departmentId: null, projectIds: [] });
    const other = await insertStaff(ctx, { role: 'staff', departmentId: null, projectIds: [] });
    const name = `测试部${tag()}`;
    expectValidation(
      await api(admin.auth).post('/admin/departments', {
        name,
        dispatchMode: 'claim',
        supervisorUserId: other.userId,
        memberUserIds: [member.userId],
      }),
      ['supervisorUserId'],
    );
    expect((await api(admin.auth).post('/admin/departments', { name, dispatchMode: 'claim' })).status).toBe(201);
    expectValidation(await api(admin.auth).post('/admin/departments', { name, dispatchMode: 'claim' }), ['name']);
  });
});
