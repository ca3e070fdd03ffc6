import { boundResident, fileComplaint, loginAs, type Resident } from './support/api';
import {
  insertCategory,
  insertDepartment,
  insertProject,
  insertStaff,
  projectIdOf,
  retireCategories,
  setUpChanged,
} from './support/lifecycle';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Routing (issue 4 §4): category → department by the tree's default, with per-project overrides.
 * The suite uses categories and departments of its own, so other suites' routing is untouched.
 */
describe('per-project routing overrides', () => {
  let ctx: TestContext;
  let resident: Resident;
  let sunshine: number;
  let other: { projectId: number; roomId: number };
  let byDefault: { id: number; name: string };
  let byOverride: { id: number; name: string };
  let parentId: number;
  let childId: number;

  beforeAll(async () => {
    ctx = await createTestContext();
    resident = await boundResident(ctx);
    sunshine = await projectIdOf(ctx);
    other = await insertProject(ctx);
    byDefault = await insertDepartment(ctx, '默认部门', 'supervisor');
    byOverride = await insertDepartment(ctx, '项目部门', 'supervisor');
    // Someone to dispatch in each, in both projects: a department with nobody sends its requests
    // to the desk instead (issue 12), which the last test shows.
    for (const department of [byDefault, byOverride]) {
      await insertStaff(ctx, {
        role: 'staff',
        departmentId: department.id,
        projectIds: [sunshine, other.projectId],
      });
    }
    parentId = (await insertCategory(ctx, 'complaint', byDefault.id)).id;
    // A leaf without a department of its own, under a parent that has one.
    const result = (await ctx.dataSource.query(
      "INSERT INTO category (parent_id, kind, name, default_department_id, default_grade, sort, active) VALUES (?, 'complaint', ?, NULL, 'C', 1, 1)",
      [parentId, `子分类${Date.now() % 100000}`],
    )) as { insertId: number };
    childId = Number(result.insertId);
    setUpChanged(ctx);
  });
  afterAll(async () => {
    await retireCategories(ctx, [childId, parentId]);
    await ctx.close();
  });

  it('routes by the tree: the leaf inherits its parent’s department', async () => {
    const filed = await fileComplaint(ctx, resident, childId);
    expect(filed.departmentName).toBe(byDefault.name);
  });

  it('a project override on the parent routes that project’s requests elsewhere', async () => {
    await ctx.dataSource.query('INSERT INTO category_route (category_id, project_id, department_id) VALUES (?, ?, ?)', [
      parentId,
      sunshine,
      byOverride.id,
    ]);
    setUpChanged(ctx);
    const filed = await fileComplaint(ctx, resident, childId);
    expect(filed.departmentName).toBe(byOverride.name);
    expect(filed.events[0].note).toContain(byOverride.name);
  });

  it('other projects keep the tree’s default', async () => {
    const { auth } = await loginAs(ctx, 'demo-receptionist-1');
    // 陈静 serves 阳光花园 only; let her serve this suite's other project too.
    await ctx.dataSource.query(
      'INSERT IGNORE INTO staff_member_project (staff_member_id, project_id) SELECT m.id, ? FROM staff_member m JOIN `user` u ON u.id = m.user_id WHERE u.openid = ?',
      [other.projectId, 'demo-receptionist-1'],
    );
    setUpChanged(ctx);
    const res = await ctx.http().post('/api/requests/intake').set(auth).send({
      kind: 'complaint',
      source: 'phone',
      projectId: other.projectId,
      roomId: other.roomId,
      categoryId: childId,
      content: '来电反映楼道灯不亮',
      contactName: '来电业主',
      contactPhone: '13700009999',
    });
    expect(res.status).toBe(201);
    expect(res.body.departmentName).toBe(byDefault.name);
  });

  it('an override on the leaf itself beats one on its parent', async () => {
    const leafDepartment = await insertDepartment(ctx, '叶子部门', 'supervisor');
    await insertStaff(ctx, { role: 'supervisor', departmentId: leafDepartment.id });
    await ctx.dataSource.query('INSERT INTO category_route (category_id, project_id, department_id) VALUES (?, ?, ?)', [
      childId,
      sunshine,
      leafDepartment.id,
    ]);
    setUpChanged(ctx);
    const filed = await fileComplaint(ctx, resident, childId);
    expect(filed.departmentName).toBe(leafDepartment.name);
  });

  it('a route to a department with nobody to dispatch in the project leaves the request at the desk', async () => {
    const nobody = await insertDepartment(ctx, '无人部门', 'supervisor');
    await ctx.dataSource.query('UPDATE category_route SET department_id = ? WHERE category_id = ? AND project_id = ?', [
      nobody.id,
      childId,
      sunshine,
    ]);
    setUpChanged(ctx);
    const filed = await fileComplaint(ctx, resident, childId);
    expect(filed.departmentName).toBeNull();
    expect(filed.events[0].note).toContain(`${nobody.name}暂无可派人员，待客服分派`);
  });
});
