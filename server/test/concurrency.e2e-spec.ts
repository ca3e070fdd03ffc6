import { DAY_MS, type RequestDetail } from '@linli/shared';
import {
  act,
  actOk,
  demoStaff,
  departmentByCode,
  detailField,
  eventCount,
  expectRefusal,
  fileRequest,
  insertCategory,
  insertDepartment,
  insertStaff,
  repairForm,
  residentPerson,
  retireCategories,
  rowState,
  runSteps,
  seededCategory,
  type Answer,
  type Person,
  type ResidentPerson,
} from './support/lifecycle';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Two people acting on the same request at once (issue 4 §10): one wins, the other gets a 409
 * with the current state; no lost update, no event recorded twice. A stale version is a 409.
 */

let ctx: TestContext;
let receptionist: Person;
let secondReceptionist: Person;
let worker: Person;
let supervisor: Person;
let categoryId: number;
const ownCategories: number[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  ({ receptionist, worker, supervisor } = await demoStaff(ctx));
  const serviceCenter = await departmentByCode(ctx, 'service_center');
  secondReceptionist = await insertStaff(ctx, {
    role: 'receptionist',
    departmentId: serviceCenter.id,
    name: '二号客服',
  });
  categoryId = (await seededCategory(ctx, receptionist, 'repair', '入户维修', '水电维修')).id;
});
afterEach(() => ctx.clock.reset());
afterAll(async () => {
  await retireCategories(ctx, ownCategories);
  await ctx.close();
});

async function repair(
  steps: 'received' | 'accepted' | 'dispatched' | 'resolved',
): Promise<{ resident: ResidentPerson; detail: RequestDetail }> {
  const resident = await residentPerson(ctx);
  const filed = await fileRequest(ctx, resident, repairForm(resident, categoryId));
  const all: Parameters<typeof runSteps>[2] = [
    [receptionist, 'accept'],
    [receptionist, 'dispatch', { assigneeUserId: worker.userId }],
    [worker, 'take'],
    [worker, 'start'],
    [worker, 'complete', { note: '已修复' }],
  ];
  const count = { received: 0, accepted: 1, dispatched: 2, resolved: 5 }[steps];
  const detail = count ? await runSteps(ctx, filed.id, all.slice(0, count)) : filed;
  return { resident, detail };
}

/** Exactly one of two answers is a 200; the other a 409 naming the state the winner left. */
function oneWins(a: Answer, b: Answer): { winner: 0 | 1; loser: Answer } {
  expect([a.status, b.status].sort()).toEqual([200, 409]);
  return a.status === 200 ? { winner: 0, loser: b } : { winner: 1, loser: a };
}

