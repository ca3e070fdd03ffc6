import type { RequestDetail } from '@linli/shared';
import type { Page } from 'playwright-core';
import { api, apiLogin, fileRepair, type ApiUser } from './support/api';
import { login, openPage, requestIdOf, waitForStatus } from './support/pages';
import { startStack, type Stack } from './support/stack';

/**
 * Issue 15's steps on the phone: a repair worker registers what a resident told them on their
 * round (我的任务 › 登记诉求, 首问负责制) and settles it at once (当场解决); the worker answers the
 * rating that closed a repair, and the resident reads the answer under it.
 */
describe('the seeds’ steps in the h5 app', () => {
  let stack: Stack;
  let worker: Page;
  let resident: Page;
  let zhang: ApiUser;
  let receptionist: ApiUser;
  let workerUser: ApiUser;

  beforeAll(async () => {
    stack = await startStack();
    [worker, resident] = await Promise.all([stack.newPage(), stack.newPage()]);
    for (const page of [worker, resident]) page.setDefaultTimeout(15_000);
    [zhang, receptionist, workerUser] = await Promise.all([
      apiLogin(stack, 'demo-resident-1'),
      apiLogin(stack, 'demo-receptionist-1'),
      apiLogin(stack, 'demo-repair-1'),
    ]);
  });
  afterAll(() => stack?.close());

  it('a worker registers a complaint heard on their round and resolves it on the spot', async () => {
    await login(worker, stack.baseUrl, 'demo-repair-1');
    await worker.locator('#tasks-entry-intake').click();
    await worker.locator('#intake-first-contact').waitFor();
    // The caller lookup reads residents' phones: the desk's, not a worker's.
    expect(await worker.locator('#intake-lookup').count()).toBe(0);
    await worker.locator('#intake-kind-complaint').click();
    await worker.locator('#intake-source-visit').click();
    await worker.locator('[id^="intake-project-"]', { hasText: '阳光花园' }).click();
    await worker.locator('[id^="intake-category-"]', { hasText: '房屋管理' }).click();
    await worker.locator('[id^="intake-category-"]', { hasText: '房屋渗漏' }).click();
    await worker.fill('#intake-area input', '2栋地下车库');
    await worker.fill('#intake-content textarea', '巡查时业主反映车库入口排水沟堵塞积水');
    await worker.fill('#intake-contact-name input', '李女士');
    await worker.fill('#intake-contact-phone input', '13900000011');
    await worker.locator('#intake-submit').click();
    await worker.locator('#detail-created').waitFor();
    await waitForStatus(worker, 'received');

    await worker.locator('#action-resolve_on_spot').click();
    await worker.fill('#action-note textarea', '已当场疏通排水沟，积水已排净');
    await stack.screenshot(worker, 'worker-on-the-spot');
    await worker.locator('#action-submit').click();
    await waitForStatus(worker, 'resolved');
    expect(await worker.locator('#detail-result').textContent()).toContain('已当场疏通排水沟');
    const detail = await api<RequestDetail>(stack, receptionist, 'GET', `/api/requests/${requestIdOf(worker)}`);
    expect(detail).toMatchObject({ firstContactName: workerUser.name, source: 'visit', status: 'resolved' });
  });

  it('the worker answers the resident’s rating; the resident reads it under the rating', async () => {
    const filed = await fileRepair(stack, zhang, {
      repairItem: '阳台地漏',
      repairLocation: '阳台',
      content: '阳台地漏返味，下雨时还往上冒水',
    });
    const step = (who: ApiUser, action: string, body: object = {}) =>
      api<RequestDetail>(stack, who, 'POST', `/api/requests/${filed.id}/actions/${action}`, body);
    await step(receptionist, 'accept');
    await step(receptionist, 'dispatch', { assigneeUserId: workerUser.userId });
    await step(workerUser, 'take');
    await step(workerUser, 'start');
    await step(workerUser, 'complete', { note: '已更换防臭地漏' });
    const rated = await step(zhang, 'rate', {
      satisfaction: 'basically_satisfied',
      speed: 3,
      quality: 5,
      attitude: 5,
      comment: '修好了，就是等了两天',
    });

    await openPage(worker, stack.baseUrl, `/staff/pages/task/index?id=${filed.id}`);
    await waitForStatus(worker, 'closed');
    await worker.locator('#action-reply').click();
    // The rating that closed it is the one answered unless another is picked.
    await worker.locator(`#action-rating-${rated.ratings[0].id}[data-active="true"]`).waitFor();
    await worker.fill('#action-note textarea', '抱歉让您久等，配件到货慢，下次会提前告知');
    await worker.locator('#action-submit').click();
    await worker.locator('#detail-rating-0-reply-0').waitFor();

    await login(resident, stack.baseUrl, 'demo-resident-1');
    // The login lands on the home first; a page opened before it would be replaced by it.
    await resident.locator('#entry-repair').waitFor();
    await openPage(resident, stack.baseUrl, `/pages/request-detail/index?id=${filed.id}`);
    const reply = resident.locator('#detail-rating-0-reply-0');
    await reply.waitFor();
    expect(await reply.textContent()).toContain('配件到货慢');
    await stack.screenshot(resident, 'resident-rating-reply');
  });
});
