import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { login } from './support/pages';
import { startStack, type Stack } from './support/stack';

/**
 * Issue 14 in the h5 app, as the company's admin: a new project, 2 栋 × 1 单元 × 3 层 × 2 户 by
 * pattern (the preview counts 12 before anything is sent), one room marked 空置, and a new
 * department in 自动派单. This branch has no demo admin yet: 周敏 (demo manager) is made 公司管理员
 * for the spec and put back after.
 */
describe('setting up a project and a department', () => {
  let stack: Stack;
  let page: Page;
  const suffix = Date.now().toString(36).slice(-4);
  const projectName = `测试花园${suffix}`;
  const departmentName = `测试部${suffix}`;
  const setRole = (role: string) =>
    stack.app.get(DataSource).query("UPDATE `user` SET role = ? WHERE openid = 'demo-manager-1'", [role]);

  beforeAll(async () => {
    stack = await startStack();
    await setRole('admin');
    page = await stack.newPage();
    page.setDefaultTimeout(15_000);
    await login(page, stack.baseUrl, 'demo-manager-1');
    await page.locator('#tab-bar:visible').waitFor();
  });
  afterAll(async () => {
    if (stack) {
      await setRole('manager');
      await stack.close();
    }
  });

  const go = (path: string) => page.goto(`${stack.baseUrl}/#${path}`);
  const confirm = async () => {
    const button = page.locator('.taro-model__confirm');
    await button.waitFor();
    await button.click();
  };

  it('creates a project and batch-creates its 12 rooms with a live preview', async () => {
    await go('/admin/pages/projects/index');
    await page.locator('#projects-create').click();
    await page.fill('#project-form-name input', projectName);
    await page.locator('#project-form-kind-villa').click();
    await page.fill('#project-form-areaSqm input', '36000');
    await page.fill('#project-form-households input', '12');
    await page.locator('#project-save').click();
    await page.locator('#project-summary').waitFor();
    expect(await page.locator('#project-summary').textContent()).toContain('0 间房');

    await page.locator('#project-rooms').click();
    await page.locator('#rooms-buildings-empty').waitFor();
    await page.fill('#batch-form-buildings input', '2');
    await page.fill('#batch-form-units input', '1');
    await page.fill('#batch-form-floors input', '3');
    await page.fill('#batch-form-perFloor input', '2');
    await page.locator('#batch-total[data-total="12"]').waitFor();
    expect(await page.locator('#batch-names').textContent()).toContain('1-1-101、1-1-102、1-1-201');
    await stack.screenshot(page, 'estate-batch-preview');
    await page.locator('#batch-submit').click();
    await confirm();
    await page.locator('#rooms-count').filter({ hasText: '共 12 间' }).waitFor();
    const units = page.locator('[id^="rooms-unit-"]');
    expect(await units.allTextContents()).toEqual(['1单元 · 6 间', '1单元 · 6 间']);

    // The same pattern again: refused, naming the rooms that exist, and nothing is added.
    await page.locator('#batch-submit').click();
    await confirm();
    await page.locator('#batch-refusal').waitFor();
    expect(await page.locator('#batch-refusal').textContent()).toContain('12 间房已存在');
    expect(await page.locator('#rooms-count').textContent()).toContain('共 12 间');
  });

  it('marks one room 空置', async () => {
    await page.locator('[id^="rooms-unit-"]').first().click();
    const room = page.locator('[id^="rooms-room-"][data-name="101"]');
    await room.waitFor();
    expect(await page.locator('[id^="rooms-room-"]').count()).toBe(6);
    expect(await room.getAttribute('data-occupied')).toBe('true');
    await room.click();
    await page.locator('#room-form-occupied[data-on="true"]').click();
    await page.locator('#room-form-occupied[data-on="false"]').waitFor();
    await page.locator('#room-save').click();
    await page.locator('[id^="rooms-room-"][data-name="101"][data-occupied="false"]').waitFor();
    await stack.screenshot(page, 'estate-rooms');
  });

  it('creates a department in 自动派单 serving the new project', async () => {
    await go('/admin/pages/departments/index');
    await page.locator('#departments-create').click();
    await page.fill('#department-form-name input', departmentName);
    await page.locator('#department-form-dispatchMode-auto').click();
    await page.locator('#department-form-field-projectIds .choice-chip', { hasText: projectName }).click();
    await page.locator('#department-save').click();
    await page.locator('#department-summary').waitFor();
    expect(await page.locator('#department-form-dispatchMode-auto').getAttribute('data-active')).toBe('true');

    await go('/admin/pages/departments/index');
    const row = page.locator('[id^="departments-row-"]', { hasText: departmentName });
    await row.waitFor();
    expect(await row.textContent()).toContain('自动派单');
    await stack.screenshot(page, 'estate-departments');
  });

  it('lists these changes in 操作记录, each before → after', async () => {
    await go('/admin/pages/changes/index');
    await page.locator('#changes-tab-room').click();
    const room = page.locator('[data-entity="room"][data-action="update"]').first();
    await room.waitFor();
    expect(await room.innerText()).toContain('入住：已入住 → 空置');
    expect(await room.innerText()).toContain(projectName);
    await page.locator('#changes-tab-department').click();
    const department = page.locator('[data-entity="department"][data-action="create"]', { hasText: departmentName });
    await department.waitFor();
    expect(await department.innerText()).toContain('派单方式：自动派单');
    await stack.screenshot(page, 'estate-changes');
  });
});
