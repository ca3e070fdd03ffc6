import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { login, photoFile } from './support/pages';
import { startStack, type Stack } from './support/stack';

/** Where an element sits on the 375 × 812 screen, after any scrolling. */
const rectOf = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => {
    const { top, bottom, height } = el.getBoundingClientRect();
    return { top, bottom, height, viewport: window.innerHeight };
  });

/** The forms on a phone: a mistake is scrolled into view, and the submit button stays in reach. */
describe('forms on a 375 px phone', () => {
  let stack: Stack;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    page = await stack.newPage();
    page.setDefaultTimeout(10_000);
    await login(page, stack.baseUrl, 'demo-resident-1');
    await page.locator('#home-houses').waitFor();
  });
  afterAll(() => stack?.close());

  it('an empty repair, sent from the bottom of the page, scrolls up to 请选择报修分类', async () => {
    await page.goto(`${stack.baseUrl}/#/pages/request-new/index?kind=repair`);
    await page.locator('#repair-content').waitFor();
    // The resident read down to the end before tapping 提交.
    await page.locator('#field-repair-contactPhone').evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await page.waitForTimeout(100);
    expect((await rectOf(page, '#field-repair-categoryId')).bottom).toBeLessThan(0);

    await page.locator('#repair-submit').click();
    const error = page.locator('#repair-error-categoryId');
    await expect(error.textContent()).resolves.toBe('请选择报修分类');
    // The page scrolls to the first field in error (the house is filled in, the scope has a default).
    await page.waitForFunction(() => {
      const rect = document.querySelector('#field-repair-categoryId')!.getBoundingClientRect();
      return rect.top >= 0 && rect.top < 200;
    });
    const field = await rectOf(page, '#repair-error-categoryId');
    expect(field.top).toBeGreaterThanOrEqual(0);
    expect(field.bottom).toBeLessThanOrEqual(field.viewport);
    await stack.screenshot(page, 'forms-repair-first-error');

    // 提交报修 stays pinned at the foot of the screen, 44 px or more, wherever the form is scrolled.
    const submit = await rectOf(page, '#repair-submit');
    expect(submit.height).toBeGreaterThanOrEqual(44);
    expect(submit.bottom).toBeLessThanOrEqual(submit.viewport);
    expect(submit.bottom).toBeGreaterThan(submit.viewport - 24);
    const footer = await rectOf(page, '.form-footer');
    expect(footer.bottom).toBe(footer.viewport);
    // Scrolled to the end, the last of the form clears the footer instead of hiding behind it.
    await page.locator('.request-new-note').evaluate((el) => el.closest('.taro_page')!.scrollTo(0, 1e6));
    await page.waitForTimeout(100);
    expect((await rectOf(page, '.request-new-note')).bottom).toBeLessThanOrEqual(footer.top);
    await stack.screenshot(page, 'forms-repair-footer');
  });

  it('a changed repair asks before going back; a sent one leaves without asking', async () => {
    // A fresh phone: h5 keeps the pages it showed, and this walk starts from home like a resident.
    page = await stack.newPage();
    page.setDefaultTimeout(10_000);
    await login(page, stack.baseUrl, 'demo-resident-1');
    await page.locator('#entry-repair').click();
    await page.locator('#repair-content').waitFor();
    await page.fill('#repair-item input', '厨房水龙头');

    await page.goBack();
    const stay = page.locator('.taro-model__cancel');
    await stay.waitFor();
    expect(await page.locator('.taro-modal__text').textContent()).toBe('内容尚未提交，确定离开吗？');
    expect(await stay.textContent()).toBe('继续填写');
    await stack.screenshot(page, 'forms-leave-guard');
    await stay.click();
    await page.waitForTimeout(300);
    expect(page.url()).toContain('request-new');
    expect(await page.inputValue('#repair-item input')).toBe('厨房水龙头');

    // 离开: back goes through, to home.
    await page.goBack();
    await page.locator('.taro-model__confirm').click();
    await page.locator('#home-houses').waitFor();
    expect(page.url()).not.toContain('request-new');
    // The left form is gone from the page stack, not only hidden (Taro removes it after its
    // transition, late on a loaded machine): the next 报修 is a fresh form.
    await page.locator('#repair-item').waitFor({ state: 'detached' });

    // Sent: the redirect to the new request is not held, and back from there asks nothing.
    await page.locator('#entry-repair').click();
    await page.locator('#repair-item input').fill('厨房水龙头');
    await page.locator('[id^="repair-category-"]', { hasText: '入户维修' }).click();
    await page.locator('[id^="repair-category-"]', { hasText: '水电维修' }).click();
    await page.fill('#repair-location input', '厨房');
    await page.fill('#repair-content textarea', '厨房水龙头一直滴水，关不紧');
    await page.locator('#repair-submit').click();
    await page.locator('#detail-status').waitFor();
    await page.goBack();
    await page.locator('#home-houses').waitFor();
    expect(await page.locator('.taro-model__cancel').isVisible()).toBe(false);
    await page.locator('#repair-item').waitFor({ state: 'detached' });
  });

  it('photos that cannot be used are skipped with a toast that says why; the good one is kept', async () => {
    await page.locator('#entry-repair').click();
    await page.locator('#repair-photos-add').waitFor();
    // A ".jpg" no browser can decode, and a 12 MB ".png" (over the 10 MB limit, and not a picture either).
    const broken = join(tmpdir(), 'linli-e2e-broken.jpg');
    writeFileSync(broken, Buffer.from('not a picture at all'));
    const huge = join(tmpdir(), 'linli-e2e-huge.png');
    writeFileSync(huge, Buffer.alloc(12 * 1024 * 1024, 7));
    const good = await photoFile('forms-good', { r: 90, g: 140, b: 200 });

    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('#repair-photos-add').click()]);
    await chooser.setFiles([good, broken, huge]);
    const toast = page.locator('.taro__toast p', { hasText: '无法使用' });
    await toast.waitFor();
    expect(await toast.textContent()).toBe('有 2 张照片无法使用（文件已损坏、超过大小上限），已跳过');
    await stack.screenshot(page, 'forms-photo-skipped');
    await page.locator('#repair-photos[data-count="1"][data-uploading="0"]').waitFor();
    expect(await page.locator('#repair-photos-error').textContent()).toBe(
      '2 张照片上传失败：文件已损坏，无法识别为图片',
    );

    // Only the broken one: asked for another.
    const [again] = await Promise.all([page.waitForEvent('filechooser'), page.locator('#repair-photos-add').click()]);
    await again.setFiles([broken]);
    await page.locator('.taro__toast p', { hasText: '这张照片无法使用（文件已损坏），请换一张' }).waitFor();
    expect(await page.locator('#repair-photos').getAttribute('data-count')).toBe('1');
  });
});
