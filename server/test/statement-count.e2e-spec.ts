import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { RequestDetail } from '@linli/shared';
import { ReferenceDataService } from '../src/modules/reference/reference-data.service';
import { onStatement } from '../src/database/database-logger';
import {
  demoStaff,
  post,
  repairForm,
  complaintOf,
  residentPerson,
  seededCategory,
  type Answer,
  type Person,
  type ResidentPerson,
} from './support/lifecycle';
import { projectIdOf } from './support/lifecycle';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Round trips per operation (issue 11): a create and a lifecycle step each in a handful of
 * statements, notices included, with the company's set-up cached as it is after a process's
 * first call. A regression shows here as a number, not as a slower benchmark weeks later.
 * BEGIN and COMMIT count: each is a round trip. Statements are counted in the call's own async
 * context, so nothing running beside it (the reference check's timer) is mistaken for it.
 */
const CREATE_BUDGET = 12;
const STEP_BUDGET = 12;
/** What an Idempotency-Key adds (the mini-app sends one on every create and step): the claim and the commit mark; answers are stored in batches after the reply. */
const KEY_COST = 2;

let ctx: TestContext;
let receptionist: Person;
let supervisor: Person;
let worker: Person;
let resident: ResidentPerson;

beforeAll(async () => {
  // No background work: every statement counted belongs to the call being measured.
  ctx = await createTestContext({ env: { OUTBOX_WORKER: 'off' } });
  ({ receptionist, supervisor, worker } = await demoStaff(ctx));
  resident = await residentPerson(ctx);
});
afterAll(() => ctx.close());

const calls = new AsyncLocalStorage<string[]>();
let stop: () => void;
beforeAll(() => {
  stop = onStatement((query) => calls.getStore()?.push(query.replace(/\s+/g, ' ').slice(0, 160)));
});
const measured = new Map<string, number>();
afterAll(() => {
  stop();
  // The figures docs/performance.md quotes.
  console.log(`statements per call: ${[...measured].map(([label, count]) => `${label} ${count}`).join(', ')}`);
});

async function counted(run: () => Promise<Answer>): Promise<{ answer: Answer; statements: string[] }> {
  const statements: string[] = [];
  await ctx.app.get(ReferenceDataService).snapshot();
  const answer = await calls.run(statements, run);
  return { answer, statements };
}

async function expectWithin(
  label: string,
  budget: number,
  run: () => Promise<Answer>,
  status = 200,
): Promise<RequestDetail> {
  const { answer, statements } = await counted(run);
  expect({ label, status: answer.status }).toEqual({ label, status });
  measured.set(label, Math.max(measured.get(label) ?? 0, statements.length));
  if (statements.length > budget) console.log(`${label}: ${statements.length} statements\n${statements.join('\n')}`);
  expect({ label, statements: statements.length <= budget ? 'within' : statements.length }).toEqual({
    label,
    statements: 'within',
  });
  return answer.body as RequestDetail;
}

describe('statements per operation', () => {
  it(`a resident's repair, and the steps that take it to completion, stay within ${CREATE_BUDGET} / ${STEP_BUDGET}`, async () => {
    const category = await seededCategory(ctx, resident, 'repair', '入户维修', '水电维修');
    for (let round = 0; round < 2; round++) {
      const filed = await expectWithin(
        'create repair',
        CREATE_BUDGET,
        () => post(ctx, resident, '/api/requests', repairForm(resident, category.id)),
        201,
      );
      expect(filed.status).toBe('received');
      const step = (who: Person, action: string, body: object = {}) =>
        expectWithin(action, STEP_BUDGET, () => post(ctx, who, `/api/requests/${filed.id}/actions/${action}`, body));
      await step(receptionist, 'accept');
      await step(supervisor, 'dispatch', { assigneeUserId: worker.userId });
      await step(worker, 'take');
      await step(worker, 'start');
      await step(worker, 'complete', { note: '已修好' });
    }
  });

  it(`with an Idempotency-Key, as the mini-app sends them, each costs at most ${KEY_COST} more`, async () => {
    const category = await seededCategory(ctx, resident, 'repair', '入户维修', '水电维修');
    const keyed = (who: Person, url: string, body: object) => () =>
      ctx.app
        .inject({
          method: 'POST',
          url,
          headers: { ...who.auth, 'idempotency-key': randomUUID() },
          payload: body,
        })
        .then((res) => ({ status: res.statusCode, body: JSON.parse(res.body), headers: res.headers }) as Answer);
    const filed = await expectWithin(
      'keyed create',
      CREATE_BUDGET + KEY_COST,
      keyed(resident, '/api/requests', repairForm(resident, category.id)),
      201,
    );
    await expectWithin(
      'keyed accept',
      STEP_BUDGET + KEY_COST,
      keyed(receptionist, `/api/requests/${filed.id}/actions/accept`, {}),
    );
  });

  it(`a complaint and a desk registration stay within ${CREATE_BUDGET}`, async () => {
    const complaint = await seededCategory(ctx, resident, 'complaint', '房屋管理', '装修管理');
    for (let round = 0; round < 2; round++) {
      await expectWithin(
        'create complaint',
        CREATE_BUDGET,
        () => post(ctx, resident, '/api/requests', complaintOf(resident, complaint.id)),
        201,
      );
      const projectId = await projectIdOf(ctx);
      await expectWithin(
        'intake',
        CREATE_BUDGET,
        () =>
          post(ctx, receptionist, '/api/requests/intake', {
            kind: 'complaint',
            source: 'phone',
            projectId,
            categoryId: complaint.id,
            content: '来电反映楼道灯不亮',
            contactName: '张先生',
            contactPhone: '13900139000',
          }),
        201,
      );
    }
  });
});
