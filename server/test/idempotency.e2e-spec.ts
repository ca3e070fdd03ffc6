import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { ApprovalView, PhotoView, RequestDetail } from '@linli/shared';
import { complaintForm, CHINESE, expectApiError, requestCountOf } from './support/api';
import {
  actOk,
  DAY_MS,
  demoStaff,
  eventCount,
  ownTeam,
  projectIdOf,
  residentPerson,
  retireCategories,
  seededCategory,
  type Answer,
  type Person,
  type ResidentPerson,
} from './support/lifecycle';
import { requestFingerprint } from '../src/common/idempotency/fingerprint';
import { IdempotencyStore } from '../src/common/idempotency/idempotency-store';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Finding 7 of issue 10: a double submit, or a retry after a lost answer, must not file twice.
 * With an `Idempotency-Key`, the same key and body get the first answer, another body 422,
 * twins at once one write; keys are per user and live 24 h.
 */

let ctx: TestContext;
let receptionist: Person;
let manager: Person;
let categoryId: number;

beforeAll(async () => {
  ctx = await createTestContext();
  ({ receptionist, manager } = await demoStaff(ctx));
  const probe = await residentPerson(ctx);
  categoryId = (await seededCategory(ctx, probe, 'complaint', '环境管理', '保洁卫生')).id;
});
afterAll(() => ctx.close());
afterEach(() => ctx.clock.reset());

const newKey = () => `test-${randomBytes(12).toString('hex')}`;

