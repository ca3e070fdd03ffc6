import {
  act,
  actOk,
  demoStaff,
  departmentByCode,
  detailOf,
  expectRefusal,
  fileRequest,
  insertStaff,
  repairForm,
  residentPerson,
  rowState,
  runSteps,
  seededCategory,
  type Person,
  type ResidentPerson,
} from './support/lifecycle';
import { inbox } from './support/notifications';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Replies to ratings (issue 15 §11): on a closed request, the worker who did it or the desk answers
 * the resident's rating or comment; the resident reads it under that rating and is told.
 */
let ctx: TestContext;
let receptionist: Person;
let worker: Person;
let colleague: Person;
let resident: ResidentPerson;
let repairCategoryId: number;

beforeAll(async () => {
  ctx = await createTestContext();
  ({ receptionist, worker } = await demoStaff(ctx));
  const engineering = await departmentByCode(ctx, 'engineering');
  colleague = await insertStaff(ctx, { role: 'staff', departmentId: engineering.id, name: '同组师傅' });
  repairCategoryId = (await seededCategory(ctx, receptionist, 'repair', '入户维修', '水电维修')).id;
  resident = await residentPerson(ctx);
});
afterAll(() => ctx.close());

it('the worker answers the rating that closed the repair; the resident reads it under the rating and is told', async () => {
  const filed = await fileRequest(ctx, resident, repairForm(resident, repairCategoryId));
  await runSteps(ctx, filed.id, [
    [receptionist, 'accept'],
    [receptionist, 'dispatch', { assigneeUserId: worker.userId }],
    [worker, 'take'],
    [worker, 'start'],
    [worker, 'complete', { note: '已更换水龙头' }],
  ]);
  const rated = await actOk(ctx, resident, filed.id, 'rate', {
    satisfaction: 'basically_satisfied',
    speed: 3,
    quality: 5,
    attitude: 5,
    comment: '修得好，就是来得有点晚',
  });
  expect(rated.status).toBe('closed');
  const ratingId = rated.ratings[0].id;

  const before = await rowState(ctx, filed.id);
  const wrong = expectRefusal(
    await act(ctx, worker, filed.id, 'reply', { note: '抱歉来晚了', ratingId: ratingId + 100_000 }),
    400,
    'VALIDATION_FAILED',
  );
  expect(wrong.details).toEqual([{ field: 'ratingId', message: '这条诉求没有该评价' }]);
  // A colleague who did not do the job does not answer for it; the resident cannot answer themselves.
  expectRefusal(await act(ctx, colleague, filed.id, 'reply', { note: '我来答复', ratingId }), 403, 'FORBIDDEN');
  expectRefusal(await act(ctx, resident, filed.id, 'reply', { note: '自问自答', ratingId }), 403, 'FORBIDDEN');
  expect(await rowState(ctx, filed.id)).toEqual(before);

  await actOk(ctx, worker, filed.id, 'reply', { note: '抱歉来晚了，下次提前电话告知', ratingId });
  const seen = await detailOf(ctx, resident, filed.id);
  expect(seen.status).toBe('closed');
  expect(seen.ratings[0].replies).toEqual([
    { note: '抱歉来晚了，下次提前电话告知', byName: worker.name, createdAt: expect.any(String) },
  ]);
  expect((await inbox(ctx, resident, filed.id)).map((item) => item.topic)).toContain('request_replied');
});
