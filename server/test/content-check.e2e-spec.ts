import { createHash, randomInt } from 'node:crypto';
import type { RequestDetail, RequestSummary } from '@linli/shared';
import { ContentRecheckJob } from '../src/modules/content-check/content-recheck.job';
import { requestCountOf } from './support/api';
import {
  act,
  actOk,
  demoStaff,
  departmentByCode,
  detailOf,
  insertStaff,
  fileRequest,
  complaintOf,
  get,
  lastEvent,
  post,
  projectIdOf,
  residentPerson,
  seededCategory,
  suggestionOf,
  uploadPhotos,
  type Answer,
  type Person,
  type ResidentPerson,
} from './support/lifecycle';
import { sandboxControl } from './support/notifications';
import { createTestContext, type TestContext } from './support/test-app';
import { encrypt, msgSignature } from '../src/sandbox/push-crypto';

/**
 * Content security (issue 13.6): free text through msgSecCheck v2 before it is stored, photos
 * through mediaCheckAsync with the verdict pushed to /api/wechat/mini-program, against the sandbox.
 */

const RISKY = '内容含有违规信息，请修改后再提交';

let ctx: TestContext;
let staff: Awaited<ReturnType<typeof demoStaff>>;
let categoryId: number;

interface SandboxCall {
  api: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
  errcode: number | null;
}

beforeAll(async () => {
  ctx = await createTestContext({ env: { CONTENT_CHECK: 'on', CONTENT_RECHECK: 'off' } });
  staff = await demoStaff(ctx);
  const someone = await residentPerson(ctx);
  categoryId = (await seededCategory(ctx, someone, 'suggestion', '服务建议')).id;
});
afterAll(() => ctx.close());

afterEach(async () => {
  await sandboxControl(ctx, '/__sandbox/faults', {}, 'DELETE');
});

const calls = async (api: string) =>
  ((await (await fetch(`${ctx.sandbox.url}/__sandbox/calls`)).json()) as SandboxCall[]).filter(
    (call) => call.api === api,
  );

function expectRisky(res: Answer, field: string): void {
  expect({ status: res.status, code: res.body?.code, message: res.body?.message }).toEqual({
    status: 400,
    code: 'VALIDATION_FAILED',
    message: RISKY,
  });
  expect(res.body.details).toEqual([{ field, message: RISKY }]);
}

async function stateOf(table: 'request' | 'request_event', id: number): Promise<string | null> {
  const [row] = (await ctx.dataSource.query(`SELECT content_check AS state FROM \`${table}\` WHERE id = ?`, [id])) as {
    state: string | null;
  }[];
  return row.state;
}

/** The request as a row of the desk's list, found by its number. */
async function deskRow(request: Pick<RequestDetail, 'id' | 'number'>): Promise<RequestSummary | undefined> {
  const list = await get(ctx, staff.receptionist, `/api/requests?q=${request.number}`);
  expect(list.status).toBe(200);
  return (list.body.items as RequestSummary[]).find((item) => item.id === request.id);
}