describe('two people at once, both sending the version they saw', () => {
  it('receptionist dispatch vs resident cancel: one wins, the other gets 409 with the current state; one event', async () => {
    for (let round = 0; round < 6; round++) {
      const { resident, detail } = await repair('accepted');
      const version = detail.version;
      const before = await rowState(ctx, detail.id);
      const [dispatch, cancel] = await Promise.all([
        act(ctx, receptionist, detail.id, 'dispatch', { assigneeUserId: worker.userId, version }),
        act(ctx, resident, detail.id, 'cancel', { note: '不修了', version }),
      ]);
      const { winner, loser } = oneWins(dispatch, cancel);
      const finalStatus = winner === 0 ? 'dispatched' : 'cancelled';
      // Cancel is still allowed once dispatched, so it loses on the version; dispatch loses on the state.
      const refusal = expectRefusal(loser, 409, winner === 0 ? 'CONFLICT' : 'INVALID_TRANSITION');
      expect(detailField(refusal, 'status')).toBe(finalStatus);
      expect(detailField(refusal, 'version')).toBe(String(version + 1));

      const after = await rowState(ctx, detail.id);
      expect(after).toMatchObject({ status: finalStatus, version: version + 1, events: before.events + 1 });
      expect((await eventCount(ctx, detail.id, 'dispatch')) + (await eventCount(ctx, detail.id, 'cancel'))).toBe(1);
      expect(after.assigneeUserId).toBe(winner === 0 ? worker.userId : null);
      const winnerBody = (winner === 0 ? dispatch : cancel).body as RequestDetail;
      expect(winnerBody.version).toBe(version + 1);
    }
  });

  it('two receptionists accepting the same request: one accept, the other 409', async () => {
    const { detail } = await repair('received');
    const [a, b] = await Promise.all([
      act(ctx, receptionist, detail.id, 'accept', { grade: 'C', version: detail.version }),
      act(ctx, secondReceptionist, detail.id, 'accept', { grade: 'B', version: detail.version }),
    ]);
    const { winner, loser } = oneWins(a, b);
    const refusal = expectRefusal(loser, 409, ['INVALID_TRANSITION', 'CONFLICT']);
    expect(detailField(refusal, 'status')).toBe('accepted');
    expect(await eventCount(ctx, detail.id, 'accept')).toBe(1);
    const [row] = (await ctx.dataSource.query('SELECT grade, first_contact_user_id AS fc FROM request WHERE id = ?', [
      detail.id,
    ])) as { grade: string; fc: number }[];
    // The winner's grade and first-contact ownership, not a mix of both.
    expect({ grade: row.grade, fc: Number(row.fc) }).toEqual(
      winner === 0 ? { grade: 'C', fc: receptionist.userId } : { grade: 'B', fc: secondReceptionist.userId },
    );
  });

  it('the resident’s rating vs the desk’s callback: one closes it, one rating', async () => {
    const { resident, detail } = await repair('resolved');
    // Past the resident's time to rate, so the desk may call and the two really race.
    ctx.clock.advance(DAY_MS);
    const [rate, callback] = await Promise.all([
      act(ctx, resident, detail.id, 'rate', { satisfaction: 'satisfied', speed: 5, quality: 5, attitude: 5 }),
      act(ctx, receptionist, detail.id, 'callback', { satisfaction: 'basically_satisfied', note: '电话回访基本满意' }),
    ]);
    const { winner, loser } = oneWins(rate, callback);
    expect(detailField(expectRefusal(loser, 409, ['INVALID_TRANSITION', 'CONFLICT']), 'status')).toBe('closed');
    const after = await rowState(ctx, detail.id);
    expect(after).toMatchObject({ status: 'closed', ratings: 1, version: detail.version + 1 });
    const [rating] = (await ctx.dataSource.query('SELECT source FROM request_rating WHERE request_id = ?', [
      detail.id,
    ])) as { source: string }[];
    expect(rating.source).toBe(winner === 0 ? 'resident' : 'callback');
  });

  it('the resident reopens while the desk records a callback: one wins, never both', async () => {
    const { resident, detail } = await repair('resolved');
    ctx.clock.advance(DAY_MS);
    const [reopen, callback] = await Promise.all([
      act(ctx, resident, detail.id, 'reopen', { note: '还在漏', version: detail.version }),
      act(ctx, receptionist, detail.id, 'callback', {
        satisfaction: 'satisfied',
        note: '回访满意',
        version: detail.version,
      }),
    ]);
    const { winner } = oneWins(reopen, callback);
    const after = await rowState(ctx, detail.id);
    expect(after).toMatchObject(
      winner === 0 ? { status: 'accepted', round: 2, ratings: 1 } : { status: 'closed', round: 1, ratings: 1 },
    );
    expect(after.version).toBe(detail.version + 1);
  });

  it('two urges at once: one counts, the other is 429', async () => {
    const { resident, detail } = await repair('dispatched');
    const [a, b] = await Promise.all([act(ctx, resident, detail.id, 'urge'), act(ctx, resident, detail.id, 'urge')]);
    expect([a.status, b.status].sort()).toEqual([200, 429]);
    expect(await rowState(ctx, detail.id)).toMatchObject({ urgeCount: 1, version: detail.version + 1 });
    expect(await eventCount(ctx, detail.id, 'urge')).toBe(1);
  });
});

