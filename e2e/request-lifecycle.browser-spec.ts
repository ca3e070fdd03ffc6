import type { Page } from 'playwright-core';
import { choosePhoto, login, photoFile, requestIdOf, waitForStatus } from './support/pages';
import { startStack, type Stack } from './support/stack';

/**
 * Issue 4 through the real h5 app, one browser profile per person:
 * (a) a resident files a repair with a photo, the desk answers (答复) and dispatches it, the repair
 *     worker takes, starts and completes it with a photo, the resident rates 满意 and it closes;
 * (b) the desk registers a phone complaint, dispatches it, and records the callback.
 */
describe('the request lifecycle in the h5 app', () => {
  let stack: Stack;
  let resident: Page;
  let desk: Page;
  let worker: Page;
  let repairId: number;
  let complaintId: number;

  beforeAll(async () => {
    stack = await startStack();
    [resident, desk, worker] = await Promise.all([stack.newPage(), stack.newPage(), stack.newPage()]);
    for (const page of [resident, desk, worker]) page.setDefaultTimeout(15_000);
  });
  afterAll(() => stack?.close());

  describe('(a) a repair with photos, rated by the resident', () => {
    it('the resident files an in-home repair with a photo', async () => {
      await login(resident, stack.baseUrl, 'demo-resident-1');
      await stack.screenshot(resident, 'resident-home', { doc: true });
      await resident.locator('#entry-repair').click();
      await resident.locator('#repair-content').waitFor();
      await resident.locator('#repair-submit').click();
      await expect(resident.locator('#repair-error-repairItem').textContent()).resolves.toContain('报修物品');

      await resident.locator('[id^="repair-category-"]', { hasText: '入户维修' }).click();
      await resident.locator('[id^="repair-category-"]', { hasText: '水电维修' }).click();
      await resident.fill('#repair-item input', '厨房水龙头');
      await resident.fill('#repair-location input', '厨房水槽');
      await resident.fill('#repair-content textarea', '厨房水龙头一直滴水，关不紧，晚上声音很大');
      await resident.locator('#repair-urgency-urgent').click();
      await choosePhoto(resident, 'repair-photos-add', await photoFile('leak', { r: 40, g: 90, b: 160 }));
      await resident.locator('#repair-photos[data-count="1"]').waitFor();
      await stack.screenshot(resident, 'resident-repair-form', { doc: true });
      await resident.locator('#repair-submit').click();

      await resident.locator('#detail-number').waitFor();
      repairId = requestIdOf(resident);
      expect(await resident.locator('#detail-number').textContent()).toMatch(/BX\d{12}/);
      await waitForStatus(resident, 'received');
      expect(await resident.locator('[id^="detail-photo-"]').count()).toBeGreaterThanOrEqual(1);
      // The resident reads how urgent it is, not a complaint grade.
      expect(await resident.locator('#detail-urgency').textContent()).toBe('紧急（急修）');
      expect(await resident.locator('#detail-grade').count()).toBe(0);
    });

    it('the receptionist accepts it and dispatches it to 王建国', async () => {
      await login(desk, stack.baseUrl, 'demo-receptionist-1');
      await desk.locator('#desk-entry-received').waitFor();
      await stack.screenshot(desk, 'desk-home', { doc: true });
      await desk.locator('#desk-entry-received').click();
      await desk.locator(`#queue-request-${repairId}-urgent`).waitFor();
      await desk.locator(`#queue-request-${repairId}`).click();
      await desk.locator('#action-accept').click();
      await desk.locator('#action-form').waitFor();
      // A repair is accepted with its urgency, not a complaint grade.
      await desk.locator('#action-urgency-urgent').waitFor();
      expect(await desk.locator('[id^="action-grade-"]').count()).toBe(0);
      await desk.locator('#action-submit').click();
      await waitForStatus(desk, 'accepted');
      // 答复: the desk answers the resident without moving the request; it is the first reply (issue 15).
      await desk.locator('#action-reply').click();
      await desk.locator('#action-form[data-action="reply"]').waitFor();
      await desk.fill('#action-note textarea', '已安排水电师傅今天下午上门');
      await stack.screenshot(desk, 'desk-reply');
      await desk.locator('#action-submit').click();
      await desk.locator('#detail-timeline', { hasText: '已安排水电师傅今天下午上门' }).waitFor();
      await waitForStatus(desk, 'accepted');
      await desk.locator('#action-dispatch').click();
      await desk.locator('[id^="action-staff-user-"]', { hasText: '王建国' }).click();
      await stack.screenshot(desk, 'desk-dispatch', { doc: true });
      await desk.locator('#action-submit').click();
      await waitForStatus(desk, 'dispatched');
    });

    it('the repair worker takes, starts and completes it with a photo', async () => {
      await login(worker, stack.baseUrl, 'demo-repair-1');
      await worker.locator(`#task-${repairId}`).waitFor();
      await stack.screenshot(worker, 'staff-tasks', { doc: true });
      await worker.locator(`#task-${repairId}`).click();
      await worker.locator('#action-take').click();
      await waitForStatus(worker, 'taken');
      // The handler sees the resident's full phone number (seed 004: only those handling it).
      expect(await worker.locator('#detail-contact').textContent()).toMatch(/1\d{10}/);
      await worker.locator('#action-start').click();
      await waitForStatus(worker, 'in_progress');
      await worker.locator('#action-complete').click();
      await worker.fill('#action-note textarea', '已更换阀芯，试水不再滴漏');
      await choosePhoto(worker, 'action-photos-add', await photoFile('fixed', { r: 60, g: 160, b: 90 }));
      await worker.locator('#action-photos[data-count="1"]').waitFor();
      await stack.screenshot(worker, 'staff-complete', { doc: true });
      await worker.locator('#action-submit').click();
      await waitForStatus(worker, 'resolved');
    });

    it('the resident rates 满意 and the repair closes', async () => {
      await resident.reload();
      await waitForStatus(resident, 'resolved');
      await resident.locator('#action-rate').click();
      await resident.locator('#action-satisfaction-satisfied').click();
      for (const score of ['speed', 'quality', 'attitude']) await resident.locator(`#action-${score}-5`).click();
      await stack.screenshot(resident, 'resident-rate', { doc: true });
      await resident.locator('#action-submit').click();
      await waitForStatus(resident, 'closed');
      expect(await resident.locator('#detail-ratings').textContent()).toContain('满意');
      const timeline = await resident.locator('#detail-timeline').textContent();
      for (const step of ['提交', '受理', '答复', '派单', '接单', '上门处理', '处理完成', '评价'])
        expect(timeline).toContain(step);
      await stack.screenshot(resident, 'resident-closed', { doc: true });
    });
  });

  describe('(b) a phone complaint with a callback', () => {
    it('the receptionist registers a phone complaint (代客登记)', async () => {
      await desk.goto(`${stack.baseUrl}/#/pages/index/index`);
      await desk.locator('#desk-entry-intake').click();
      await desk.locator('#intake-kind-complaint').click();
      await desk.locator('#intake-source-phone').click();
      await desk.locator('[id^="intake-project-"]', { hasText: '阳光花园' }).click();
      await desk.locator('[id^="intake-category-"]', { hasText: '房屋管理' }).click();
      await desk.locator('[id^="intake-category-"]', { hasText: '房屋渗漏' }).click();
      await desk.fill('#intake-area input', '3栋楼顶');
      await desk.fill('#intake-content textarea', '业主来电：3栋顶楼下雨天屋顶渗水');
      await desk.fill('#intake-contact-name input', '陈先生');
      await desk.fill('#intake-contact-phone input', '13900000009');
      await stack.screenshot(desk, 'desk-intake', { doc: true });
      await desk.locator('#intake-submit').click();
      await desk.locator('#detail-created').waitFor();
      complaintId = requestIdOf(desk);
      expect(await desk.locator('#detail-source').textContent()).toContain('电话');
      await waitForStatus(desk, 'received');
    });

    it('accepts and dispatches it; the worker completes it', async () => {
      await desk.locator('#action-accept').click();
      await desk.locator('#action-submit').click();
      await waitForStatus(desk, 'accepted');
      await desk.locator('#action-dispatch').click();
      await desk.locator('[id^="action-staff-user-"]', { hasText: '王建国' }).click();
      await desk.locator('#action-submit').click();
      await waitForStatus(desk, 'dispatched');

      await worker.goto(`${stack.baseUrl}/#/staff/pages/task/index?id=${complaintId}`);
      await worker.locator('#action-take').click();
      await waitForStatus(worker, 'taken');
      await worker.locator('#action-start').click();
      await waitForStatus(worker, 'in_progress');
      await worker.locator('#action-complete').click();
      await worker.fill('#action-note textarea', '已重做屋顶防水层');
      await worker.locator('#action-submit').click();
      await waitForStatus(worker, 'resolved');
    });

    it('the receptionist records the callback from 待回访 and it closes', async () => {
      await desk.goto(`${stack.baseUrl}/#/pages/index/index`);
      await desk.locator('#desk-entry-callbacks').click();
      await desk.locator(`#callback-record-${complaintId}`).waitFor();
      await stack.screenshot(desk, 'desk-callbacks', { doc: true });
      await desk.locator(`#callback-record-${complaintId}`).click();
      // A complaint is summed up (总结) before the callback closes it: that form comes first.
      await desk.locator('#action-form[data-action="summarize"]').waitFor();
      await desk.locator('[id="action-cause-machine.quality"]').click();
      await desk.fill('#action-remedy textarea', '重做屋顶防水层');
      await desk.fill('#action-correctiveMeasure textarea', '雨季前巡查全部顶楼防水');
      await stack.screenshot(desk, 'desk-summary', { doc: true });
      await desk.locator('#action-submit').click();
      await desk.locator('#detail-summary').waitFor();
      expect(await desk.locator('#detail-summary-cause').textContent()).toContain('机 · 设施质量');
      await desk.locator('#action-form[data-action="callback"]').waitFor();
      await desk.locator('#action-satisfaction-satisfied').click();
      await desk.fill('#action-note textarea', '业主表示已不再渗水，满意');
      await desk.locator('#action-submit').click();
      await waitForStatus(desk, 'closed');
      expect(await desk.locator('#detail-timeline').textContent()).toContain('回访');
    });
  });

  describe('(c) supervisors and managers', () => {
    it.each([
      ['demo-supervisor-1', 'supervisor-home'],
      ['demo-manager-1', 'manager-home'],
    ])('%s lands on the desk with its queues', async (openid, screen) => {
      const page = await stack.newPage();
      await login(page, stack.baseUrl, openid);
      await page.locator('#desk-entry-received').waitFor();
      await page.locator('#desk-entry-callbacks').waitFor();
      await stack.screenshot(page, screen, { doc: true });
      await page.context().close();
    });
  });
});
