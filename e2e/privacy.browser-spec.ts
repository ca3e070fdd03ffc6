import type { Page } from 'playwright-core';
import { choosePhoto, login, photoFile } from './support/pages';
import { startStack, PRIVACY_CONSENT_KEY, type Stack } from './support/stack';
import { smallTapTargets } from './support/tap-targets';

/**
 * Issue 13, point 4, through the real h5 app: before the first photo pick the privacy popup
 * (the same component WeChat's onNeedPrivacyAuthorization opens in weapp) lists what we collect
 * and shows the guide; 拒绝 cancels the pick, 同意 lets it go on and is not asked again.
 */
describe('the privacy popup in the h5 app', () => {
  let stack: Stack;
  let page: Page;
  let photo: string;

  const popup = () => page.locator('#privacy-popup');
  const photoCount = async () => Number(await page.locator('#complaint-photos').getAttribute('data-count'));

  beforeAll(async () => {
    stack = await startStack();
    page = await stack.newPage({ privacy: 'ask' });
    page.setDefaultTimeout(15_000);
    photo = await photoFile('privacy', { r: 40, g: 160, b: 110 });
    await login(page, stack.baseUrl, 'demo-resident-1');
    await page.locator('#home-houses').waitFor();
    await page.goto(`${stack.baseUrl}/#/pages/request-new/index?kind=complaint`);
    await page.locator('#complaint-photos-add').waitFor();
  });
  afterAll(() => stack?.close());

  it('shows before the first photo pick, listing what is collected, with 44 px controls', async () => {
    let chooserOpened = false;
    page.on('filechooser', () => {
      chooserOpened = true;
    });
    await page.locator('#complaint-photos-add').click();
    await popup().waitFor();
    const items = await page.locator('#privacy-items [id^="privacy-item-"]').allTextContents();
    expect(items.join(' ')).toEqual(expect.stringContaining('选中的照片或视频信息'));
    expect(items.join(' ')).toEqual(expect.stringContaining('摄像头'));
    expect(items.join(' ')).toEqual(expect.stringContaining('手机号'));
    expect(await smallTapTargets(page)).toEqual([]);

    await page.locator('#privacy-guide-link').click();
    expect(await page.locator('#privacy-guide').textContent()).toContain('不向第三方提供');
    await stack.screenshot(page, 'privacy-popup', { doc: true });
    expect(chooserOpened).toBe(false);
    page.removeAllListeners('filechooser');
  });

  it('拒绝 cancels the pick with a toast and remembers nothing', async () => {
    await page.locator('#privacy-refuse').click();
    await popup().waitFor({ state: 'detached' });
    await page.getByText('未同意隐私保护指引，已取消').waitFor();
    expect(await photoCount()).toBe(0);
    expect(await page.evaluate((key) => localStorage.getItem(key), PRIVACY_CONSENT_KEY)).toBeNull();
  });

  it('同意 lets the photo picker go on, and the next pick is not asked again', async () => {
    await page.locator('#complaint-photos-add').click();
    await popup().waitFor();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('#privacy-agree').click()]);
    await chooser.setFiles(photo);
    await page.locator('#complaint-photos[data-count="1"][data-uploading="0"]').waitFor();
    expect(await popup().count()).toBe(0);

    // Straight to the picker now, and after a reload too: the consent is kept.
    await choosePhoto(page, 'complaint-photos-add', photo);
    await page.locator('#complaint-photos[data-count="2"][data-uploading="0"]').waitFor();
    await page.reload();
    await page.locator('#complaint-photos-add').waitFor();
    await choosePhoto(page, 'complaint-photos-add', photo);
    await page.locator('#complaint-photos[data-count="1"][data-uploading="0"]').waitFor();
    expect(await popup().count()).toBe(0);
  });
});
