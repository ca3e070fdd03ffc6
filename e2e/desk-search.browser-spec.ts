import type { HouseBindingView, NamedRef, RequestDetail, RoomView } from '@linli/shared';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { api, apiLogin, fileRepair, type ApiUser } from './support/api';
import { login, requestIdOf, tab, waitForStatus } from './support/pages';
import { startStack, type Stack } from './support/stack';

/**
 * Issue 12, the desk finds anything, through the real h5 app: the receptionist finds a closed
 * request by the last four digits of the caller's phone; registers a 代客登记 by looking the
 * caller up (their house and name filled in) and sees a picked room fill in its registered
 * owner; the manager taps the board's department, count and person and gets those requests.
 * The resident's and the workers' steps go through the API.
 */
describe('the desk’s search, caller lookup and the board’s drill-down in the h5 app', () => {
  let stack: Stack;
  let desk: Page;
  let manager: Page;
  let zhang: ApiUser;
  let receptionist: ApiUser;
  let worker: ApiUser;
  let house: HouseBindingView;
  /** 张伟's repair, closed, filed with a phone number of this run's own. */
  let closed: RequestDetail;
  let callerPhone: string;
  /** Open repairs for the board: one dispatched to 王建国, one past its dispatch limit. */
  let dispatched: RequestDetail;
  let late: RequestDetail;
  const intakes: number[] = [];

  /** A fresh load of the page: a hash change alone leaves Taro's earlier instance of the same page on its stack. */
  const go = async (page: Page, path: string) => {
    await page.goto(`${stack.baseUrl}/#${path}`);
    await page.reload();
  };
  const act = (who: ApiUser, id: number, action: string, body: object = {}) =>
    api<RequestDetail>(stack, who, 'POST', `/api/requests/${id}/actions/${action}`, body);

  const fileRepairAt = (content: string, contactPhone: string) => fileRepair(stack, zhang, { content, contactPhone });

  beforeAll(async () => {
    stack = await startStack();
    [desk, manager] = await Promise.all([stack.newPage(), stack.newPage()]);
    for (const page of [desk, manager]) page.setDefaultTimeout(15_000);
    [zhang, receptionist, worker] = await Promise.all([
      apiLogin(stack, 'demo-resident-1'),
      apiLogin(stack, 'demo-receptionist-1'),
      apiLogin(stack, 'demo-repair-1'),
    ]);
    [house] = await api<HouseBindingView[]>(stack, zhang, 'GET', '/api/house-bindings/mine');
    // A number of this run's own: its last four digits find this request and few others.
    callerPhone = `139${String(Date.now() % 1e8).padStart(8, '0')}`;
    closed = await fileRepairAt('厨房水龙头滴水，已经换过一次垫片', callerPhone);
    await act(receptionist, closed.id, 'accept');
    await act(receptionist, closed.id, 'dispatch', { assigneeUserId: worker.userId });
    await act(worker, closed.id, 'take');
    await act(worker, closed.id, 'start');
    await act(worker, closed.id, 'complete', { note: '已更换阀芯' });
    closed = await act(zhang, closed.id, 'rate', { satisfaction: 'satisfied', speed: 5, quality: 5, attitude: 5 });
    expect(closed.status).toBe('closed');

    dispatched = await fileRepairAt('卫生间地漏返水', house.phone);
    await act(receptionist, dispatched.id, 'accept');
    dispatched = await act(receptionist, dispatched.id, 'dispatch', { assigneeUserId: worker.userId });
    late = await fileRepairAt('阳台水管冻裂', house.phone);
    late = await act(receptionist, late.id, 'accept');
    // Waiting for a real limit is not a test: the dispatch limit is moved into the past instead.
    await stack.app
      .get(DataSource)
      .query(
        'UPDATE request SET dispatch_due_at = created_at - INTERVAL 1 HOUR, dispatch_started_at = created_at - INTERVAL 3 HOUR, ' +
          'created_at = created_at - INTERVAL 3 HOUR WHERE id = ?',
        [late.id],
      );
  });

  afterAll(async () => {
    try {
      if (!stack || !zhang) return;
      // Leave no open work with 王建国 or the desk for the next spec.
      for (const request of [dispatched, late]) {
        if (request) await act(zhang, request.id, 'cancel', { note: '测试结束，撤销' }).catch(() => undefined);
      }
      for (const id of intakes)
        await act(receptionist, id, 'cancel', { note: '测试登记，撤销' }).catch(() => undefined);
    } finally {
      await stack?.close();
    }
  });

  it('finds a closed request by the last four digits of the caller’s phone', async () => {
    await login(desk, stack.baseUrl, 'demo-receptionist-1');
    await desk.locator('#desk-entry-search').waitFor();
    await go(desk, '/desk/pages/queue/index?filter=received');
    await desk.locator('#queue-tab-received[data-active="true"]').waitFor();
    await desk.fill('#queue-search-input input', callerPhone.slice(-4));
    await desk.locator('#queue-search-submit').click();
    // The search looks through 全部, closed requests included.
    await desk.locator('#queue-tab-all[data-active="true"]').waitFor();
    const card = desk.locator(`#queue-request-${closed.id}`);
    await card.waitFor();
    expect(await card.getAttribute('data-status')).toBe('closed');
    expect(await card.getAttribute('data-number')).toBe(closed.number);
    expect(await desk.locator('#queue-search-note').textContent()).toContain(callerPhone.slice(-4));
    expect(await desk.locator('#queue-sort-newest').getAttribute('data-active')).toBe('true');
    await stack.screenshot(desk, 'desk-search', { doc: true });

    // 已关闭 is a status of 全部: the filter keeps it, 未办结 does not.
    await desk.locator('#queue-filter-toggle').click();
    await desk.locator('#queue-status-open').click();
    await desk.locator('#queue-chip-status').waitFor();
    await desk.locator('#queue-empty').waitFor();
    await desk.locator('#queue-status-closed').click();
    await card.waitFor();
    await desk.locator('#queue-filters-done').click();

    // The whole number finds it too, and the detail opens from the card.
    await desk.fill('#queue-search-input input', callerPhone);
    await desk.locator('#queue-search-submit').click();
    await desk.locator('#queue-search-note', { hasText: callerPhone }).waitFor();
    await card.click();
    await waitForStatus(desk, 'closed');
  });

  it('sorts the queues most urgent first and marks what is late', async () => {
    await go(desk, '/desk/pages/queue/index?filter=accepted');
    await desk.locator('#queue-tab-accepted[data-active="true"]').waitFor();
    expect(await desk.locator('#queue-sort-deadline').getAttribute('data-active')).toBe('true');
    // The late one's dispatch limit passed an hour ago: first (or among the first) and marked.
    await desk.locator(`#queue-request-${late.id}-due[data-state="overdue"]`).waitFor();
  });

  it('registers a 代客登记 by looking the caller up, and a picked room fills in its owner', async () => {
    await go(desk, '/desk/pages/intake/index');
    await desk.fill('#intake-lookup-input input', house.phone);
    await desk.locator('#intake-lookup-submit').click();
    // The caller's house (picked at once when it is the only one): the room, and the caller as the contact.
    await desk.locator(`#intake-lookup-house-${house.room.id}`).click();
    await desk.locator(`#intake-lookup-house-${house.room.id}.intake-house--chosen`).waitFor();
    expect(await desk.locator('#intake-chosen').textContent()).toContain(house.room.name);
    expect(await desk.locator('#intake-contact-name input').inputValue()).toBe(house.name);
    expect(await desk.locator('#intake-contact-phone input').inputValue()).toBe(house.phone);
    // …and their recent requests, the ones above among them.
    await desk.locator(`#intake-lookup-recent-${dispatched.id}`).waitFor();
    await desk.locator('#intake-lookup').scrollIntoViewIfNeeded();
    await stack.screenshot(desk, 'desk-intake-caller');

    await desk.locator('#intake-kind-complaint').click();
    await desk.locator('#intake-source-phone').click();
    await desk.locator('[id^="intake-category-"]', { hasText: '房屋管理' }).click();
    await desk.locator('[id^="intake-category-"]', { hasText: '房屋渗漏' }).click();
    await desk.fill('#intake-content textarea', '业主来电：卫生间顶部渗水，楼上邻居不在家');
    await stack.screenshot(desk, 'desk-intake-lookup');
    await desk.locator('#intake-submit').click();
    await desk.locator('#detail-created').waitFor();
    const id = requestIdOf(desk);
    intakes.push(id);
    const filed = await api<RequestDetail>(stack, receptionist, 'GET', `/api/requests/${id}`);
    expect(filed).toMatchObject({ source: 'phone', contactName: house.name, contactPhone: house.phone });
    expect(filed.roomLabel).toContain(house.room.name);

    // Picking a room step by step fills in the owner register's entry for it (2栋 1单元 502: 李娜).
    await go(desk, '/desk/pages/intake/index');
    const projects = await api<NamedRef[]>(stack, receptionist, 'GET', '/api/projects');
    const project = projects.find((p) => p.name === house.room.projectName)!;
    const buildings = await api<NamedRef[]>(stack, receptionist, 'GET', `/api/projects/${project.id}/buildings`);
    const building = buildings.find((b) => b.name === '2栋')!;
    const units = await api<NamedRef[]>(stack, receptionist, 'GET', `/api/buildings/${building.id}/units`);
    const unit = units.find((u) => u.name === '1单元')!;
    const rooms = await api<RoomView[]>(stack, receptionist, 'GET', `/api/units/${unit.id}/rooms`);
    const room = rooms.find((r) => r.name === '502')!;
    await desk.locator(`#intake-project-${project.id}`).click();
    await desk.locator(`#intake-building-${building.id}`).click();
    await desk.locator(`#intake-unit-${unit.id}`).click();
    await desk.locator(`#intake-room-${room.id}`).click();
    await desk.locator('#intake-owner-filled').waitFor();
    expect(await desk.locator('#intake-contact-name input').inputValue()).toBe('李娜');
    expect(await desk.locator('#intake-contact-phone input').inputValue()).toBe('13800000002');
  });

  it('drills down from the board: a department’s late work, a person’s open work', async () => {
    await login(manager, stack.baseUrl, 'demo-manager-1');
    // 管理 is a tab of its own for managers.
    await tab(manager, 'manage').waitFor();
    await go(manager, '/admin/pages/board/index');
    const departmentRow = `#board-dept-${late.departmentId}`;
    await manager.locator(departmentRow).waitFor();
    expect(Number(await manager.locator(departmentRow).getAttribute('data-overdue'))).toBeGreaterThan(0);
    await manager.locator(`${departmentRow}-overdue`).click();

    await manager.locator('#queue-chip-due').waitFor();
    await manager.locator('#queue-chip-department').waitFor();
    await manager.locator(`#queue-request-${late.id}`).waitFor();
    await manager.locator(`#queue-request-${late.id}-due[data-state="overdue"]`).waitFor();
    // Only the late ones: the dispatched repair's limit is days away.
    expect(await manager.locator(`#queue-request-${dispatched.id}`).count()).toBe(0);
    await stack.screenshot(manager, 'board-drill-overdue');

    await go(manager, '/admin/pages/board/index');
    await manager.locator(`#board-user-${worker.userId}`).click();
    await manager.locator('#queue-chip-assignee', { hasText: '王建国' }).waitFor();
    await manager.locator(`#queue-request-${dispatched.id}`).waitFor();
    expect(await manager.locator(`#queue-request-${late.id}`).count()).toBe(0);
  });
});
