import { maskPhone, type AuthTokens, type HouseBindingView } from '@linli/shared';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { api, eventually, sandboxMessages } from './support/api';
import { login, tab, tabBadge } from './support/pages';
import { startStack, type Stack } from './support/stack';

/**
 * Issue 12, deliverable 6, through the real h5 app: a new resident mistypes the phone and the
 * claim waits; the receptionist sees the register's entry (masked) and what did not match; the
 * resident corrects the claim in place, the receptionist approves it, and the resident reads
 * 房屋绑定已通过 in 消息 (and WeChat got the subscribe message). A second claim, mistyped and
 * verified, binds at once once corrected; a third is withdrawn.
 */
describe('binding recovery in the h5 app', () => {
  let stack: Stack;
  let resident: Page;
  let desk: Page;
  let tokens: AuthTokens;
  /** A new resident each run: the run's other specs use the demo residents' rooms. */
  const openid = `e2e-binding-${Date.now().toString(36)}`;
  let claimId: number;

  interface Owner {
    name: string;
    phone: string;
  }
  const owners: Record<string, Owner> = {};
  /** The one digit a resident gets wrong. */
  const mistyped = (phone: string) => `${phone.slice(0, -1)}${phone.endsWith('9') ? '8' : '9'}`;

  async function ownerOf(room: string): Promise<Owner> {
    const [row] = (await stack.app
      .get(DataSource)
      .query(
        'SELECT o.name, o.phone FROM owner_register o JOIN room r ON r.id = o.room_id JOIN unit u ON u.id = r.unit_id ' +
          "JOIN building b ON b.id = r.building_id WHERE b.name = '3栋' AND u.name = '2单元' AND r.name = ?",
        [room],
      )) as Owner[];
    return row;
  }

  /**
   * Opens a page in a new document: going to another hash keeps Taro's earlier pages (hidden) in
   * this one, and their ids with them.
   */
  async function open(page: Page, path: string): Promise<void> {
    await page.goto(`${stack.baseUrl}/#${path}`);
    await page.reload();
  }

  /** A filled form for 阳光花园 3栋 2单元 `room`. */
  async function fillClaim(room: string, phone: string): Promise<void> {
    await open(resident, '/pages/house-bind/index');
    await resident.locator('[id^="bind-project-"]', { hasText: '阳光花园' }).click();
    await resident.locator('[id^="bind-building-"]', { hasText: '3栋' }).click();
    await resident.locator('[id^="bind-unit-"]', { hasText: '2单元' }).click();
    await resident
      .locator('[id^="bind-room-"]')
      .filter({ has: resident.getByText(room, { exact: true }) })
      .click();
    await resident.fill('#bind-name input', owners[room].name);
    await resident.fill('#bind-phone input', phone);
  }

  const result = () => resident.locator('#bind-result');

  beforeAll(async () => {
    stack = await startStack();
    [resident, desk] = await Promise.all([stack.newPage(), stack.newPage()]);
    for (const page of [resident, desk]) page.setDefaultTimeout(15_000);
    for (const room of ['901', '902', '1001']) owners[room] = await ownerOf(room);
    const { code } = await api<{ code: string }>(stack, null, 'POST', '/api/dev/login-code', { openid });
    tokens = await api<AuthTokens>(stack, null, 'POST', '/api/auth/wechat', { code });
    // Signed in as the mini-app stores a session (Taro's h5 storage wraps each value as {data}).
    await resident.goto(`${stack.baseUrl}/`);
    await resident.evaluate((session) => {
      const put = (key: string, value: string) => localStorage.setItem(key, JSON.stringify({ data: value }));
      put('linli.accessToken', session.accessToken);
      put('linli.refreshToken', session.refreshToken);
      put('linli.user', JSON.stringify(session.user));
    }, tokens);
    await login(desk, stack.baseUrl, 'demo-receptionist-1');
  });
  afterAll(() => stack?.close());

  it('a mistyped phone, sent without verifying, waits for review', async () => {
    await open(resident, '/pages/index/index');
    await resident.locator('#home-bind-prompt').waitFor();
    await fillClaim('902', mistyped(owners['902'].phone));
    await resident.locator('#bind-submit-review').click();
    await result().waitFor();
    expect(await result().getAttribute('data-status')).toBe('pending');
    expect(await resident.locator('#bind-result-who').textContent()).toContain(mistyped(owners['902'].phone));
    await resident.locator('#bind-correct').waitFor();
    await resident.locator('#bind-withdraw').waitFor();
    await stack.screenshot(resident, 'resident-binding-pending');
    const [house] = await api<HouseBindingView[]>(
      stack,
      { token: tokens.accessToken, userId: tokens.user.id, name: '' },
      'GET',
      '/api/house-bindings/mine',
    );
    claimId = house.id;
  });

  it('the receptionist sees the register’s entry, masked, and that the phone did not match', async () => {
    await open(desk, '/desk/pages/bindings/index');
    const card = desk.locator(`#binding-${claimId}`);
    await card.waitFor();
    const register = await desk.locator(`#binding-${claimId}-register`).textContent();
    expect(register).toContain(maskPhone(owners['902'].phone));
    expect(register).not.toContain(owners['902'].phone);
    expect(register).toContain(`${Array.from(owners['902'].name)[0]}*`);
    const mismatches = desk.locator(`#binding-${claimId}-mismatches`);
    expect(await mismatches.getAttribute('data-mismatches')).toBe('phone,identity');
    expect(await mismatches.textContent()).toContain('手机号不在名册中');
    await card.scrollIntoViewIfNeeded();
    await stack.screenshot(desk, 'desk-binding-review');
  });

  it('the resident opens the claim from 我的房屋 and corrects the phone: the same claim, now right', async () => {
    await open(resident, '/pages/index/index');
    await resident.locator(`#home-house-${claimId}`).click();
    await result().waitFor();
    await resident.locator('#bind-correct').click();
    await resident.locator('#bind-correcting').waitFor();
    expect(await resident.inputValue('#bind-phone input')).toBe(mistyped(owners['902'].phone));
    await resident.fill('#bind-phone input', owners['902'].phone);
    await stack.screenshot(resident, 'resident-binding-correct');
    await resident.locator('#bind-submit-review').click();
    await resident.locator('#bind-result[data-status="pending"]').waitFor();
    expect(await resident.locator('#bind-result-who').textContent()).toContain(owners['902'].phone);
  });

  it('the receptionist sees only the unverified phone left, and approves', async () => {
    await desk.reload();
    const mismatches = desk.locator(`#binding-${claimId}-mismatches`);
    await mismatches.waitFor();
    expect(await mismatches.getAttribute('data-mismatches')).toBe('identity');
    await desk.locator(`#binding-approve-${claimId}`).click();
    await desk.locator(`#binding-${claimId}`).waitFor({ state: 'detached' });
  });

  it('the resident reads 房屋绑定已通过 in 消息, and WeChat got the subscribe message', async () => {
    await open(resident, '/pages/index/index');
    await tabBadge(resident, 'messages').waitFor();
    await tab(resident, 'messages').click();
    const message = resident.locator('[id^="message-"][data-unread="true"]', { hasText: '房屋绑定已通过' });
    await message.waitFor();
    expect(await message.textContent()).toContain('阳光花园 3栋 2单元 902');
    await stack.screenshot(resident, 'resident-binding-told');
    await message.click();
    await resident.locator('#bind-result[data-status="bound"]').waitFor();
    await resident.locator('#bind-go-complaint').waitFor();

    const sent = await eventually('the binding result on WeChat', async () =>
      (await sandboxMessages(stack, openid, 'subscribe')).find((each) => each.template_id === 'linli-tmpl-binding'),
    );
    expect(sent.data.phrase2.value).toBe('已通过');
    expect(sent.page).toBe(`pages/house-bind/index?id=${claimId}`);
  });

  it('a mistyped phone verified on WeChat waits; corrected and verified, it binds at once', async () => {
    await fillClaim('901', mistyped(owners['901'].phone));
    await resident.locator('#bind-submit').click();
    await resident.locator('#bind-result[data-status="pending"]').waitFor();
    await resident.locator('#bind-correct').click();
    await resident.fill('#bind-phone input', owners['901'].phone);
    await resident.locator('#bind-submit').click();
    await resident.locator('#bind-result[data-status="bound"]').waitFor();
    await stack.screenshot(resident, 'resident-binding-corrected-bound');
  });

  it('a claim can be withdrawn after a confirm, and leaves 我的房屋', async () => {
    await fillClaim('1001', mistyped(owners['1001'].phone));
    await resident.locator('#bind-submit-review').click();
    await resident.locator('#bind-result[data-status="pending"]').waitFor();
    await resident.locator('#bind-withdraw').click();
    const confirm = resident.locator('.taro-model__confirm');
    await confirm.waitFor();
    expect(await resident.locator('.taro-modal__content').textContent()).toContain('阳光花园 3栋 2单元 1001');
    await confirm.click();
    await resident.locator('#bind-result[data-status="withdrawn"]').waitFor();
    await resident.locator('#bind-go-home').click();
    await resident.locator('#home-houses').waitFor();
    const houses = await resident.locator('#home-houses').textContent();
    expect(houses).toContain('3栋 2单元 902');
    expect(houses).toContain('3栋 2单元 901');
    expect(houses).not.toContain('1001');
    await stack.screenshot(resident, 'resident-binding-houses');
  });
});