describe('text (msgSecCheck v2)', () => {
  it('refuses risky text with the field named in Chinese and stores nothing', async () => {
    const resident = await residentPerson(ctx);
    const before = await requestCountOf(ctx, resident.userId);
    const res = await post(
      ctx,
      resident,
      '/api/requests',
      suggestionOf(resident, categoryId, { content: '小区里有人聚众赌博' }),
    );
    expectRisky(res, 'content');
    expect(await requestCountOf(ctx, resident.userId)).toBe(before);
    // Asked as WeChat's v2 wants it: version 2, a scene and the writer's openid.
    const asked = (await calls('msg_sec_check')).find((call) => call.body.content === '小区里有人聚众赌博');
    expect(asked?.body).toEqual({ content: '小区里有人聚众赌博', version: 2, scene: 3, openid: resident.openid });
  });

  it('a complaint’s demand is checked too, and a word marked risky through the sandbox is refused', async () => {
    await sandboxControl(ctx, '/__sandbox/content-rules', { word: '违禁测试词', suggest: 'risky', label: 20001 });
    const resident = await residentPerson(ctx);
    const complaintCategory = await seededCategory(ctx, resident, 'complaint', '房屋管理', '装修管理');
    const res = await post(
      ctx,
      resident,
      '/api/requests',
      complaintOf(resident, complaintCategory.id, { demand: '请处理违禁测试词' }),
    );
    expectRisky(res, 'demand');
    expect(await requestCountOf(ctx, resident.userId)).toBe(0);
  });

  it('checks what the desk registers for a caller (代客登记), with the receptionist’s openid', async () => {
    const projectId = await projectIdOf(ctx);
    const complaintCategory = await seededCategory(ctx, staff.receptionist, 'complaint', '房屋管理', '装修管理');
    const intake = (content: string) =>
      post(ctx, staff.receptionist, '/api/requests/intake', {
        kind: 'complaint',
        source: 'phone',
        projectId,
        categoryId: complaintCategory.id,
        content,
        contactName: '来电业主',
        contactPhone: '13700008888',
      });
    expectRisky(await intake('来电反映有人在车库聚众赌博'), 'content');
    const registered = await intake('来电反映楼道灯不亮');
    expect(registered.status).toBe(201);
    expect(await stateOf('request', registered.body.id as number)).toBe('pass');
    const asked = (await calls('msg_sec_check')).find((call) => call.body.content === '来电反映有人在车库聚众赌博');
    expect(asked?.body.openid).toBe(staff.receptionist.openid);
  });

  it('stores review text, flagged for the desk only', async () => {
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(
      ctx,
      resident,
      suggestionOf(resident, categoryId, { content: '有事请加微信联系我' }),
    );
    expect(await stateOf('request', filed.id)).toBe('review');
    expect(filed.contentFlagged).toBe(false);
    expect((await detailOf(ctx, resident, filed.id)).contentFlagged).toBe(false);
    const mine = await get(ctx, resident, '/api/requests/mine');
    expect((mine.body.items as RequestSummary[]).find((item) => item.id === filed.id)?.contentFlagged).toBe(false);

    expect((await detailOf(ctx, staff.receptionist, filed.id)).contentFlagged).toBe(true);
    expect((await deskRow(filed))?.contentFlagged).toBe(true);

    const plain = await fileRequest(ctx, resident, suggestionOf(resident, categoryId));
    expect(await stateOf('request', plain.id)).toBe('pass');
    expect((await deskRow(plain))?.contentFlagged).toBe(false);
  });

  it('checks the words of lifecycle steps: add-info and the staff’s notes the resident reads, not internal notes', async () => {
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, suggestionOf(resident, categoryId));

    expectRisky(await act(ctx, resident, filed.id, 'add_info', { note: '补充：楼下有人诈骗老人' }), 'note');
    expect((await detailOf(ctx, resident, filed.id)).events).toHaveLength(1);

    const added = await actOk(ctx, resident, filed.id, 'add_info', { note: '补充：傻瓜才这样停车' });
    expect(await stateOf('request_event', lastEvent(added).id)).toBe('review');
    const asDesk = await detailOf(ctx, staff.receptionist, filed.id);
    expect(lastEvent(asDesk).contentCheck).toBe('review');
    expect(asDesk.contentFlagged).toBe(true);
    expect(lastEvent(await detailOf(ctx, resident, filed.id))).not.toHaveProperty('contentCheck');

    // Staff's words that reach the resident are checked as well.
    expectRisky(await act(ctx, staff.receptionist, filed.id, 'accept', { note: '已受理，代开发票请联系' }), 'note');
    const accepted = await actOk(ctx, staff.receptionist, filed.id, 'accept', { note: '已受理，感谢建议' });
    expect(await stateOf('request_event', lastEvent(accepted).id)).toBe('pass');
    // Staff's internal notes never leave the staff: not sent to WeChat.
    const before = (await calls('msg_sec_check')).length;
    const noted = await actOk(ctx, staff.receptionist, filed.id, 'note', { note: '内部备注：跟进中' });
    expect(await stateOf('request_event', lastEvent(noted).id)).toBeNull();
    expect((await calls('msg_sec_check')).length).toBe(before);
  });

  it('checks rating comments: a risky comment is refused and the rating not recorded', async () => {
    const serviceCenter = await departmentByCode(ctx, 'service_center');
    const lead = await insertStaff(ctx, { role: 'supervisor', departmentId: serviceCenter.id, title: '客服主管' });
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, suggestionOf(resident, categoryId));
    await actOk(ctx, staff.receptionist, filed.id, 'accept');
    await actOk(ctx, staff.receptionist, filed.id, 'dispatch', { assigneeUserId: lead.userId });
    await actOk(ctx, lead, filed.id, 'take');
    await actOk(ctx, lead, filed.id, 'start');
    const detail = await actOk(ctx, lead, filed.id, 'complete', { note: '已采纳，下月实施' });
    expect(detail.status).toBe('resolved');
    const rating = { satisfaction: 'satisfied', speed: 5, quality: 5, attitude: 5 };
    expectRisky(await act(ctx, resident, filed.id, 'rate', { ...rating, comment: '色情网站' }), 'comment');
    expect((await detailOf(ctx, resident, filed.id)).ratings).toEqual([]);
    const rated = await actOk(ctx, resident, filed.id, 'rate', { ...rating, comment: '很好，谢谢' });
    expect(rated.ratings).toHaveLength(1);
    expect(await stateOf('request_event', lastEvent(rated).id)).toBe('pass');
  });

  it('files while WeChat is unreachable (pending), and the recheck job judges it later', async () => {
    await sandboxControl(ctx, '/__sandbox/faults', {
      api: 'msg_sec_check',
      outcome: { kind: 'http-status', status: 502 },
    });
    const resident = await residentPerson(ctx);
    const quiet = await fileRequest(ctx, resident, suggestionOf(resident, categoryId));
    const flagged = await fileRequest(ctx, resident, suggestionOf(resident, categoryId, { content: '兼职刷单请加我' }));
    // Even text WeChat would refuse is stored: filing never waits on WeChat's health.
    expect(await stateOf('request', quiet.id)).toBe('pending');
    expect(await stateOf('request', flagged.id)).toBe('pending');
    expect((await deskRow(flagged))?.contentFlagged).toBe(false);

    const job = ctx.app.get(ContentRecheckJob);
    // Still down: left pending.
    await job.run();
    expect(await stateOf('request', quiet.id)).toBe('pending');

    await sandboxControl(ctx, '/__sandbox/faults', {}, 'DELETE');
    const result = await job.run();
    expect(result.requests).toBeGreaterThanOrEqual(2);
    expect(await stateOf('request', quiet.id)).toBe('pass');
    expect(await stateOf('request', flagged.id)).toBe('review');
    expect((await deskRow(flagged))?.contentFlagged).toBe(true);
  });

  it('a step written while WeChat drops the connection is stored pending and rechecked', async () => {
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, suggestionOf(resident, categoryId));
    await sandboxControl(ctx, '/__sandbox/faults', { api: 'msg_sec_check', outcome: { kind: 'drop' } });
    const added = await actOk(ctx, resident, filed.id, 'add_info', { note: '补充一下：东门也需要' });
    const eventId = lastEvent(added).id;
    expect(await stateOf('request_event', eventId)).toBe('pending');
    expect(lastEvent(await detailOf(ctx, staff.receptionist, filed.id)).contentCheck).toBe('pending');
    await sandboxControl(ctx, '/__sandbox/faults', {}, 'DELETE');
    await ctx.app.get(ContentRecheckJob).run();
    expect(await stateOf('request_event', eventId)).toBe('pass');
  });

  it('a writer WeChat does not know is stored unchecked, not blocked', async () => {
    const resident = await residentPerson(ctx);
    await sandboxControl(ctx, '/__sandbox/faults', {
      api: 'msg_sec_check',
      outcome: { kind: 'wechat-error', error: { errcode: 40003 } },
    });
    const filed = await fileRequest(ctx, resident, suggestionOf(resident, categoryId));
    expect(await stateOf('request', filed.id)).toBe('unchecked');
  });
});