async function send(who: Pick<Person, 'auth'>, url: string, body: object | undefined, key?: string): Promise<Answer> {
  const res = await ctx.app.inject({
    method: 'POST',
    url,
    headers: { ...who.auth, ...(key === undefined ? {} : { 'idempotency-key': key }) },
    ...(body ? { payload: body } : {}),
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, headers: res.headers };
}

const file = (resident: ResidentPerson, key?: string, overrides: Record<string, unknown> = {}) =>
  send(resident, '/api/requests', complaintForm(resident.binding.id, categoryId, overrides), key);

async function keyRow(userId: number, key: string) {
  // Answers are stored a few milliseconds after they are given.
  await ctx.app.get(IdempotencyStore).storeAnswers();
  const [row] = (await ctx.dataSource.query(
    'SELECT id, status, response_status AS responseStatus FROM idempotency_key WHERE user_id = ? AND `key` = ?',
    [userId, key],
  )) as { id: number; status: string; responseStatus: number | null }[];
  return row;
}

describe('POST /api/requests with Idempotency-Key', () => {
  it('files once: the repeat gets the first answer, marked as replayed', async () => {
    const resident = await residentPerson(ctx);
    const key = newKey();
    const first = await file(resident, key);
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const second = await file(resident, key);
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await requestCountOf(ctx, resident.userId)).toBe(1);
    expect(await keyRow(resident.userId, key)).toMatchObject({ status: 'done', responseStatus: 201 });
  });

  it('files twice without the header, as before', async () => {
    const resident = await residentPerson(ctx);
    expect((await file(resident)).status).toBe(201);
    expect((await file(resident)).status).toBe(201);
    expect(await requestCountOf(ctx, resident.userId)).toBe(2);
  });

  it('refuses the same key with another body: 422 IDEMPOTENCY_KEY_REUSED, nothing filed', async () => {
    const resident = await residentPerson(ctx);
    const key = newKey();
    expect((await file(resident, key)).status).toBe(201);
    const other = await file(resident, key, { content: '电梯按钮失灵，一直不亮' });
    expectApiError(other as never, 422, 'IDEMPOTENCY_KEY_REUSED', CHINESE);
    expect(other.body.details).toEqual([{ field: 'Idempotency-Key', message: expect.stringMatching(CHINESE) }]);
    expect(await requestCountOf(ctx, resident.userId)).toBe(1);
  });

  it('compares bodies, not key order: the same fields in another order are the same request', async () => {
    const resident = await residentPerson(ctx);
    const key = newKey();
    const form = complaintForm(resident.binding.id, categoryId);
    expect((await send(resident, '/api/requests', form, key)).status).toBe(201);
    const reordered = Object.fromEntries(Object.entries(form).reverse());
    const again = await send(resident, '/api/requests', reordered, key);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await requestCountOf(ctx, resident.userId)).toBe(1);
  });

  it('ten identical submits at once with one key: one request, every answer the same request', async () => {
    const resident = await residentPerson(ctx);
    const key = newKey();
    const answers = await Promise.all(Array.from({ length: 10 }, () => file(resident, key)));
    const ok = answers.filter((answer) => answer.status === 201);
    // Twins still in flight past the wait may be told to retry (409); none may write.
    for (const answer of answers.filter((a) => a.status !== 201)) {
      expectApiError(answer as never, 409, 'CONFLICT', '相同的请求正在处理，请稍后再试');
    }
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((answer) => (answer.body as RequestDetail).id)).size).toBe(1);
    expect(await requestCountOf(ctx, resident.userId)).toBe(1);
    const [row] = (await ctx.dataSource.query('SELECT COUNT(*) AS n FROM request_event WHERE request_id = ?', [
      (ok[0].body as RequestDetail).id,
    ])) as { n: string }[];
    expect(Number(row.n)).toBe(1);
  });

  it('keeps keys per user: two residents with the same key each file their own', async () => {
    const [one, two] = [await residentPerson(ctx), await residentPerson(ctx)];
    const key = newKey();
    const a = await file(one, key);
    const b = await file(two, key, { content: '二楼走廊灯坏了好几天' });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect((a.body as RequestDetail).id).not.toBe((b.body as RequestDetail).id);
    expect([await requestCountOf(ctx, one.userId), await requestCountOf(ctx, two.userId)]).toEqual([1, 1]);
  });

  it('forgets a key after 24 hours: the same key files anew, even with another body', async () => {
    const resident = await residentPerson(ctx);
    const key = newKey();
    expect((await file(resident, key)).status).toBe(201);
    // The answer is stored just after it is given: a day later by the test's clock, a claim still
    // pending would look abandoned (and the create run again) on a machine slow enough to lag.
    await ctx.app.get(IdempotencyStore).storeAnswers();
    ctx.clock.advance(DAY_MS - 60_000);
    expect((await file(resident, key)).headers['idempotent-replayed']).toBe('true');
    ctx.clock.advance(2 * 60_000);
    const later = await file(resident, key, { content: '一天后：楼道垃圾又没人清理' });
    expect(later.status).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(await requestCountOf(ctx, resident.userId)).toBe(2);
  });

  it('does not keep a refusal as the answer: after a 400 the same key runs again', async () => {
    const resident = await residentPerson(ctx);
    const key = newKey();
    const refused = await file(resident, key, { content: '短' });
    expect(refused.status).toBe(400);
    expect(await keyRow(resident.userId, key)).toBeUndefined();
    const fixed = await file(resident, key);
    expect(fixed.status).toBe(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
    expect(await requestCountOf(ctx, resident.userId)).toBe(1);
  });

  it('refuses a malformed key with 400 on the header, before anything is written', async () => {
    const resident = await residentPerson(ctx);
    for (const bad of ['short', 'x'.repeat(129), 'has space in it', '中文的幂等键值啊啊']) {
      const res = await file(resident, bad);
      expectApiError(res as never, 400, 'VALIDATION_FAILED', CHINESE);
      expect(res.body.details.map((detail: { field: string }) => detail.field)).toEqual(['Idempotency-Key']);
    }
    expect(await requestCountOf(ctx, resident.userId)).toBe(0);
  });

  it('a write whose answer was lost (committed, no answer stored) is never filed again', async () => {
    const resident = await residentPerson(ctx);
    const key = newKey();
    expect((await file(resident, key)).status).toBe(201);
    await ctx.app.get(IdempotencyStore).storeAnswers();
    // What a crash between the commit and storing the answer leaves behind.
    await ctx.dataSource.query(
      "UPDATE idempotency_key SET status = 'committed', response_status = NULL, response_body = NULL WHERE user_id = ? AND `key` = ?",
      [resident.userId, key],
    );
    // Until its lease is over the attempt may still be storing its answer: the repeat waits.
    expectApiError((await file(resident, key)) as never, 409, 'CONFLICT', '相同的请求正在处理，请稍后再试');
    ctx.clock.advance(31_000);
    expectApiError((await file(resident, key)) as never, 409, 'CONFLICT', '该请求已处理，请刷新后查看结果');
    expect(await requestCountOf(ctx, resident.userId)).toBe(1);
  });

  it('an attempt that died before committing holds its key only until its lease is over', async () => {
    const resident = await residentPerson(ctx);
    const key = newKey();
    const form = complaintForm(resident.binding.id, categoryId);
    // What a crash before the commit leaves: the filing rolled back, its pending key stayed.
    const now = ctx.clock.now();
    await ctx.dataSource.query(
      'INSERT INTO idempotency_key (user_id, `key`, route, fingerprint, status, claim, created_at, claimed_at, expires_at) ' +
        "VALUES (?, ?, 'POST /api/requests', ?, 'pending', ?, ?, ?, ?)",
      [
        resident.userId,
        key,
        requestFingerprint('POST /api/requests', {}, form),
        randomBytes(16).toString('hex'),
        now,
        now,
        new Date(now.getTime() + DAY_MS),
      ],
    );
    const waiting = await send(resident, '/api/requests', form, key);
    expectApiError(waiting as never, 409, 'CONFLICT', '相同的请求正在处理，请稍后再试');
    expect(waiting.headers['retry-after']).toBe('1');
    expect(await requestCountOf(ctx, resident.userId)).toBe(0);
    ctx.clock.advance(31_000);
    const retried = await send(resident, '/api/requests', form, key);
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(await requestCountOf(ctx, resident.userId)).toBe(1);
  });
});

