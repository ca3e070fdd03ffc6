import type { CategoryNode, HouseBindingView, RequestDetail } from '@linli/shared';
import type { Page } from 'playwright-core';
import { api, apiLogin, type ApiUser } from './support/api';
import { login, waitForStatus } from './support/pages';
import { startStack, type Stack } from './support/stack';

/**
 * Issue 12, point 8: what waits for the resident comes first. A quote to decide and done work
 * to rate are listed under 待我处理 at the top of the home page (under the houses, above 我要办事 and the recent requests), each with the
 * one button that opens its form; on the detail page the quote waiting for a decision is the
 * first card under the head. A rating invitation stays good for the resident's time to rate: the
 * desk's callback waits unless the resident asks to be called, and a stale invitation says what
 * happened. The staff's steps go through the API.
 */
describe('the resident’s next step, first', () => {
  let stack: Stack;
  let page: Page;
  let resident: ApiUser;
  let receptionist: ApiUser;
  let worker: ApiUser;
  let request: RequestDetail;
  let repairForm: Record<string, unknown>;

  const act = (who: ApiUser, id: number, action: string, body: object = {}) =>
    api<RequestDetail>(stack, who, 'POST', `/api/requests/${id}/actions/${action}`, body);
  const home = async () => {
    await page.goto(`${stack.baseUrl}/#/pages/index/index`);
    await page.reload();
    await page.locator('#home-recent-card').waitFor();
  };

  beforeAll(async () => {
    stack = await startStack();
    page = await stack.newPage();
    page.setDefaultTimeout(15_000);
    [resident, receptionist, worker] = await Promise.all([
      apiLogin(stack, 'demo-resident-1'),
      apiLogin(stack, 'demo-receptionist-1'),
      apiLogin(stack, 'demo-repair-1'),
    ]);
    const [house] = await api<HouseBindingView[]>(stack, resident, 'GET', '/api/house-bindings/mine');
    const tree = await api<CategoryNode[]>(stack, resident, 'GET', '/api/categories?kind=repair');
    const category = tree.find((node) => node.name === '入户维修')!.children.find((node) => node.name === '水电维修')!;
    repairForm = {
      kind: 'repair',
      houseBindingId: house.id,
      categoryId: category.id,
      repairScope: 'in_home',
      repairItem: '热水器',
      repairLocation: '卫生间',
      content: '热水器打不着火，需要更换点火器',
      contactName: house.name,
      contactPhone: house.phone,
    };
    request = await api<RequestDetail>(stack, resident, 'POST', '/api/requests', repairForm);
    await act(receptionist, request.id, 'accept');
    await act(receptionist, request.id, 'dispatch', { assigneeUserId: worker.userId });
    await act(worker, request.id, 'take');
    await act(worker, request.id, 'start');
    await act(worker, request.id, 'quote_fee', { items: [{ name: '点火器', amountFen: 8800 }] });
    await login(page, stack.baseUrl, 'demo-resident-1');
    await page.locator('#home-greeting').waitFor();
  });
  afterAll(() => stack?.close());

  it('a quote waits under 待我处理, and its button opens the confirmation on the detail page', async () => {
    await home();
    const row = page.locator(`#home-waiting-${request.id}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('费用待您确认');
    // 待我处理 comes before the recent requests.
    const above = await page.evaluate(() => {
      const waiting = document.querySelector('#home-waiting');
      const recent = document.querySelector('#home-recent-card');
      return !!waiting && !!recent && !!(waiting.compareDocumentPosition(recent) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(above).toBe(true);
    const button = page.locator(`#home-waiting-${request.id}-go`);
    expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await stack.screenshot(page, 'resident-home-waiting', { doc: true });
    await button.click();
    await page.locator('#action-form[data-action="confirm_fee"]').waitFor();
    // Behind the form, the quote is the first card under the head, before the request's content.
    const feeFirst = await page.evaluate(() => {
      const fee = document.querySelector('#detail-fee');
      const content = document.querySelector('#detail-content');
      return !!fee && !!content && !!(fee.compareDocumentPosition(content) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(feeFirst).toBe(true);
    await page.locator('#action-submit').click();
    await waitForStatus(page, 'in_progress');
  });

  it('a question from the handler is pinned on the request and under 待我处理 until answered', async () => {
    await act(worker, request.id, 'ask_info', { note: '请拍一张热水器铭牌的照片，方便带对配件' });
    await home();
    const row = page.locator(`#home-waiting-${request.id}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('物业请您补充信息请拍一张热水器铭牌的照片');
    await page.locator(`#home-waiting-${request.id}-go`).click();
    await page.locator('#action-form[data-action="add_info"]').waitFor();
    // Behind the form, the question is the first card under the head.
    const first = await page.evaluate(() => document.querySelector('.detail-head')?.nextElementSibling?.id);
    expect(first).toBe('detail-info-request');
    expect(await page.locator('#detail-info-request-note').textContent()).toBe(
      '请拍一张热水器铭牌的照片，方便带对配件',
    );
    // The form itself repeats the question, so the resident answers with it in view.
    expect(await page.locator('#action-info-question').textContent()).toBe(
      '物业的问题：请拍一张热水器铭牌的照片，方便带对配件',
    );
    await stack.screenshot(page, 'resident-info-request', { doc: true });
    await page.fill('#action-note textarea', '铭牌型号 JSQ23-12，照片稍后补');
    await page.locator('#action-submit').click();
    await page.locator('#detail-info-request').waitFor({ state: 'detached' });
    await home();
    expect(await page.locator(`#home-waiting-${request.id}`).count()).toBe(0);
  });

  it('done work waits under 待我处理 to be rated, and leaves it once rated', async () => {
    await act(worker, request.id, 'complete', { note: '已更换点火器，打火正常' });
    await home();
    const row = page.locator(`#home-waiting-${request.id}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('已处理完成，请您评价');
    await page.locator(`#home-waiting-${request.id}-go`).click();
    await page.locator('#action-form[data-action="rate"]').waitFor();
    await page.locator('#action-satisfaction-satisfied').click();
    for (const score of ['speed', 'quality', 'attitude']) await page.locator(`#action-${score}-5`).click();
    await page.locator('#action-submit').click();
    await waitForStatus(page, 'closed');
    await home();
    expect(await page.locator('#home-waiting').count()).toBe(0);
  });

  it('the rating invitation stays good: the desk waits, unless the resident asks to be called', async () => {
    const second = await api<RequestDetail>(stack, resident, 'POST', '/api/requests', {
      ...repairForm,
      content: '厨房水龙头关不紧，一直滴水',
      repairItem: '水龙头',
      repairLocation: '厨房',
    });
    for (const [who, action, body] of [
      [receptionist, 'accept', {}],
      [receptionist, 'dispatch', { assigneeUserId: worker.userId }],
      [worker, 'take', {}],
      [worker, 'start', {}],
      [worker, 'complete', { note: '已更换阀芯，不再滴水' }],
    ] as const) {
      await act(who, second.id, action, body);
    }
    const invitation = `${stack.baseUrl}/#/pages/request-detail/index?id=${second.id}&action=rate`;

    // The desk sees why it may not call yet, and no 回访 button.
    const desk = await stack.newPage();
    await login(desk, stack.baseUrl, 'demo-receptionist-1');
    await desk.locator('#desk-entry-callbacks').waitFor();
    await desk.goto(`${stack.baseUrl}/#/desk/pages/request/index?id=${second.id}`);
    await desk.locator('#detail-callback-wait').waitFor();
    expect(await desk.locator('#detail-callback-wait').textContent()).toMatch(/^等待业主自行评价至 .+，之后可电话回访/);
    expect(await desk.locator('#action-callback').count()).toBe(0);

    // The resident's invitation opens the rating form, and says how long they have.
    await page.goto(invitation);
    await page.locator('#action-form[data-action="rate"]').waitFor();
    expect(await page.locator('#detail-rating-wait').textContent()).toMatch(/^请在 .+ 前评价；逾时客服将电话回访。$/);
    await page.locator('.nut-popup-title-right').click();
    await page.locator('#action-ask_callback').click();
    await page.locator('#action-form[data-action="ask_callback"]').waitFor();
    await page.fill('#action-note textarea', '工作日晚上 7 点后');
    await page.locator('#action-submit').click();
    await page.locator('#detail-callback-requested').waitFor();
    expect(await page.locator('#detail-callback-requested').textContent()).toMatch(/请求电话回访，客服会尽快联系您。$/);
    await stack.screenshot(page, 'resident-callback-requested', { doc: true });

    // The desk is told, and may call at once.
    await desk.reload();
    await desk.locator('#detail-callback-requested').waitFor();
    expect(await desk.locator('#detail-callback-requested').textContent()).toContain('方便接听：工作日晚上 7 点后');
    await desk.locator('#action-callback').click();
    await desk.locator('#action-satisfaction-satisfied').click();
    await desk.fill('#action-note textarea', '业主表示不再滴水，满意');
    await desk.locator('#action-submit').click();
    await waitForStatus(desk, 'closed');
    await desk.context().close();

    // The old invitation now says what happened instead of leading nowhere.
    await page.goto(invitation);
    await page.reload();
    await page.locator('#detail-stale-rating').waitFor();
    expect(await page.locator('#detail-stale-rating').textContent()).toMatch(
      /^客服已于 .+ 电话回访（满意），诉求已关闭/,
    );
    expect(await page.locator('#action-form').count()).toBe(0);
    await stack.screenshot(page, 'resident-stale-rating', { doc: true });
  });
});