describe('photos (mediaCheckAsync and its push)', () => {
  let base: string;

  beforeAll(async () => {
    if (!ctx.app.getHttpServer().listening) await ctx.app.listen(0, '127.0.0.1');
    base = (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1');
    // Held: the test says when WeChat has looked.
    await sandboxControl(ctx, '/__sandbox/mini-program-callback', {
      url: `${base}/api/wechat/mini-program`,
      token: ctx.config.wechat.miniProgramPush.callbackToken,
      encodingAesKey: ctx.config.wechat.miniProgramPush.aesKey,
      delayMs: null,
    });
  });

  interface MediaCheck {
    trace_id: string;
    media_url: string;
    media_type: number;
    openid: string;
    scene: number;
    pushed: boolean;
  }

  const mediaChecks = async () =>
    (await (await fetch(`${ctx.sandbox.url}/__sandbox/media-checks`)).json()) as MediaCheck[];

  async function filedWithPhotos(resident: ResidentPerson): Promise<{ filed: RequestDetail; ids: number[] }> {
    const photos = await uploadPhotos(ctx, resident, 2);
    const filed = await fileRequest(
      ctx,
      resident,
      suggestionOf(resident, categoryId, { photoIds: photos.map((photo) => photo.id) }),
    );
    return { filed, ids: photos.map((photo) => photo.id) };
  }

  const photoIdsSeenBy = async (who: Person, id: number) =>
    (await detailOf(ctx, who, id)).events[0].photos.map((photo) => ({ id: photo.id, risky: photo.risky ?? false }));

  it('sends each upload to WeChat with a link it can fetch, and hides a risky photo from all but the desk', async () => {
    const resident = await residentPerson(ctx);
    const { filed, ids } = await filedWithPhotos(resident);
    const checks = (await mediaChecks()).filter((check) =>
      ids.some((id) => check.media_url.includes(`/api/photos/${id}/`)),
    );
    expect(checks).toHaveLength(2);
    for (const check of checks) {
      expect(check).toMatchObject({ media_type: 2, openid: resident.openid, scene: 3, pushed: false });
      expect(check.media_url.startsWith(`${ctx.config.contentCheck.publicBaseUrl}/api/photos/`)).toBe(true);
      // The link opens the stored photo, as WeChat will fetch it.
      const opened = await ctx.app.inject({
        method: 'GET',
        url: check.media_url.slice(ctx.config.contentCheck.publicBaseUrl.length),
      });
      expect(opened.statusCode).toBe(200);
    }
    // Until WeChat answers, the photos show as usual.
    expect(await photoIdsSeenBy(resident, filed.id)).toEqual(ids.map((id) => ({ id, risky: false })));

    await sandboxControl(ctx, '/__sandbox/media-rules', { match: `/api/photos/${ids[1]}/`, suggest: 'risky' });
    const pushes = (await sandboxControl(ctx, '/__sandbox/media-checks/deliver', {})) as {
      trace_id: string;
      delivered: boolean;
      body: string;
    }[];
    const ours = pushes.filter((push) => checks.some((check) => check.trace_id === push.trace_id));
    expect(ours.map((push) => ({ delivered: push.delivered, body: push.body }))).toEqual([
      { delivered: true, body: 'success' },
      { delivered: true, body: 'success' },
    ]);

    const [kept] = ids;
    expect(await photoIdsSeenBy(resident, filed.id)).toEqual([{ id: kept, risky: false }]);
    expect(await photoIdsSeenBy(staff.supervisor, filed.id)).toEqual([{ id: kept, risky: false }]);
    // The desk still sees it, marked, to judge it and tell the resident.
    expect(await photoIdsSeenBy(staff.receptionist, filed.id)).toEqual([
      { id: kept, risky: false },
      { id: ids[1], risky: true },
    ]);
    expect(await photoIdsSeenBy(staff.manager, filed.id)).toEqual([
      { id: kept, risky: false },
      { id: ids[1], risky: true },
    ]);
  });

  it('a photo uploaded while WeChat is unreachable is sent again by the recheck job', async () => {
    await sandboxControl(ctx, '/__sandbox/faults', { api: 'media_check_async', outcome: { kind: 'drop' } });
    const resident = await residentPerson(ctx);
    const [photo] = await uploadPhotos(ctx, resident, 1);
    const stateOfPhoto = async () =>
      (
        (await ctx.dataSource.query('SELECT media_check AS state FROM photo WHERE id = ?', [photo.id])) as {
          state: string;
        }[]
      )[0].state;
    expect(await stateOfPhoto()).toBe('unsent');
    await sandboxControl(ctx, '/__sandbox/faults', {}, 'DELETE');
    await ctx.app.get(ContentRecheckJob).run();
    expect(await stateOfPhoto()).toBe('pending');
    await sandboxControl(ctx, '/__sandbox/media-checks/deliver', {});
    expect(await stateOfPhoto()).toBe('pass');
  });

  it('by default the sandbox pushes the verdict by itself shortly after the call, as WeChat does', async () => {
    const callback = {
      url: `${base}/api/wechat/mini-program`,
      token: ctx.config.wechat.miniProgramPush.callbackToken,
      encodingAesKey: ctx.config.wechat.miniProgramPush.aesKey,
    };
    await sandboxControl(ctx, '/__sandbox/mini-program-callback', { ...callback, delayMs: 50 });
    try {
      const resident = await residentPerson(ctx);
      const [photo] = await uploadPhotos(ctx, resident, 1);
      let state = '';
      for (let attempt = 0; attempt < 100 && state !== 'pass'; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        [{ state }] = (await ctx.dataSource.query('SELECT media_check AS state FROM photo WHERE id = ?', [
          photo.id,
        ])) as { state: string }[];
      }
      expect(state).toBe('pass');
    } finally {
      await sandboxControl(ctx, '/__sandbox/mini-program-callback', { ...callback, delayMs: null });
    }
  });

  describe('the push endpoint', () => {
    const xmlFor = (traceId: string, suggest: string) =>
      `<xml><ToUserName><![CDATA[gh_linli_mp_demo]]></ToUserName><FromUserName><![CDATA[o-x]]></FromUserName><CreateTime>${Math.floor(ctx.clock.now().getTime() / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[wxa_media_check]]></Event><appid><![CDATA[${ctx.config.wechat.appid}]]></appid><trace_id><![CDATA[${traceId}]]></trace_id><version>2</version><detail><strategy><![CDATA[content_model]]></strategy><errcode>0</errcode><suggest><![CDATA[pass]]></suggest><label>100</label></detail><errcode>0</errcode><errmsg><![CDATA[ok]]></errmsg><result><suggest><![CDATA[${suggest}]]></suggest><label>20002</label></result></xml>`;

    function signed(xml: string, appid = ctx.config.wechat.appid) {
      const push = ctx.config.wechat.miniProgramPush;
      const timestamp = String(Math.floor(ctx.clock.now().getTime() / 1000));
      const nonce = String(randomInt(100_000_000, 2_147_483_647));
      const ciphertext = encrypt({ token: push.callbackToken, encodingAesKey: push.aesKey!, appid }, xml);
      const query = new URLSearchParams({
        signature: createHash('sha1').update([push.callbackToken, timestamp, nonce].sort().join('')).digest('hex'),
        timestamp,
        nonce,
        encrypt_type: 'aes',
        msg_signature: msgSignature(push.callbackToken, timestamp, nonce, ciphertext),
      });
      return {
        url: `/api/wechat/mini-program?${query.toString()}`,
        payload: `<xml><ToUserName><![CDATA[gh_linli_mp_demo]]></ToUserName><Encrypt><![CDATA[${ciphertext}]]></Encrypt></xml>`,
      };
    }

    const send = (push: { url: string; payload: string }) =>
      ctx.app.inject({ method: 'POST', url: push.url, headers: { 'content-type': 'text/xml' }, payload: push.payload });

    it('takes a verdict only when signed and encrypted for this mini-program, and only once', async () => {
      const resident = await residentPerson(ctx);
      const [photo] = await uploadPhotos(ctx, resident, 1);
      const [row] = (await ctx.dataSource.query('SELECT media_trace_id AS traceId FROM photo WHERE id = ?', [
        photo.id,
      ])) as { traceId: string }[];
      const genuine = signed(xmlFor(row.traceId, 'risky'));

      const forged = { ...genuine, url: genuine.url.replace(/msg_signature=[^&]+/, 'msg_signature=0000') };
      expect((await send(forged)).statusCode).toBe(403);
      expect((await send(signed(xmlFor(row.traceId, 'risky'), 'wx-another-app'))).statusCode).toBe(403);
      const [still] = (await ctx.dataSource.query('SELECT media_check AS state FROM photo WHERE id = ?', [
        photo.id,
      ])) as {
        state: string;
      }[];
      expect(still.state).toBe('pending');

      const taken = await send(genuine);
      expect({ status: taken.statusCode, body: taken.body }).toEqual({ status: 200, body: 'success' });
      const [marked] = (await ctx.dataSource.query('SELECT media_check AS state FROM photo WHERE id = ?', [
        photo.id,
      ])) as { state: string }[];
      expect(marked.state).toBe('risky');
      // Replayed: refused.
      expect((await send(genuine)).statusCode).toBe(403);
    });

    it('asks WeChat to push again when the trace id is not stored (yet), and answers the URL check', async () => {
      const unknown = await send(signed(xmlFor('trace-nobody-knows', 'pass')));
      expect({ status: unknown.statusCode, code: JSON.parse(unknown.body).code }).toEqual({
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
      });
      const incomplete = await send(signed(xmlFor('trace-x', 'maybe')));
      expect(incomplete.statusCode).toBe(400);

      const push = ctx.config.wechat.miniProgramPush;
      const timestamp = String(Math.floor(ctx.clock.now().getTime() / 1000));
      const nonce = String(randomInt(100_000_000, 2_147_483_647));
      const signature = createHash('sha1').update([push.callbackToken, timestamp, nonce].sort().join('')).digest('hex');
      const echo = await ctx.app.inject({
        method: 'GET',
        url: `/api/wechat/mini-program?${new URLSearchParams({ signature, timestamp, nonce, echostr: 'mp-echo-1' }).toString()}`,
      });
      expect({ status: echo.statusCode, body: echo.body }).toEqual({ status: 200, body: 'mp-echo-1' });
    });
  });
});

describe('the sandbox’s media_check_async', () => {
  async function wechat(path: string, body: object): Promise<Record<string, unknown>> {
    const tokenAnswer = (await (
      await fetch(`${ctx.sandbox.url}/cgi-bin/stable_token`, {
        method: 'POST',
        body: JSON.stringify({
          grant_type: 'client_credential',
          appid: ctx.config.wechat.appid,
          secret: ctx.config.wechat.secret,
        }),
      })
    ).json()) as { access_token: string };
    const answer = await fetch(`${ctx.sandbox.url}${path}?access_token=${tokenAnswer.access_token}`, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    return (await answer.json()) as Record<string, unknown>;
  }

  it('answers like WeChat: a trace id, or 47001 / 40129 / 40003 / 44002', async () => {
    const resident = await residentPerson(ctx);
    const good = {
      media_url: 'https://example.com/a.jpg',
      media_type: 2,
      version: 2,
      scene: 1,
      openid: resident.openid,
    };
    expect(await wechat('/wxa/media_check_async', good)).toMatchObject({
      errcode: 0,
      errmsg: 'ok',
      trace_id: expect.any(String),
    });
    expect((await wechat('/wxa/media_check_async', { ...good, version: 1 })).errcode).toBe(47001);
    expect((await wechat('/wxa/media_check_async', { ...good, media_url: 'ftp://x/y' })).errcode).toBe(47001);
    expect((await wechat('/wxa/media_check_async', { ...good, media_type: 3 })).errcode).toBe(47001);
    expect((await wechat('/wxa/media_check_async', { ...good, scene: 9 })).errcode).toBe(40129);
    expect((await wechat('/wxa/media_check_async', { ...good, openid: 'nobody' })).errcode).toBe(40003);
    expect((await wechat('/wxa/media_check_async', { ...good, media_url: '' })).errcode).toBe(44002);
  });

  it('refuses bad marks with 400', async () => {
    const bad = async (path: string, body: object) =>
      (
        await fetch(`${ctx.sandbox.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).status;
    expect(await bad('/__sandbox/content-rules', { word: '', suggest: 'risky' })).toBe(400);
    expect(await bad('/__sandbox/content-rules', { word: 'x', suggest: 'maybe' })).toBe(400);
    expect(await bad('/__sandbox/media-rules', { suggest: 'risky' })).toBe(400);
    expect(await bad('/__sandbox/mini-program-callback', { url: 'http://x', token: 'ok123', delayMs: -1 })).toBe(400);
  });
});
