import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { readRegisterRows } from '../server/src/modules/owner-register/register-files';
import { login, tab } from './support/pages';
import { startStack, type Stack } from './support/stack';

/**
 * Issue 14.3 through the h5 app: the project manager opens 管理 → 业主名册, uploads the shipped
 * sample with five deliberate errors and sees each (row, field, reason) under 错误 with nothing
 * written; then the good sample, whose one changed room shows under 更新, confirms the import and
 * exports the register as .xlsx.
 */
const SAMPLES = resolve(__dirname, '../server/samples');
const ROOM = { building: '2栋', unit: '2单元', room: '1002' };

describe('业主名册 import and export in the h5 app', () => {
  let stack: Stack;
  let page: Page;
  let db: DataSource;
  let original: { name: string; phone: string };
  let projectId: number;

  const roomEntry = async () =>
    (
      (await db.query(
        `SELECT o.name, o.phone FROM owner_register o JOIN room r ON r.id = o.room_id
           JOIN building b ON b.id = r.building_id JOIN unit u ON u.id = r.unit_id JOIN project p ON p.id = r.project_id
          WHERE p.name = '阳光花园' AND b.name = ? AND u.name = ? AND r.name = ?`,
        [ROOM.building, ROOM.unit, ROOM.room],
      )) as { name: string; phone: string }[]
    )[0];

  beforeAll(async () => {
    stack = await startStack();
    page = await stack.newPage();
    page.setDefaultTimeout(15_000);
    db = stack.app.get(DataSource);
    // The demo register matches the good sample; one room is made to differ so the import has work.
    [{ id: projectId }] = (await db.query("SELECT id FROM project WHERE name = '阳光花园'")) as { id: number }[];
    original = await roomEntry();
    await db.query(
      `UPDATE owner_register o JOIN room r ON r.id = o.room_id JOIN building b ON b.id = r.building_id
         JOIN unit u ON u.id = r.unit_id SET o.phone = '13911112222'
        WHERE b.name = ? AND u.name = ? AND r.name = ?`,
      [ROOM.building, ROOM.unit, ROOM.room],
    );
  });
  afterAll(() => stack.close());

  it('the manager finds 业主名册 under 管理 and sees the error sample’s five mistakes', async () => {
    await login(page, stack.baseUrl, 'demo-manager-1');
    await tab(page, 'manage').click();
    await page.locator('#admin-entry-register:visible').click();
    await page.locator('#register-rule').waitFor();
    expect(await page.locator('#register-rule').textContent()).toContain('文件中没有的房间保持不变');
    await page.locator(`#register-project-${projectId}`).click();

    await page.locator('#register-file-input').setInputFiles(join(SAMPLES, 'owner-register-errors.xlsx'));
    await page.locator('#register-report').waitFor();
    expect(await page.locator('#register-tab-error').getAttribute('data-active')).toBe('true');
    expect(await page.locator('#register-count-error').textContent()).toBe('5');
    const errors = page.locator('#register-errors .register-error');
    expect(await errors.count()).toBe(5);
    const shown = await errors.evaluateAll((nodes) =>
      nodes.map((node) => [node.getAttribute('data-row'), node.getAttribute('data-field'), node.textContent]),
    );
    expect(shown.map(([row, field]) => [row, field])).toEqual([
      ['3', 'phone'],
      ['4', 'room'],
      ['6', 'row'],
      ['7', 'name'],
      ['8', 'relation'],
    ]);
    expect(shown[1][2]).toContain('本项目没有房间 1栋 1单元 1101');
    expect(shown[4][2]).toContain('身份应为 业主、家属 或 租户');
    await stack.screenshot(page, 'admin-register-errors', { doc: true });
    expect((await roomEntry()).phone).toBe('13911112222');
  });

  it('the good sample shows the changed room under 更新; 确认导入 writes it after a confirmation', async () => {
    await page.locator('#register-file-input').setInputFiles(join(SAMPLES, 'owner-register-demo.xlsx'));
    await page.locator('#register-report[data-token]').waitFor();
    await page.locator('#register-tab-updated[data-active="true"]').waitFor();
    expect(await page.locator('#register-count-updated').textContent()).toBe('1');
    expect(await page.locator('#register-count-error').textContent()).toBe('0');
    const updated = await page.locator('#register-rows-updated').textContent();
    expect(updated).toContain('2栋 2单元 1002');
    expect(updated).toContain(`电话 13911112222 → ${original.phone}`);
    await page.locator('#register-tab-unchanged').click();
    expect(await page.locator('.register-report__note').textContent()).toMatch(/^共 \d+ 条，这里列出前 50 条$/);
    expect((await roomEntry()).phone).toBe('13911112222');

    await page.locator('#register-commit').click();
    const confirm = page.locator('.taro-model__confirm');
    await confirm.waitFor();
    expect(await page.locator('.taro-modal__content').textContent()).toContain('将新增 0 人、更新 1 人');
    await confirm.click();
    await page.locator('#register-result').waitFor();
    expect(await page.locator('#register-result').textContent()).toContain('更新 1');
    expect(await roomEntry()).toEqual(original);
    await stack.screenshot(page, 'admin-register-imported', { doc: true });
  });

  it('导出名册 saves the register as .xlsx with the import’s columns', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#register-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^业主名册-.+\.xlsx$/);
    const path = join(tmpdir(), `linli-e2e-register-${Date.now()}.xlsx`);
    await download.saveAs(path);
    const rows: string[][] = [];
    for await (const row of readRegisterRows(path, 'xlsx')) rows.push(row.cells);
    expect(rows[0]).toEqual(['楼栋', '单元', '房号', '业主姓名', '联系电话', '身份', '面积']);
    expect(rows).toContainEqual(['2栋', '2单元', '1002', original.name, original.phone, '业主', '126.3']);
  });
});
