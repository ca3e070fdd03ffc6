import type { AdminChangeView, CategoryAdminNode, CategoryAdminTree } from '@linli/shared';
import {
  call,
  complaintOf,
  demoStaff,
  expectRefusal,
  fileRequest,
  get,
  insertDepartment,
  insertProject,
  insertStaff,
  projectIdOf,
  repairForm,
  residentPerson,
  retireCategories,
  type Person,
  type ResidentPerson,
} from './support/lifecycle';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * 分类与派单 (issue 14 §6): the tree editor, per-project routes and the 无人可派 flag, through the
 * admin endpoints; each edit is seen by the very next filing (the cached set-up is told).
 */
describe('category tree and routing admin', () => {
  let ctx: TestContext;
  let admin: Person;
  let manager: Person;
  let worker: Person;
  let resident: ResidentPerson;
  let sunshine: number;
  let other: { projectId: number; name: string };
  let staffed: { id: number; name: string };
  let second: { id: number; name: string };
  let empty: { id: number; name: string };
  const created: number[] = [];

  const put = (who: Person, url: string, body: object) => call(ctx, 'PUT', url, who, body);
  const patch = (who: Person, url: string, body: object) => call(ctx, 'PATCH', url, who, body);
  const post = (who: Person, body: object) => call(ctx, 'POST', '/api/requests', who, body);
  const create = async (body: object): Promise<CategoryAdminNode> => {
    const res = await call(ctx, 'POST', '/api/admin/categories', admin, body);
    expect({ status: res.status, body: res.status === 201 ? 'ok' : res.body }).toEqual({ status: 201, body: 'ok' });
    created.push((res.body as CategoryAdminNode).id);
    return res.body as CategoryAdminNode;
  };
  const find = (nodes: CategoryAdminNode[], id: number): CategoryAdminNode | undefined => {
    for (const node of nodes) {
      if (node.id === id) return node;
      const below = find(node.children, id);
      if (below) return below;
    }
    return undefined;
  };
  const treeOf = async (who: Person, kind = 'repair') => {
    const res = await get(ctx, who, `/api/admin/categories?kind=${kind}`);
    expect(res.status).toBe(200);
    return (res.body as CategoryAdminTree).categories;
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    ({ manager, worker } = await demoStaff(ctx));
    admin = await insertStaff(ctx, { role: 'admin', departmentId: null });
    resident = await residentPerson(ctx);
    sunshine = await projectIdOf(ctx);
    other = await insertProject(ctx);
    staffed = await insertDepartment(ctx, '分类测试部', 'supervisor');
    second = await insertDepartment(ctx, '覆盖测试部', 'supervisor');
    empty = await insertDepartment(ctx, '无人部', 'supervisor');
    await insertStaff(ctx, { role: 'staff', departmentId: staffed.id, projectIds: [sunshine, other.projectId] });
    await insertStaff(ctx, { role: 'staff', departmentId: second.id, projectIds: [sunshine] });
  });
  afterAll(async () => {
    await retireCategories(ctx, created);
    await ctx.close();
  });

  it('adds, renames and sets the department and grade; the next filing uses them', async () => {
    const parent = await create({ kind: 'repair', name: '测试公区维修', defaultDepartmentId: staffed.id });
    const leaf = await create({ kind: 'repair', parentId: parent.id, name: '楼道灯', defaultGrade: 'B' });
    expect(leaf).toMatchObject({ parentId: parent.id, defaultGrade: 'B', requestCount: 0 });
    // Staffed in this suite's projects (other suites' projects, which an admin sees too, are not).
    expect(leaf.unstaffed.filter((item) => [sunshine, other.projectId].includes(item.projectId))).toEqual([]);
    const renamed = await patch(admin, `/api/admin/categories/${leaf.id}`, { name: '楼道照明' });
    expect(renamed.body).toMatchObject({ name: '楼道照明' });

    const filed = await fileRequest(ctx, resident, repairForm(resident, leaf.id));
    expect(filed).toMatchObject({ categoryName: '楼道照明', departmentName: staffed.name, grade: 'B' });
    const tree = await treeOf(admin);
    expect(find(tree, leaf.id)).toMatchObject({ requestCount: 1 });
    expect(find(tree, parent.id)!.children.map((child) => child.id)).toEqual([leaf.id]);
  });

  it('refuses a move under itself or its descendants, and across kinds; moves otherwise', async () => {
    const top = await create({ kind: 'repair', name: '移动测试上级' });
    const middle = await create({ kind: 'repair', parentId: top.id, name: '移动测试中间' });
    const bottom = await create({ kind: 'repair', parentId: middle.id, name: '移动测试下级' });
    for (const parentId of [top.id, bottom.id]) {
      const res = await patch(admin, `/api/admin/categories/${top.id}`, { parentId });
      expect(expectRefusal(res, 400, 'VALIDATION_FAILED').details).toEqual([
        { field: 'parentId', message: '不能移到自身或其下级分类之下' },
      ]);
    }
    const complaint = await create({ kind: 'complaint', name: '移动测试投诉' });
    const across = await patch(admin, `/api/admin/categories/${bottom.id}`, { parentId: complaint.id });
    expect(expectRefusal(across, 400, 'VALIDATION_FAILED').details[0].message).toBe('只能移到同一类型的分类下');

    const moved = await patch(admin, `/api/admin/categories/${bottom.id}`, { parentId: top.id });
    expect(moved.body).toMatchObject({ parentId: top.id });
    expect(
      find(await treeOf(admin), top.id)!
        .children.map((child) => child.id)
        .sort(),
    ).toEqual([middle.id, bottom.id].sort());
  });

  it('deletes a never-used category; a used one is refused with 409 and can be disabled instead', async () => {
    const unused = await create({ kind: 'complaint', name: '删除测试', defaultDepartmentId: staffed.id });
    expect((await call(ctx, 'DELETE', `/api/admin/categories/${unused.id}`, admin)).status).toBe(204);
    expect(find(await treeOf(admin, 'complaint'), unused.id)).toBeUndefined();

    const used = await create({ kind: 'complaint', name: '停用测试', defaultDepartmentId: staffed.id });
    const filed = await fileRequest(ctx, resident, complaintOf(resident, used.id));
    const refused = await call(ctx, 'DELETE', `/api/admin/categories/${used.id}`, admin);
    expect(expectRefusal(refused, 409, 'CONFLICT').message).toBe('该分类已有诉求，不能删除，可停用');

    expect((await patch(admin, `/api/admin/categories/${used.id}`, { active: false })).status).toBe(200);
    // No longer offered to residents, nor accepted from them; the request filed keeps it.
    const offered = await get(ctx, resident, '/api/categories?kind=complaint');
    expect(JSON.stringify(offered.body)).not.toContain(`"id":${used.id},`);
    const again = await post(resident, complaintOf(resident, used.id));
    expect(again.status).toBe(404);
    const kept = await get(ctx, resident, `/api/requests/${filed.id}`);
    expect(kept.body).toMatchObject({ categoryName: '停用测试' });
  });

  it('flags 无人可派 where the department has nobody dispatchable, per project, and clears it when someone joins', async () => {
    const category = await create({ kind: 'repair', name: '无人测试', defaultDepartmentId: empty.id });
    const node = find(await treeOf(admin), category.id)!;
    expect(node.unstaffed.map((item) => item.projectId).sort()).toEqual(
      expect.arrayContaining([sunshine, other.projectId]),
    );
    expect(node.unstaffed.find((item) => item.projectId === sunshine)).toMatchObject({ departmentName: empty.name });

    // Someone in 阳光花园 only: the flag stays for the other project alone.
    await insertStaff(ctx, { role: 'staff', departmentId: empty.id, projectIds: [sunshine] });
    const after = find(await treeOf(admin), category.id)!;
    expect(after.unstaffed.map((item) => item.projectId)).not.toContain(sunshine);
    expect(after.unstaffed.map((item) => item.projectId)).toContain(other.projectId);
  });

  it('a project override routes that project’s next filing, and is flagged when its department has nobody', async () => {
    const category = await create({ kind: 'repair', name: '覆盖测试', defaultDepartmentId: staffed.id });
    const res = await put(manager, `/api/admin/categories/${category.id}/routes/${sunshine}`, {
      departmentId: second.id,
    });
    expect(res.status).toBe(200);
    expect((res.body as CategoryAdminNode).routes).toEqual([
      expect.objectContaining({ projectId: sunshine, departmentId: second.id, unstaffed: false }),
    ]);
    const filed = await fileRequest(ctx, resident, repairForm(resident, category.id));
    expect(filed.departmentName).toBe(second.name);

    // second has nobody in the other project: an override there is flagged red.
    const flagged = await put(admin, `/api/admin/categories/${category.id}/routes/${other.projectId}`, {
      departmentId: second.id,
    });
    const route = (flagged.body as CategoryAdminNode).routes.find((item) => item.projectId === other.projectId);
    expect(route).toMatchObject({ unstaffed: true });
    expect((flagged.body as CategoryAdminNode).unstaffed.map((item) => item.projectId)).toContain(other.projectId);

    // Removing the override: the tree's default applies to the next filing again.
    await put(manager, `/api/admin/categories/${category.id}/routes/${sunshine}`, { departmentId: null });
    expect((await fileRequest(ctx, resident, repairForm(resident, category.id))).departmentName).toBe(staffed.name);
  });

  it('records who changed what, before and after', async () => {
    const category = await create({ kind: 'suggestion', name: '记录测试' });
    await patch(admin, `/api/admin/categories/${category.id}`, { defaultGrade: 'E' });
    const rows = (await get(ctx, admin, `/api/admin/changes?entity=category&entityId=${category.id}`)).body
      .items as AdminChangeView[];
    expect(rows.map((row) => [row.action, row.actor?.userId])).toEqual([
      ['update', admin.userId],
      ['create', admin.userId],
    ]);
    expect(rows[1].before).toBeNull();
    expect(rows[0].before).toMatchObject({ defaultGrade: 'C' });
    expect(rows[0].after).toMatchObject({ defaultGrade: 'E' });
  });

  it('authorization: managers read and route their own projects only; staff are refused; the tree is admins’', async () => {
    const category = await create({ kind: 'repair', name: '权限测试', defaultDepartmentId: staffed.id });
    // 周敏 manages 阳光花园, not the other project: refused as if it did not exist.
    const foreign = await put(manager, `/api/admin/categories/${category.id}/routes/${other.projectId}`, {
      departmentId: second.id,
    });
    expectRefusal(foreign, 404, 'NOT_FOUND');
    // The manager's view flags only their own projects.
    const managed = (await get(ctx, manager, '/api/admin/categories?kind=repair')).body as CategoryAdminTree;
    expect(managed.projects.map((project) => project.id)).toEqual([sunshine]);
    const seen = find(managed.categories, category.id)!;
    expect(seen.routes.every((route) => route.projectId === sunshine)).toBe(true);

    expect(
      (await call(ctx, 'POST', '/api/admin/categories', manager, { kind: 'repair', name: '经理新增' })).status,
    ).toBe(403);
    expect((await patch(manager, `/api/admin/categories/${category.id}`, { name: '经理改名' })).status).toBe(403);
    expect((await call(ctx, 'DELETE', `/api/admin/categories/${category.id}`, manager)).status).toBe(403);
    expect((await get(ctx, worker, '/api/admin/categories?kind=repair')).status).toBe(403);
    expect(
      (await put(worker, `/api/admin/categories/${category.id}/routes/${sunshine}`, { departmentId: second.id }))
        .status,
    ).toBe(403);
    expect((await get(ctx, resident, '/api/admin/categories?kind=repair')).status).toBe(403);
  });

  it('answers bad input with field-level Chinese messages', async () => {
    const blank = await call(ctx, 'POST', '/api/admin/categories', admin, { kind: 'repair', name: '' });
    expect(expectRefusal(blank, 400, 'VALIDATION_FAILED').details[0].field).toBe('name');
    const noDepartment = await call(ctx, 'POST', '/api/admin/categories', admin, {
      kind: 'repair',
      name: '部门不存在测试',
      defaultDepartmentId: 999999,
    });
    expect(expectRefusal(noDepartment, 400, 'VALIDATION_FAILED').details).toEqual([
      { field: 'defaultDepartmentId', message: '部门不存在' },
    ]);
    const twin = await create({ kind: 'repair', name: '同名测试' });
    const duplicate = await call(ctx, 'POST', '/api/admin/categories', admin, { kind: 'repair', name: twin.name });
    expect(expectRefusal(duplicate, 400, 'VALIDATION_FAILED').details[0].message).toBe('同一上级下已有同名分类');
  });
});