describe('auto dispatch under load', () => {
  it('two requests accepted at once in an auto department go to two different idle members', async () => {
    const auto = await insertDepartment(ctx, '并发自动部', 'auto');
    const first = await insertStaff(ctx, { role: 'staff', departmentId: auto.id, name: '并发甲' });
    const second = await insertStaff(ctx, { role: 'staff', departmentId: auto.id, name: '并发乙' });
    const category = await insertCategory(ctx, 'repair', auto.id, 'E');
    ownCategories.push(category.id);
    const resident = await residentPerson(ctx);
    const [a, b] = [
      await fileRequest(ctx, resident, repairForm(resident, category.id)),
      await fileRequest(ctx, resident, repairForm(resident, category.id)),
    ];
    const answers = await Promise.all([act(ctx, receptionist, a.id, 'accept'), act(ctx, receptionist, b.id, 'accept')]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const assignees = [(await rowState(ctx, a.id)).assigneeUserId, (await rowState(ctx, b.id)).assigneeUserId];
    // Least open work first: with both idle, one each — not both to the same person.
    expect(assignees.sort()).toEqual([first.userId, second.userId].sort());
  });
});

describe('many people at once, without versions', () => {
  it('every success is exactly one event and one version; nothing is lost or recorded twice', async () => {
    for (let round = 0; round < 3; round++) {
      const { resident, detail } = await repair('dispatched');
      const before = await rowState(ctx, detail.id);
      const answers = await Promise.all([
        act(ctx, worker, detail.id, 'take'),
        act(ctx, worker, detail.id, 'take'),
        act(ctx, supervisor, detail.id, 'take'),
        act(ctx, resident, detail.id, 'urge'),
        act(ctx, resident, detail.id, 'add_info', { note: '家里下午有人' }),
        act(ctx, receptionist, detail.id, 'note', { note: '业主较急，尽快处理' }),
        act(ctx, secondReceptionist, detail.id, 'note', { note: '已电话安抚' }),
      ]);
      for (const answer of answers) expect([200, 409]).toContain(answer.status);
      const successes = answers.filter((answer) => answer.status === 200).length;
      const after = await rowState(ctx, detail.id);
      expect(after.version - before.version).toBe(successes);
      expect(after.events - before.events).toBe(successes);
      // Exactly one take went through; the others found it taken.
      expect(await eventCount(ctx, detail.id, 'take')).toBe(1);
      expect(after.status).toBe('taken');
      // Each stay-in-place action is recorded once.
      expect(await eventCount(ctx, detail.id, 'note')).toBe(2);
      expect(await eventCount(ctx, detail.id, 'add_info')).toBe(1);
      expect(await eventCount(ctx, detail.id, 'urge')).toBe(1);
    }
  });
});

describe('a stale version', () => {
  it('is answered with 409 CONFLICT and the current state; nothing changes', async () => {
    const { detail } = await repair('accepted');
    await actOk(ctx, receptionist, detail.id, 'note', { note: '先记一笔', version: detail.version });
    const before = await rowState(ctx, detail.id);
    expect(before.version).toBe(detail.version + 1);

    const res = await act(ctx, supervisor, detail.id, 'dispatch', {
      assigneeUserId: worker.userId,
      version: detail.version,
    });
    const refusal = expectRefusal(res, 409, 'CONFLICT');
    expect(refusal.details).toEqual([
      { field: 'status', message: 'accepted' },
      { field: 'version', message: String(before.version) },
    ]);
    expect(await rowState(ctx, detail.id)).toEqual(before);

    // A version from the future is no better.
    expectRefusal(
      await act(ctx, supervisor, detail.id, 'dispatch', { assigneeUserId: worker.userId, version: before.version + 5 }),
      409,
      'CONFLICT',
    );
    // The current one goes through.
    const dispatched = await actOk(ctx, supervisor, detail.id, 'dispatch', {
      assigneeUserId: worker.userId,
      version: before.version,
    });
    expect(dispatched.version).toBe(before.version + 1);
  });

  it('is refused as a bad value when it is not a positive integer (400 on version)', async () => {
    const { detail } = await repair('accepted');
    for (const version of [0, '2', 1.5]) {
      const res = await act(ctx, receptionist, detail.id, 'note', { note: '备注内容', version });
      expect(expectRefusal(res, 400, 'VALIDATION_FAILED').details.map((d) => d.field)).toEqual(['version']);
    }
  });

  it('the version in every answer is the one the next call must send', async () => {
    const { resident, detail } = await repair('dispatched');
    let version = detail.version;
    for (const [who, action, body] of [
      [worker, 'take', {}],
      [resident, 'urge', {}],
      [worker, 'start', {}],
      [worker, 'progress', { note: '更换阀芯' }],
    ] as const) {
      const answer = await actOk(ctx, who, detail.id, action, { ...body, version });
      expect(answer.version).toBe(version + 1);
      version = answer.version;
    }
    expect((await rowState(ctx, detail.id)).version).toBe(version);
  });
});
