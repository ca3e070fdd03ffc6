import type { CategoryNode, DepartmentView, HouseBindingView, RequestDetail, StaffOption } from '@linli/shared';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { ReferenceDataService } from '../server/src/modules/reference/reference-data.service';
import { api, apiLogin, type ApiUser } from './support/api';
import { login, waitForStatus } from './support/pages';
import { startStack, type Stack } from './support/stack';

/**
 * Issue 12, "dispatch that cannot fail", in the h5 app: 公共照明 is routed to 机电部, where the
 * demo has nobody to dispatch, so the repair waits at the desk with a warning. The receptionist
 * accepts it, transfers it to 工程维修部 from the dispatch sheet itself, and the sheet then offers
 * only that department's people serving 阳光花园 — one greyed as 休息 — and the dispatch goes through.
 */
describe('the dispatch sheet', () => {
  let stack: Stack;
  let desk: Page;
  let zhang: ApiUser;
  let receptionist: ApiUser;
  let repair: RequestDetail;
  let departments: DepartmentView[];
  const extra: { ready: number; resting: number } = { ready: 0, resting: 0 };
  const departmentId = (code: string) => departments.find((department) => department.code === code)!.id;

  /** A member of 工程维修部 serving 阳光花园, written as an admin's set-up edit would be. */
  async function insertEngineer(name: string, onDuty: boolean, oaOpenid: string | null): Promise<number> {
    const db = stack.app.get(DataSource);
    const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
    const user = (await db.query("INSERT INTO `user` (openid, role, name, phone) VALUES (?, 'staff', ?, NULL)", [
      `e2e-dispatch-${suffix}`,
      name,
    ])) as { insertId: number };
    const member = (await db.query(
      'INSERT INTO staff_member (user_id, department_id, title, on_duty) VALUES (?, ?, ?, ?)',
      [user.insertId, departmentId('engineering'), '电工', onDuty ? 1 : 0],
    )) as { insertId: number };
    await db.query(
      "INSERT INTO staff_member_project (staff_member_id, project_id) SELECT ?, id FROM project WHERE name = '阳光花园'",
      [member.insertId],
    );
    if (oaOpenid) {
      await db.query(
        'INSERT INTO official_account_link (user_id, openid, following, bind_code_failures, updated_at) VALUES (?, ?, 1, 0, NOW(3))',
        [user.insertId, oaOpenid],
      );
    }
    stack.app.get(ReferenceDataService).invalidate();
    return user.insertId;
  }

  beforeAll(async () => {
    stack = await startStack();
    desk = await stack.newPage();
    desk.setDefaultTimeout(15_000);
    [zhang, receptionist] = await Promise.all([
      apiLogin(stack, 'demo-resident-1'),
      apiLogin(stack, 'demo-receptionist-1'),
    ]);
    departments = await api<DepartmentView[]>(stack, receptionist, 'GET', '/api/departments');
    extra.ready = await insertEngineer('李明', true, `oa-e2e-dispatch-${Date.now().toString(36)}`);
    extra.resting = await insertEngineer('孙休', false, null);
    const [house] = await api<HouseBindingView[]>(stack, zhang, 'GET', '/api/house-bindings/mine');
    const tree = await api<CategoryNode[]>(stack, zhang, 'GET', '/api/categories?kind=repair');
    const lighting = tree.find((node) => node.name === '公共维修')!.children.find((node) => node.name === '公共照明')!;
    repair = await api<RequestDetail>(stack, zhang, 'POST', '/api/requests', {
      kind: 'repair',
      houseBindingId: house.id,
      categoryId: lighting.id,
      repairScope: 'common_area',
      repairItem: '楼道灯',
      repairLocation: '1栋1单元三楼楼道',
      content: '三楼楼道灯一直不亮，晚上看不见台阶',
      contactName: house.name,
      contactPhone: house.phone,
      photoIds: [],
    });
  });
  afterAll(async () => {
    // Leave the run's other specs the set-up as the seed has it: they dispatch in 工程维修部 too.
    if (repair)
      await api(stack, zhang, 'POST', `/api/requests/${repair.id}/actions/cancel`, { note: '测试结束，撤销' });
    await stack.app
      .get(DataSource)
      .query('UPDATE `user` SET active = 0 WHERE id IN (?)', [[extra.ready, extra.resting]]);
    stack.app.get(ReferenceDataService).invalidate();
    await stack.close();
  });

  it('a repair routed to 机电部, which has nobody, waits at the desk with a warning', async () => {
    expect(repair.departmentName).toBeNull();
    await login(desk, stack.baseUrl, 'demo-receptionist-1');
    await desk.locator('#desk-entry-received').waitFor();
    await desk.goto(`${stack.baseUrl}/#/desk/pages/request/index?id=${repair.id}`);
    const warning = desk.locator('#detail-dispatch-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toBe('分类默认的机电部在本项目暂无可派人员，已转客服台，请选择处理部门');

    await desk.locator('#action-accept').click();
    await desk.locator('#action-form[data-action="accept"]').waitFor();
    // Departments nobody can take it in are shown, not offered.
    const electromechanical = desk.locator(`#action-department-${departmentId('electromechanical')}`);
    await electromechanical.waitFor();
    expect(await electromechanical.textContent()).toBe('机电部（无人可派）');
    expect(await electromechanical.getAttribute('class')).toContain('choice-chip--disabled');
    await desk.locator('#action-submit').click();
    await waitForStatus(desk, 'accepted');
  });

  it('the manager’s board lists the desk’s work as 无人可通知 while nobody there can be reached', async () => {
    const manager = await stack.newPage();
    manager.setDefaultTimeout(15_000);
    await login(manager, stack.baseUrl, 'demo-manager-1');
    await manager.locator('[id^="desk-entry-"]').first().waitFor();
    await manager.goto(`${stack.baseUrl}/#/admin/pages/board/index`);
    await manager.locator('#board-summary').waitFor();
    const row = manager.locator(`#board-unreachable-none-${repair.projectId}`);
    await row.waitFor();
    expect(await row.getAttribute('data-nobody')).toBe('true');
    expect(await row.textContent()).toContain('无人可通知');
    expect(await row.textContent()).toContain('客服接待员未开通微信通知');
    await stack.screenshot(manager, 'admin-board-unreachable', { doc: true });
    await manager.close();
  });

  it('转部门 in the sheet itself, then only that department’s people, one greyed with why', async () => {
    await desk.locator('#action-dispatch').click();
    await desk.locator('#action-staff-no-department').waitFor();
    const panel = desk.locator('#action-staff-transfer-panel');
    await panel.waitFor();
    const engineering = departmentId('engineering');
    const nobody = desk.locator(`#action-staff-transfer-department-${departmentId('electromechanical')}`);
    expect(await nobody.getAttribute('class')).toContain('choice-chip--disabled');
    await desk.locator(`#action-staff-transfer-department-${engineering}`).click();
    await desk.fill('#action-staff-transfer-note textarea', '楼道灯线路归工程维修部');
    await stack.screenshot(desk, 'desk-dispatch-transfer');
    await desk.locator('#action-staff-transfer-submit').click();
    await desk
      .locator('#action-staff[data-department="' + engineering + '"] [id^="action-staff-user-"]')
      .first()
      .waitFor();
    expect(await desk.locator('#action-staff-department').textContent()).toBe('工程维修部的人员');

    // Exactly who the server would accept: its department, serving 阳光花园, active.
    const offered = await api<StaffOption[]>(
      stack,
      receptionist,
      'GET',
      `/api/departments/${engineering}/staff?projectId=${repair.projectId}`,
    );
    const rows = desk.locator('[id^="action-staff-user-"][data-available]');
    const shown = (await rows.evaluateAll((nodes) => nodes.map((node) => Number(node.id.split('-').pop())))).sort(
      (a, b) => a - b,
    );
    expect(shown).toEqual(offered.map((option) => option.userId).sort((a, b) => a - b));
    expect(shown).toEqual(expect.arrayContaining([extra.ready, extra.resting]));
    expect(await desk.locator('#action-staff').textContent()).not.toContain('赵秀英');
    const first = desk.locator('[id^="action-staff-user-"][data-available]').first();
    expect(await first.getAttribute('id')).toBe(`action-staff-user-${extra.ready}`);
    expect(await first.getAttribute('data-available')).toBe('true');

    const resting = desk.locator(`#action-staff-user-${extra.resting}`);
    expect(await resting.getAttribute('class')).toContain('staff-picker__row--greyed');
    expect(await resting.getAttribute('data-reasons')).toBe('off_duty unlinked');
    expect(await desk.locator(`#action-staff-user-${extra.resting}-reasons`).textContent()).toBe('休息未绑定微信');
    await resting.click();
    expect(await desk.locator('#action-staff-warning').textContent()).toContain('孙休休息中，派单后请电话联系');
    await stack.screenshot(desk, 'desk-dispatch-sheet', { doc: true });
  });

  it('dispatches to the one who is free', async () => {
    await desk.locator(`#action-staff-user-${extra.ready}`).click();
    expect(await desk.locator('#action-staff-warning').count()).toBe(0);
    await desk.locator('#action-submit').click();
    await waitForStatus(desk, 'dispatched');
    const after = await api<RequestDetail>(stack, receptionist, 'GET', `/api/requests/${repair.id}`);
    expect(after).toMatchObject({
      departmentName: '工程维修部',
      assignee: { userId: extra.ready },
      dispatchWarning: null,
    });
    expect(after.events.map((event) => event.action)).toEqual(['create', 'accept', 'transfer', 'dispatch']);
  });
});
