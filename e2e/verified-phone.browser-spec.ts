import type { AuthTokens, HouseBindingView, UserView } from '@linli/shared';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { api } from './support/api';
import { startStack, type Stack } from './support/stack';

/**
 * Issue 13, point 5, through the real h5 app: a new resident fills 我的手机号 with 微信手机号快捷填写
 * (the dev sandbox plays WeChat's getPhoneNumber) and it reads 已验证; 绑定房屋 then starts from
 * that verified phone and binds a room of the register at once, with no second verification,
 * while a phone typed by hand for another room goes to the desk's review.
 */
describe('a phone WeChat verified, in the h5 app', () => {
  let stack: Stack;
  let page: Page;
  let tokens: AuthTokens;
  const openid = `e2e-verified-${Date.now().toString(36)}`;

  interface Owner {
    room: string;
    name: string;
    phone: string;
  }
  let first: Owner;
  let second: Owner;

  /** Two rooms of 3栋 1单元 nobody has claimed, with their owners in the register. */
  async function freeRooms(): Promise<Owner[]> {
    return (await stack.app
      .get(DataSource)
      .query(
        'SELECT r.name AS room, o.name, o.phone FROM owner_register o JOIN room r ON r.id = o.room_id ' +
          'JOIN unit u ON u.id = r.unit_id JOIN building b ON b.id = r.building_id ' +
          "WHERE b.name = '3栋' AND u.name = '1单元' AND NOT EXISTS (SELECT 1 FROM house_binding h WHERE h.room_id = r.id) " +
          'ORDER BY r.name LIMIT 2',
      )) as Owner[];
  }

  async function open(path: string): Promise<void> {
    await page.goto(`${stack.baseUrl}/#${path}`);
    await page.reload();
  }

  async function chooseRoom(room: string): Promise<void> {
    await page.locator('[id^="bind-project-"]', { hasText: '阳光花园' }).click();
    await page.locator('[id^="bind-building-"]', { hasText: '3栋' }).click();
    await page.locator('[id^="bind-unit-"]', { hasText: '1单元' }).click();
    await page
      .locator('[id^="bind-room-"]')
      .filter({ has: page.getByText(room, { exact: true }) })
      .click();
  }

  beforeAll(async () => {
    stack = await startStack();
    page = await stack.newPage();
    page.setDefaultTimeout(15_000);
    [first, second] = await freeRooms();
    const { code } = await api<{ code: string }>(stack, null, 'POST', '/api/dev/login-code', { openid });
    tokens = await api<AuthTokens>(stack, null, 'POST', '/api/auth/wechat', { code });
    // Signed in as the mini-app stores a session (Taro's h5 storage wraps each value as {data}).
    await page.goto(`${stack.baseUrl}/`);
    await page.evaluate((session) => {
      const put = (key: string, value: string) => localStorage.setItem(key, JSON.stringify({ data: value }));
      put('linli.accessToken', session.accessToken);
      put('linli.refreshToken', session.refreshToken);
      put('linli.user', JSON.stringify(session.user));
    }, tokens);
  });
  afterAll(() => stack?.close());

  it('我的 fills the phone from 微信手机号快捷填写 and shows it 已验证', async () => {
    await open('/pages/requests/index');
    const card = page.locator('#profile-phone');
    await card.waitFor();
    expect(await card.getAttribute('data-verified')).toBe('no');
    expect(await page.locator('#profile-phone-number').textContent()).toBe('未填写');

    await page.fill('#profile-phone-demo input', first.phone);
    await page.locator('#profile-phone-quickfill').click();
    await page.locator('#profile-phone[data-verified="yes"]').waitFor();
    expect(await page.locator('#profile-phone-number').textContent()).toBe(first.phone);
    expect(await page.locator('#profile-phone-state').textContent()).toBe('已验证');
    expect(await page.locator('#profile-phone-quickfill').count()).toBe(0);
    await page.getByText('已填入微信验证的手机号').waitFor({ state: 'hidden' });
    await stack.screenshot(page, 'resident-phone-verified', { doc: true });

    const me = await api<{ user: UserView }>(
      stack,
      { token: tokens.accessToken, userId: tokens.user.id, name: '' },
      'GET',
      '/api/auth/me',
    );
    expect(me.user).toMatchObject({ phone: first.phone, phoneVerified: true });
  });

  it('binding starts from the verified phone and binds a room of the register at once', async () => {
    await open('/pages/house-bind/index');
    await chooseRoom(first.room);
    expect(await page.inputValue('#bind-phone input')).toBe(first.phone);
    await page.locator('#bind-phone-verified').waitFor();
    expect(await page.locator('#bind-submit').textContent()).toContain('手机号已验证');
    // Nothing to review with a verified phone: 绑定 decides at once.
    expect(await page.locator('#bind-submit-review').count()).toBe(0);
    await page.fill('#bind-name input', first.name);
    await page.locator('#bind-submit').click();
    const result = page.locator('#bind-result');
    await result.waitFor();
    expect(await result.getAttribute('data-status')).toBe('bound');
    expect(await page.locator('#bind-result-who').textContent()).toContain(first.phone);
  });

  it('a phone typed by hand for another room goes to review', async () => {
    await open('/pages/house-bind/index');
    await chooseRoom(second.room);
    await page.fill('#bind-name input', second.name);
    await page.fill('#bind-phone input', second.phone);
    // Another number than the verified one: nothing is verified, 快捷填写 is offered again.
    expect(await page.locator('#bind-phone-verified').count()).toBe(0);
    await page.locator('#bind-phone-quickfill').waitFor();
    await page.locator('#bind-submit-review').click();
    const result = page.locator('#bind-result');
    await result.waitFor();
    expect(await result.getAttribute('data-status')).toBe('pending');

    const houses = await api<HouseBindingView[]>(
      stack,
      { token: tokens.accessToken, userId: tokens.user.id, name: '' },
      'GET',
      '/api/house-bindings/mine',
    );
    expect(houses.map((house) => [house.phone, house.status]).sort()).toEqual(
      [
        [first.phone, 'bound'],
        [second.phone, 'pending'],
      ].sort(),
    );
  });
});