describe('Idempotency-Key on the other creates and steps', () => {
  it('intake (代客登记): the repeat is replayed, one request', async () => {
    const key = newKey();
    const content = `业主来电：楼道灯不亮 ${randomBytes(4).toString('hex')}`;
    const body = {
      kind: 'complaint',
      source: 'phone',
      projectId: await projectIdOf(ctx),
      categoryId,
      content,
      contactName: '来电业主',
      contactPhone: '13600001111',
    };
    const first = await send(receptionist, '/api/requests/intake', body, key);
    expect(first.status).toBe(201);
    const second = await send(receptionist, '/api/requests/intake', body, key);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    const [row] = (await ctx.dataSource.query('SELECT COUNT(*) AS n FROM request WHERE content = ?', [content])) as {
      n: string;
    }[];
    expect(Number(row.n)).toBe(1);
  });

  it('a lifecycle step repeated with its key is replayed: one accept event, and urge once', async () => {
    const resident = await residentPerson(ctx);
    const filed = (await file(resident)).body as RequestDetail;
    const key = newKey();
    const url = `/api/requests/${filed.id}/actions/accept`;
    const first = await send(receptionist, url, { version: filed.version }, key);
    expect(first.status).toBe(200);
    const again = await send(receptionist, url, { version: filed.version }, key);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await eventCount(ctx, filed.id, 'accept')).toBe(1);
    // Without the key the repeat is a second accept, refused as before.
    expect((await send(receptionist, url, { version: filed.version })).status).toBe(409);

    const urgeKey = newKey();
    const urges = await Promise.all(
      Array.from({ length: 3 }, () => send(resident, `/api/requests/${filed.id}/actions/urge`, {}, urgeKey)),
    );
    expect(urges.filter((answer) => answer.status === 200).length).toBeGreaterThanOrEqual(1);
    expect(await eventCount(ctx, filed.id, 'urge')).toBe(1);
  });

  it('the same key on another request is another body: 422', async () => {
    const resident = await residentPerson(ctx);
    const [a, b] = [(await file(resident)).body as RequestDetail, (await file(resident)).body as RequestDetail];
    const key = newKey();
    expect((await send(resident, `/api/requests/${a.id}/actions/urge`, {}, key)).status).toBe(200);
    expectApiError(
      (await send(resident, `/api/requests/${b.id}/actions/urge`, {}, key)) as never,
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect(await eventCount(ctx, b.id, 'urge')).toBe(0);
  });

  it('house binding: the repeat is replayed', async () => {
    const resident = await residentPerson(ctx);
    const key = newKey();
    const body = { roomId: resident.owner.roomId, name: resident.owner.name, phone: resident.owner.phone };
    const first = await send(resident, '/api/house-bindings', body, key);
    const again = await send(resident, '/api/house-bindings', body, key);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('approvals: one application and one decision however often they are sent', async () => {
    const team = await ownTeam(ctx, '幂等');
    try {
      ctx.clock.set('2026-11-27T07:00:00Z');
      const resident = await residentPerson(ctx);
      const filed = (await send(resident, '/api/requests', {
        ...complaintForm(resident.binding.id, team.complaintCategory),
      })) as Answer;
      expect(filed.status).toBe(201);
      await actOk(ctx, receptionist, filed.body.id, 'accept');
      await actOk(ctx, team.supervisor, filed.body.id, 'dispatch', { assigneeUserId: team.worker.userId });
      const application = {
        type: 'extension',
        reason: '需要等待厂家配件',
        newDueAt: '2026-12-09T10:00:00+08:00',
        plan: '先做临时封堵，每天巡查一次',
      };
      const key = newKey();
      const url = `/api/requests/${filed.body.id}/approvals`;
      const opened = await Promise.all([1, 2, 3].map(() => send(team.supervisor, url, application, key)));
      expect(opened.filter((answer) => answer.status === 201).length).toBeGreaterThanOrEqual(1);
      const approvalId = (opened.find((answer) => answer.status === 201)!.body as ApprovalView).id;
      const [count] = (await ctx.dataSource.query('SELECT COUNT(*) AS n FROM approval WHERE request_id = ?', [
        filed.body.id,
      ])) as { n: string }[];
      expect(Number(count.n)).toBe(1);

      const decideKey = newKey();
      const decision = { comment: '同意' };
      const first = await send(manager, `/api/approvals/${approvalId}/approve`, decision, decideKey);
      expect(first.status).toBe(200);
      const again = await send(manager, `/api/approvals/${approvalId}/approve`, decision, decideKey);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
    } finally {
      await retireCategories(ctx, [team.complaintCategory, team.repairCategory]);
    }
  });

  it('photo upload: a retried upload with its key gives the same photos, stored once', async () => {
    const resident = await residentPerson(ctx);
    const key = newKey();
    const data = await sharp({ create: { width: 32, height: 24, channels: 3, background: { r: 9, g: 99, b: 199 } } })
      .jpeg()
      .toBuffer();
    const upload = () =>
      ctx
        .http()
        .post('/api/photos')
        .set(resident.auth)
        .set('Idempotency-Key', key)
        .attach('files', data, { filename: '现场.jpg', contentType: 'image/jpeg' });
    const first = await upload();
    expect(first.status).toBe(201);
    const again = await upload();
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((again.body as PhotoView[]).map((photo) => photo.id)).toEqual(
      (first.body as PhotoView[]).map((photo) => photo.id),
    );
    const [row] = (await ctx.dataSource.query('SELECT COUNT(*) AS n FROM photo WHERE uploader_user_id = ?', [
      resident.userId,
    ])) as { n: string }[];
    expect(Number(row.n)).toBe(1);
  });
});
