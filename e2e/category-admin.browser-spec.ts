import { randomBytes } from 'node:crypto';
import type { AuthTokens } from '@linli/shared';
import type { Page } from 'playwright-core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ReferenceDataService } from '../server/src/modules/reference/reference-data.service';
import { api } from './support/api';
import { startStack, type Stack } from './support/stack';

/**
 * 分类与派单 and 系统设置 walked as a 公司管理员 (issue 14 §6–7): add a category under 报修, give it
 * a department, see 无人可派 for a department with nobody, set a project's own department, and
 * change a setting. There is no demo admin on this branch, so the test makes one and signs the
 * page in with its tokens, as the login page would have stored them.
 */
describe('category tree and settings admin (h5)', () => {
  let stack: Stack;
  let page: Page;
  let dataSource: DataSource;
  let nobody: { id: number; name: string };
  let staffed: { id: number; name: string };
  const suffix = randomBytes(2).toString('hex');
  const created: number[] = [];

  const insert = async (sql: string, params: unknown[]) =>
    Number(((await dataSource.query(sql, params)) as { insertId: number }).insertId);

  beforeAll(async () => {
    stack = await startStack();
    dataSource = stack.app.get<DataSource>(getDataSourceToken());
    const [{ id: companyId }] = (await dataSource.query('SELECT id FROM company LIMIT 1')) as Array<{ id: number }>;
    nobody = { name: `无人部${suffix}`, id: 0 };
    nobody.id = await insert(
      "INSERT INTO department (company_id, code, name, dispatch_mode) VALUES (?, ?, ?, 'supervisor')",
      [companyId, `e2e_n${suffix}`, nobody.name],
    );
    staffed = { name: `有人部${suffix}`, id: 0 };
    staffed.id = await insert(
      "INSERT INTO department (company_id, code, name, dispatch_mode) VALUES (?, ?, ?, 'supervisor')",
      [companyId, `e2e_s${suffix}`, staffed.name],
    );
    const workerId = await insert("INSERT INTO `user` (openid, role, name) VALUES (?, 'staff', ?)", [
      `e2e-worker-${suffix}`,
      `师傅${suffix}`,
    ]);
    const memberId = await insert(
      'INSERT INTO staff_member (user_id, department_id, title, on_duty) VALUES (?, ?, ?, 1)',
      [workerId, staffed.id, '水电工'],
    );
    // Serving every project there is: an admin's red flag looks at all of them, and the suites
    // before this one (on the run's shared database) may have made projects of their own.
    await dataSource.query('INSERT INTO staff_member_project (staff_member_id, project_id) SELECT ?, id FROM project', [
      memberId,
    ]);
    const openid = `e2e-admin-${suffix}`;
    await insert("INSERT INTO `user` (openid, role, name) VALUES (?, 'admin', ?)", [openid, `总经理${suffix}`]);
    stack.app.get(ReferenceDataService).invalidate();

    const { code } = await api<{ code: string }>(stack, null, 'POST', '/api/dev/login-code', { openid });
    const tokens = await api<AuthTokens>(stack, null, 'POST', '/api/auth/wechat', { code });
    page = await stack.newPage();
    page.setDefaultTimeout(15_000);
    // Taro's h5 storage keeps each value as {data}: what services/session.ts would have written.
    await page.context().addInitScript(
      (entries) => {
        for (const [key, value] of entries) localStorage.setItem(key, JSON.stringify({ data: value }));
      },
      [
        ['linli.accessToken', tokens.accessToken],
        ['linli.refreshToken', tokens.refreshToken],
        ['linli.user', JSON.stringify(tokens.user)],
      ] as Array<[string, string]>,
    );
  }, 60_000);

  afterAll(async () => {
    if (created.length) await dataSource.query('UPDATE category SET active = 0 WHERE id IN (?)', [created]);
    await dataSource.query("DELETE FROM setting WHERE `key` = 'urge'");
    await stack.close();
  });

  it('finds 分类与派单 and 系统设置 under 管理', async () => {
    await page.goto(`${stack.baseUrl}/#/admin/pages/home/index`);
    await page.locator('#admin-entry-categories').waitFor();
    await page.locator('#admin-entry-settings').waitFor();
    await page.locator('#admin-entry-categories').click();
    await page.locator('#categories-kind-repair[data-active="true"]').waitFor();
    await page.locator('#category-tree').waitFor();
  });

  it('adds a category under 报修 with a department that has nobody, and sees it flagged red', async () => {
    await page.locator('#category-add').click();
    await page.fill('#category-new-name input', `楼道灯${suffix}`);
    await page.locator(`#category-new-department-${nobody.id}`).click();
    await page.locator('#category-new-submit').click();
    const sheet = page.locator('#category-edit');
    await sheet.waitFor();
    const id = Number(await sheet.getAttribute('data-category'));
    created.push(id);
    await page.locator('#category-edit-unstaffed', { hasText: `${nobody.name}暂无可派人员` }).waitFor();
    await stack.screenshot(page, 'admin-category-unstaffed', { doc: true });
    await page.locator('.nut-popup-title-right').click();
    const row = page.locator(`#category-${id}[data-unstaffed="true"]`);
    await row.waitFor();
    expect(await page.locator(`#category-${id}-unstaffed`).textContent()).toContain('无人可派');

    // Given a department with someone: the red mark goes.
    await page.locator(`#category-${id}-open`).click();
    await page.locator(`#category-edit-department-${staffed.id}`).click();
    await page.locator('#category-edit-save').click();
    await page.locator('#category-edit-unstaffed').waitFor({ state: 'detached' });
    await page.locator(`#category-${id}[data-unstaffed="false"]`).waitFor();
  });

  it('sets 阳光花园’s own department for it, flagged when that one has nobody', async () => {
    await page.locator('#category-routes').waitFor();
    await page.locator(`#category-route-department-${nobody.id}`).click();
    await page.locator('[id^="category-route-"][data-unstaffed="true"]', { hasText: nobody.name }).waitFor();
    await page.locator('#category-edit-unstaffed').waitFor();
    await stack.screenshot(page, 'admin-category-route');
    await page.locator('#category-route-department-0').click();
    await page.locator('#category-edit-unstaffed').waitFor({ state: 'detached' });
  });

  it('changes the urge interval in 系统设置, with a field error first', async () => {
    await page.goto(`${stack.baseUrl}/#/admin/pages/settings/index`);
    const card = page.locator('#setting-urge[data-overridden="false"]');
    await card.waitFor();
    expect(await page.locator('#setting-urge-intervalMinutes-field').textContent()).toContain('默认 120 分钟');
    await page.fill('#setting-urge-intervalMinutes input', '1');
    await page.locator('#setting-urge-save').click();
    await page.locator('#setting-urge-error-intervalMinutes', { hasText: '间隔至少 5 分钟' }).waitFor();
    await page.fill('#setting-urge-intervalMinutes input', '30');
    await page.locator('#setting-urge-save').click();
    await page.locator('#setting-urge[data-overridden="true"]').waitFor();
    await stack.screenshot(page, 'admin-settings', { doc: true });
    const [row] = (await dataSource.query("SELECT value FROM setting WHERE `key` = 'urge'")) as Array<{
      value: { intervalMinutes: number };
    }>;
    expect(row.value.intervalMinutes).toBe(30);

    await page.locator('#setting-urge-reset').click();
    await page.locator('.taro-model__confirm').click();
    await page.locator('#setting-urge[data-overridden="false"]').waitFor();
  });
});
