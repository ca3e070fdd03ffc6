import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  aesKeyOf,
  decryptMessage,
  encryptedReply,
  msgSignature as serverMsgSignature,
  type PushKeys,
} from '../src/modules/wechat/push-crypto';
import {
  faults,
  SANDBOX_DEFAULTS,
  startSandbox,
  wechatSignature,
  type FaultHook,
  type FaultOutcome,
  type RunningSandbox,
  type SandboxCall,
  type StartSandboxOptions,
} from '../src/sandbox';

/**
 * WeChat sandbox over real HTTP: injected faults (as a hook and through /__sandbox/faults),
 * user/info, and the official account's pushes to a developer server.
 */

const MP = { appid: 'wx-test-mp', secret: 'mp-secret', templates: ['tmpl-done'] };
const OA = { appid: 'wx-test-oa', secret: 'oa-secret', templates: [{ id: 'oa-assigned', title: '新工单提醒' }] };
const START = Date.UTC(2026, 10, 22, 7, 0, 0);
const RID = /, rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/;
const CALLBACK_TOKEN = 'linli2026';

let clock: number;
let sandbox: RunningSandbox;

async function start(extra: Partial<StartSandboxOptions> = {}): Promise<void> {
  sandbox = await startSandbox({
    miniProgram: MP,
    officialAccount: OA,
    users: [{ openid: 'resident-1' }],
    followers: [
      { openid: 'oa-staff', unionid: 'union-staff' },
      { openid: 'oa-other' },
      { openid: 'oa-gone', following: false },
    ],
    now: () => clock,
    ...extra,
  });
}

/** A sandbox with other options in place of the running one. */
async function restart(extra: Partial<StartSandboxOptions>): Promise<void> {
  await sandbox.close();
  await start(extra);
}

beforeEach(async () => {
  clock = START;
  await start();
});

afterEach(() => sandbox.close());

interface Answer {
  status: number;
  contentType: string;
  text: string;
  json: Record<string, unknown>;
}

async function request(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Answer> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    signal,
    ...(body === undefined
      ? {}
      : {
          body: typeof body === 'string' ? body : JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        }),
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // HTML: gateway errors and the page
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, json };
}

const get = (path: string) => request('GET', path);
const post = (path: string, body?: unknown) => request('POST', path, body);
const del = (path: string) => request('DELETE', path);

async function token(app: 'mp' | 'oa' = 'oa'): Promise<string> {
  const { appid, secret } = app === 'mp' ? MP : OA;
  const answer = await get(`/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`);
  expect(answer.json.access_token).toEqual(expect.any(String));
  return answer.json.access_token as string;
}

function templateSend(accessToken: string, touser = 'oa-staff', signal?: AbortSignal): Promise<Answer> {
  const body = { touser, template_id: 'oa-assigned', data: { thing1: { value: '3栋电梯故障' } } };
  return request('POST', `/cgi-bin/message/template/send?access_token=${accessToken}`, body, signal);
}

function userInfo(accessToken: string, openid?: string): Promise<Answer> {
  return get(`/cgi-bin/user/info?access_token=${accessToken}${openid ? `&openid=${openid}` : ''}&lang=zh_CN`);
}

async function addFault(rule: Record<string, unknown>): Promise<Record<string, unknown>> {
  const answer = await post('/__sandbox/faults', rule);
  expect(answer.status).toBe(200);
  return answer.json;
}

async function messages(): Promise<Array<{ touser: string }>> {
  return (await get('/__sandbox/messages')).json as unknown as Array<{ touser: string }>;
}

async function calls(): Promise<SandboxCall[]> {
  return (await get('/__sandbox/calls')).json as unknown as SandboxCall[];
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('fault constructors', () => {
  it('build WeChat errors with WeChat’s texts, without a rid (each answer gets its own)', () => {
    expect(faults.busy()).toEqual({ kind: 'wechat-error', error: { errcode: -1, errmsg: 'system error' } });
    expect(faults.tokenExpired()).toEqual({
      kind: 'wechat-error',
      error: { errcode: 42001, errmsg: 'access_token expired' },
    });
    const errcodes = [faults.invalidCredential(), faults.userRefused(), faults.notFollowing(), faults.quotaReached()]
      .map((outcome) => (outcome.kind === 'wechat-error' ? outcome.error.errcode : undefined))
      .filter(Boolean);
    expect(errcodes).toEqual([40001, 43101, 43004, 45009]);
    expect(faults.userRefused()).toMatchObject({ error: { errmsg: 'user refuse to accept the msg' } });
    expect(faults.wechatError(45011, 'api minute-quota reach limit')).toEqual({
      kind: 'wechat-error',
      error: { errcode: 45011, errmsg: 'api minute-quota reach limit' },
    });
  });

  it('build HTTP failures, delays and drops', () => {
    expect(faults.httpStatus(503)).toEqual({ kind: 'http-status', status: 503 });
    expect(faults.httpStatus(502, 'down')).toEqual({ kind: 'http-status', status: 502, body: 'down' });
    expect(faults.slow(100)).toEqual({ kind: 'delay', ms: 100 });
    expect(faults.slow(100, faults.drop())).toEqual({ kind: 'delay', ms: 100, then: { kind: 'drop' } });
    expect(faults.drop()).toEqual({ kind: 'drop' });
  });
});

describe('http-status faults', () => {
  it('answer a gateway error page, not JSON, and log it without an errcode', async () => {
    await addFault({ api: 'token', outcome: faults.httpStatus(503), times: 1 });
    const answer = await get(`/cgi-bin/token?grant_type=client_credential&appid=${OA.appid}&secret=${OA.secret}`);
    expect(answer.status).toBe(503);
    expect(answer.contentType).toContain('text/html');
    expect(answer.text).toContain('<title>503 Service Unavailable</title>');
    expect(answer.text).toContain('nginx');
    expect(() => JSON.parse(answer.text) as unknown).toThrow();
    expect(await token()).toBeTruthy();
    const [failed, succeeded] = await calls();
    expect(failed).toMatchObject({ api: 'token', errcode: null, status: 503, fault: 'http 503' });
    expect(succeeded).toMatchObject({ api: 'token', errcode: 0, status: 200 });
    expect(succeeded.fault).toBeUndefined();
  });

  it('answer the given body, from a hook too', async () => {
    const hook: FaultHook = ({ api }) =>
      api === 'template_send' ? faults.httpStatus(502, 'upstream gone') : undefined;
    await restart({ faults: hook });
    const answer = await templateSend(await token());
    expect(answer).toMatchObject({ status: 502, text: 'upstream gone' });
    expect(await messages()).toEqual([]);
  });
});

describe('delay faults', () => {
  it('answer late, then carry the call out normally', async () => {
    const accessToken = await token();
    await addFault({ api: 'template_send', outcome: faults.slow(300) });
    const started = Date.now();
    const answer = await templateSend(accessToken);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(answer.json.errcode).toBe(0);
    expect(answer.text).toMatch(/"msgid":\d{17,}}$/);
    expect(await messages()).toEqual([expect.objectContaining({ touser: 'oa-staff' })]);
    expect((await calls()).at(-1)).toMatchObject({ api: 'template_send', errcode: 0, fault: 'delay 300 ms' });
  });

  it('deliver the message even when the client gave up waiting, as WeChat does', async () => {
    const accessToken = await token();
    await addFault({ api: 'template_send', outcome: faults.slow(400), times: 1 });
    await expect(templateSend(accessToken, 'oa-staff', AbortSignal.timeout(100))).rejects.toThrow();
    expect(await messages()).toEqual([]);
    await eventually(async () => (await messages()).length === 1);
    // The client's retry arrives as a second message: the duplicate WECHAT.md §8 warns about.
    expect((await templateSend(accessToken)).json.errcode).toBe(0);
    expect((await messages()).length).toBe(2);
  });

  it('answer with `then` after the wait, without carrying the call out', async () => {
    const accessToken = await token();
    await addFault({ api: 'template_send', outcome: faults.slow(150, faults.busy()) });
    const started = Date.now();
    const answer = await templateSend(accessToken);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(answer.json.errcode).toBe(-1);
    expect(answer.json.errmsg).toMatch(/^system error, rid: /);
    await addFault({ api: 'token', outcome: faults.slow(50, faults.httpStatus(504)), times: 1 });
    expect((await get(`/cgi-bin/token?appid=${OA.appid}`)).status).toBe(504);
    expect(await messages()).toEqual([]);
    expect((await calls()).map((call) => call.fault)).toEqual([
      undefined,
      'delay 150 ms → errcode -1',
      'delay 50 ms → http 504',
    ]);
  });

  it('do not keep a closing sandbox waiting', async () => {
    const accessToken = await token();
    await addFault({ api: 'template_send', outcome: faults.slow(60_000) });
    const pending = templateSend(accessToken);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await sandbox.close();
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(pending).rejects.toThrow();
    await start();
  });
});

describe('drop faults', () => {
  it('close the connection without an answer; nothing is delivered and no credit spent', async () => {
    const mp = await token('mp');
    await post('/__sandbox/subscriptions', { openid: 'resident-1', templateIds: ['tmpl-done'] });
    await addFault({ api: 'subscribe_send', outcome: faults.drop(), times: 1 });
    const body = { touser: 'resident-1', template_id: 'tmpl-done', data: { thing1: { value: '已完成' } } };
    await expect(post(`/cgi-bin/message/subscribe/send?access_token=${mp}`, body)).rejects.toThrow('fetch failed');
    expect(await messages()).toEqual([]);
    expect((await get('/__sandbox/subscriptions?openid=resident-1')).json.credits).toEqual({ 'tmpl-done': 1 });
    expect((await calls()).at(-1)).toMatchObject({ api: 'subscribe_send', errcode: null, status: null, fault: 'drop' });
    expect((await post(`/cgi-bin/message/subscribe/send?access_token=${mp}`, body)).json.errcode).toBe(0);
  });
});

describe('subscribe credits', () => {
  const credits = async () => (await get('/__sandbox/subscriptions?openid=resident-1')).json.credits;
  const send = (accessToken: string, overrides: Record<string, unknown> = {}, signal?: AbortSignal) =>
    request(
      'POST',
      `/cgi-bin/message/subscribe/send?access_token=${accessToken}`,
      { touser: 'resident-1', template_id: 'tmpl-done', data: { thing1: { value: '已完成' } }, ...overrides },
      signal,
    );

  it('a tap earns one send per 允许 and none for the other answers', async () => {
    const tapped = await post('/__sandbox/subscriptions', {
      openid: 'resident-1',
      answers: { 'tmpl-done': 'reject' },
    });
    expect(tapped.json).toEqual({ openid: 'resident-1', result: { 'tmpl-done': 'reject' }, credits: {} });
    await post('/__sandbox/subscriptions', { openid: 'resident-1', answers: { 'tmpl-done': 'accept' } });
    expect(await credits()).toEqual({ 'tmpl-done': 1 });
    for (const body of [
      { openid: 'resident-1', answers: { 'tmpl-done': 'maybe' } },
      { openid: 'resident-1', answers: {} },
      { openid: 'resident-1', answers: { 'tmpl-other': 'accept' } },
      { openid: 'resident-1', answers: { 'tmpl-done': 'accept' }, templateIds: ['tmpl-done'] },
    ]) {
      expect((await post('/__sandbox/subscriptions', body)).status).toBe(400);
    }
    expect(await credits()).toEqual({ 'tmpl-done': 1 });
  });

  it('only a delivered message spends one: refusals and faults before the send leave it', async () => {
    const mp = await token('mp');
    await post('/__sandbox/subscriptions', { openid: 'resident-1', templateIds: ['tmpl-done'] });
    expect((await send(mp, { touser: 'resident-unknown' })).json.errcode).toBe(40003);
    expect((await send(mp, { template_id: 'tmpl-unknown' })).json.errcode).toBe(40037);
    expect((await send(mp, { data: { thing1: { value: '超'.repeat(21) } } })).json.errcode).toBe(47003);
    expect((await send('not-a-token')).json.errcode).toBe(40001);
    await addFault({ api: 'subscribe_send', outcome: faults.busy(), times: 1 });
    expect((await send(mp)).json.errcode).toBe(-1);
    await addFault({ api: 'subscribe_send', outcome: faults.httpStatus(503), times: 1 });
    expect((await send(mp)).status).toBe(503);
    await addFault({ api: 'subscribe_send', outcome: faults.slow(50, faults.httpStatus(502)), times: 1 });
    expect((await send(mp)).status).toBe(502);
    expect(await messages()).toEqual([]);
    expect(await credits()).toEqual({ 'tmpl-done': 1 });

    // Slower than the client waits: still delivered, so spent; the client's retry finds none.
    await addFault({ api: 'subscribe_send', outcome: faults.slow(300), times: 1 });
    await expect(send(mp, {}, AbortSignal.timeout(50))).rejects.toThrow();
    await eventually(async () => (await messages()).length === 1);
    expect(await credits()).toEqual({});
    expect((await send(mp)).json.errcode).toBe(43101);
  });

  it('an injected 43101 leaves no credit behind, as WeChat answers from what it holds', async () => {
    const mp = await token('mp');
    await post('/__sandbox/subscriptions', { openid: 'resident-1', templateIds: ['tmpl-done', 'tmpl-done'] });
    await addFault({ api: 'subscribe_send', outcome: faults.userRefused(), times: 1 });
    expect((await send(mp)).json.errcode).toBe(43101);
    expect(await credits()).toEqual({});
    expect((await send(mp)).json.errcode).toBe(43101);
  });
});

describe('fault rules over HTTP', () => {
  it('count down `times` and disappear when used up, with a fresh rid on every answer', async () => {
    const accessToken = await token();
    const rule = await addFault({ api: 'template_send', outcome: faults.busy(), times: 2 });
    expect(rule).toEqual({ id: 1, api: 'template_send', outcome: faults.busy(), times: 2, remaining: 2 });
    const first = await templateSend(accessToken);
    expect(first.json).toMatchObject({ errcode: -1 });
    expect(first.json.errmsg).toMatch(RID);
    expect((await get('/__sandbox/faults')).json).toEqual([{ ...rule, remaining: 1 }]);
    const second = await templateSend(accessToken);
    expect(second.json.errcode).toBe(-1);
    expect(second.json.errmsg).not.toBe(first.json.errmsg);
    expect((await get('/__sandbox/faults')).json).toEqual([]);
    expect((await templateSend(accessToken)).json.errcode).toBe(0);
    expect(await messages()).toHaveLength(1);
  });

  it('answer each WeChat error the constructors build', async () => {
    const accessToken = await token();
    for (const outcome of [faults.tokenExpired(), faults.invalidCredential(), faults.userRefused()]) {
      await addFault({ api: 'template_send', outcome, times: 1 });
      const answer = await templateSend(accessToken);
      expect(outcome.kind === 'wechat-error' && answer.json.errcode === outcome.error.errcode).toBe(true);
      expect(answer.json.errmsg).toMatch(RID);
    }
    await addFault({ outcome: { kind: 'wechat-error', error: { errcode: 43004 } }, times: 1 });
    expect((await templateSend(accessToken)).json).toMatchObject({ errcode: 43004 });
    expect((await templateSend(accessToken)).json.errcode).toBe(0);
  });

  it('match the recipient only when touser is given', async () => {
    const accessToken = await token();
    await addFault({ touser: 'oa-staff', outcome: faults.notFollowing() });
    expect((await templateSend(accessToken, 'oa-staff')).json.errcode).toBe(43004);
    expect((await templateSend(accessToken, 'oa-other')).json.errcode).toBe(0);
    // user/info names its user in the query.
    expect((await userInfo(accessToken, 'oa-staff')).json.errcode).toBe(43004);
    expect((await userInfo(accessToken, 'oa-other')).json.subscribe).toBe(1);
    expect((await get('/__sandbox/faults')).json).toEqual([expect.objectContaining({ remaining: null })]);
  });

  it('apply to every API when api is left out', async () => {
    await addFault({ outcome: faults.busy(), times: 2 });
    expect((await get(`/cgi-bin/token?appid=${OA.appid}`)).json.errcode).toBe(-1);
    expect((await post('/cgi-bin/stable_token', {})).json.errcode).toBe(-1);
    expect(await token()).toBeTruthy();
  });

  it('are consulted in order, before the hook', async () => {
    await restart({ faults: ({ api }) => (api === 'token' ? faults.httpStatus(502) : undefined) });
    await addFault({ api: 'token', outcome: faults.tokenExpired(), times: 1 });
    await addFault({ api: 'token', outcome: faults.busy() });
    const tokenCall = () => get(`/cgi-bin/token?grant_type=client_credential&appid=${OA.appid}&secret=${OA.secret}`);
    expect((await tokenCall()).json.errcode).toBe(42001);
    expect((await tokenCall()).json.errcode).toBe(-1);
    expect((await tokenCall()).json.errcode).toBe(-1);
    expect(await del('/__sandbox/faults')).toMatchObject({ status: 200, json: { ok: true } });
    expect((await get('/__sandbox/faults')).json).toEqual([]);
    expect((await tokenCall()).status).toBe(502);
  });

  it('are cleared by reset, and numbered on', async () => {
    await addFault({ api: 'token', outcome: faults.busy() });
    await post('/__sandbox/reset');
    expect((await get('/__sandbox/faults')).json).toEqual([]);
    expect(await token()).toBeTruthy();
    expect((await addFault({ outcome: faults.drop() })).id).toBe(2);
  });

  it('reject malformed rules with HTTP 400', async () => {
    const rejected: Array<[unknown, string | RegExp]> = [
      ['nonsense', 'body must be a JSON object'],
      [{}, 'outcome must be an object'],
      [{ outcome: { kind: 'explode' } }, 'outcome.kind must be wechat-error, http-status, delay or drop'],
      [{ api: 'event_push', outcome: faults.busy() }, /^api must be one of jscode2session, /],
      [{ api: 'nope', outcome: faults.busy() }, /^api must be one of/],
      [{ touser: '', outcome: faults.busy() }, 'touser must be a non-empty string'],
      [{ times: 0, outcome: faults.busy() }, 'times must be a positive integer'],
      [{ times: 1.5, outcome: faults.busy() }, 'times must be a positive integer'],
      [{ outcome: { kind: 'wechat-error' } }, 'outcome.error.errcode must be an integer'],
      [{ outcome: { kind: 'wechat-error', error: { errcode: '-1' } } }, 'outcome.error.errcode must be an integer'],
      [{ outcome: { kind: 'wechat-error', error: { errcode: 12345 } } }, /errmsg is required for errcode 12345/],
      [
        { outcome: { kind: 'wechat-error', error: { errcode: -1, errmsg: 1 } } },
        'outcome.error.errmsg must be a string',
      ],
      [{ outcome: { kind: 'http-status', status: 100 } }, /^outcome\.status must be an HTTP status/],
      [{ outcome: { kind: 'http-status', status: 503, body: {} } }, 'outcome.body must be a string'],
      [{ outcome: { kind: 'delay', ms: -1 } }, /^outcome\.ms must be an integer from 0/],
      [{ outcome: { kind: 'delay', ms: 10_000_000 } }, /^outcome\.ms must be an integer/],
      [{ outcome: { kind: 'delay', ms: 10, then: { kind: 'nope' } } }, /^outcome\.then\.kind must be/],
    ];
    for (const [body, error] of rejected) {
      const answer = await post('/__sandbox/faults', body);
      expect({ body, status: answer.status }).toEqual({ body, status: 400 });
      expect(answer.json.error).toEqual(typeof error === 'string' ? error : expect.stringMatching(error));
    }
    expect((await get('/__sandbox/faults')).json).toEqual([]);
  });

  it('accept a rule naming an unknown errcode with its errmsg', async () => {
    const outcome: FaultOutcome = { kind: 'wechat-error', error: { errcode: 40226, errmsg: 'high risk user' } };
    expect((await addFault({ api: 'jscode2session', outcome })).outcome).toEqual(outcome);
    const answer = await get(`/sns/jscode2session?appid=${MP.appid}`);
    expect(answer.json.errcode).toBe(40226);
    expect(answer.json.errmsg).toMatch(/^high risk user, rid: /);
  });
});

describe('user/info', () => {
  it('describes a follower as WeChat does since 2021-12', async () => {
    const answer = await userInfo(await token(), 'oa-staff');
    expect(answer.json).toEqual({
      subscribe: 1,
      openid: 'oa-staff',
      unionid: 'union-staff',
      language: 'zh_CN',
      subscribe_time: START / 1000,
      remark: '',
      groupid: 0,
      tagid_list: [],
      subscribe_scene: 'ADD_SCENE_QR_CODE',
      qr_scene: 0,
      qr_scene_str: '',
    });
    expect((await userInfo(await token(), 'oa-other')).json).not.toHaveProperty('unionid');
  });

  it('says only subscribe 0 about someone who unfollowed, and the new time after following again', async () => {
    const accessToken = await token();
    expect((await userInfo(accessToken, 'oa-gone')).json).toEqual({ subscribe: 0, openid: 'oa-gone' });
    await post('/__sandbox/followers', { openid: 'oa-staff', following: false });
    expect((await userInfo(accessToken, 'oa-staff')).json).toEqual({ subscribe: 0, openid: 'oa-staff' });
    clock += 3_600_000;
    await post('/__sandbox/followers', { openid: 'oa-staff' });
    expect((await userInfo(accessToken, 'oa-staff')).json).toMatchObject({
      subscribe: 1,
      unionid: 'union-staff',
      subscribe_time: START / 1000 + 3600,
    });
    // Following again while following does not move the time.
    clock += 60_000;
    await post('/__sandbox/followers', { openid: 'oa-staff', following: true });
    expect((await userInfo(accessToken, 'oa-staff')).json.subscribe_time).toBe(START / 1000 + 3600);
  });

  it('answers 40003 for openids the account does not know, 48001 to a mini-program token', async () => {
    const accessToken = await token();
    for (const openid of ['nobody', 'resident-1', undefined]) {
      const answer = await userInfo(accessToken, openid);
      expect(answer.json.errcode).toBe(40003);
      expect(answer.json.errmsg).toMatch(/^invalid openid, rid: /);
    }
    expect((await userInfo(await token('mp'), 'oa-staff')).json.errcode).toBe(48001);
    expect((await get('/cgi-bin/user/info?openid=oa-staff')).json.errcode).toBe(41001);
    expect((await userInfo('not-a-token', 'oa-staff')).json.errcode).toBe(40001);
    expect((await calls()).filter((call) => call.api === 'user_info')).toHaveLength(6);
  });
});

interface Pushed {
  url: URL;
  contentType: string | undefined;
  body: string;
}

/** Stands for Linli's server at the official account's callback URL. */
class DeveloperServer {
  readonly pushes: Pushed[] = [];
  /** null: never answer. */
  answer: { status: number; body: string } | null = { status: 200, body: 'success' };
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      void readBody(request).then((body) => {
        this.pushes.push({
          url: new URL(request.url ?? '/', 'http://developer'),
          contentType: request.headers['content-type'],
          body,
        });
        if (this.answer) response.writeHead(this.answer.status, { 'content-type': 'text/plain' }).end(this.answer.body);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/wechat/official-account`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** The developer's side of WeChat's check, written out independently of the sandbox's code. */
function validSignature(push: Pushed, token = CALLBACK_TOKEN): boolean {
  const params = push.url.searchParams;
  const joined = [token, params.get('timestamp') ?? '', params.get('nonce') ?? ''].sort().join('');
  return createHash('sha1').update(joined).digest('hex') === params.get('signature');
}

/** The developer server's keys for the sandbox's default EncodingAESKey. */
function serverKeys(appid: string): PushKeys {
  return { token: CALLBACK_TOKEN, aesKey: aesKeyOf(SANDBOX_DEFAULTS.officialAccount.encodingAesKey), appid };
}

/** The text of one element, CDATA or not. */
function field(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${name}>`).exec(xml);
  return match ? (match[1] ?? match[2]) : undefined;
}

describe('official-account pushes', () => {
  let developer: DeveloperServer;

  beforeEach(async () => {
    developer = new DeveloperServer();
    await developer.start();
  });

  afterEach(() => developer.close());

  /** Plaintext mode (明文模式) unless asked: these tests read the pushed XML as it is. */
  async function configure(mode: 'plaintext' | 'safe' = 'plaintext'): Promise<void> {
    const answer = await post('/__sandbox/callback', { url: developer.url, token: CALLBACK_TOKEN, mode });
    expect(answer.json).toEqual({
      url: developer.url,
      token: CALLBACK_TOKEN,
      encodingAesKey: SANDBOX_DEFAULTS.officialAccount.encodingAesKey,
      mode,
      originalId: 'gh_linli_demo',
    });
  }

  it('signs as WeChat does', () => {
    expect(wechatSignature('linli2026', '1763794800', '1234567890')).toBe('72773048f3427f3057891d658d570c57f5ff2ed5');
  });

  it('pushes a signed subscribe event when someone follows', async () => {
    await configure();
    const answer = await post('/__sandbox/followers', { openid: 'oa-new', unionid: 'union-new' });
    expect(answer.json).toEqual({
      openid: 'oa-new',
      unionid: 'union-new',
      following: true,
      push: { delivered: true, status: 200, body: 'success' },
    });
    expect(developer.pushes).toHaveLength(1);
    const [push] = developer.pushes;
    expect(push.url.pathname).toBe('/api/wechat/official-account');
    expect(push.contentType).toBe('text/xml');
    expect(push.url.searchParams.get('timestamp')).toBe(String(START / 1000));
    expect(push.url.searchParams.get('nonce')).toMatch(/^\d+$/);
    expect(push.url.searchParams.get('openid')).toBe('oa-new');
    expect(validSignature(push)).toBe(true);
    expect(validSignature(push, 'other-token')).toBe(false);
    expect(push.body).toBe(
      '<xml><ToUserName><![CDATA[gh_linli_demo]]></ToUserName><FromUserName><![CDATA[oa-new]]></FromUserName>' +
        `<CreateTime>${START / 1000}</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
        '<Event><![CDATA[subscribe]]></Event></xml>',
    );
  });

  it('pushes unsubscribe on unfollowing and nothing when the status does not change', async () => {
    await configure();
    expect((await post('/__sandbox/followers', { openid: 'oa-staff', following: true })).json.push).toBeUndefined();
    expect((await post('/__sandbox/followers', { openid: 'oa-stranger', following: false })).json.push).toBeUndefined();
    expect(developer.pushes).toHaveLength(0);
    const answer = await post('/__sandbox/followers', { openid: 'oa-staff', following: false });
    expect(answer.json.push).toEqual({ delivered: true, status: 200, body: 'success' });
    await post('/__sandbox/followers', { openid: 'oa-gone' });
    expect(developer.pushes.map((push) => [field(push.body, 'FromUserName'), field(push.body, 'Event')])).toEqual([
      ['oa-staff', 'unsubscribe'],
      ['oa-gone', 'subscribe'],
    ]);
    expect(developer.pushes.every((push) => validSignature(push))).toBe(true);
  });

  it('pushes a text message and returns the developer server’s passive reply', async () => {
    await restart({
      officialAccount: {
        ...OA,
        originalId: 'gh_0123456789ab',
        callback: { url: developer.url, token: 'tok123', mode: 'plaintext' },
      },
    });
    const reply =
      '<xml><ToUserName><![CDATA[oa-staff]]></ToUserName><FromUserName><![CDATA[gh_0123456789ab]]></FromUserName>' +
      '<CreateTime>1763794800</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[已收到]]></Content></xml>';
    developer.answer = { status: 200, body: reply };
    const content = '3栋的工单 <b>&</b> ]]> 处理好了';
    const answer = await post('/__sandbox/oa-text', { openid: 'oa-staff', content });
    expect(answer.json).toEqual({
      delivered: true,
      status: 200,
      body: reply,
      msgid: expect.stringMatching(/^\d{17,}$/),
    });
    expect(BigInt(answer.json.msgid as string)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    const [push] = developer.pushes;
    expect(validSignature(push, 'tok123')).toBe(true);
    expect(field(push.body, 'ToUserName')).toBe('gh_0123456789ab');
    expect(field(push.body, 'FromUserName')).toBe('oa-staff');
    expect(field(push.body, 'CreateTime')).toBe(String(START / 1000));
    expect(field(push.body, 'MsgType')).toBe('text');
    expect(field(push.body, 'MsgId')).toBe(answer.json.msgid);
    expect(push.body).toContain('<Content><![CDATA[3栋的工单 <b>&</b> ]]]]><![CDATA[> 处理好了]]></Content>');
    expect(push.body.replace(/]]><!\[CDATA\[/g, '')).toContain(content);
  });

  it('refuses texts from users who do not follow, and without a callback', async () => {
    await configure();
    for (const openid of ['oa-gone', 'nobody', 'resident-1']) {
      const answer = await post('/__sandbox/oa-text', { openid, content: '你好' });
      expect(answer).toMatchObject({ status: 400, json: { error: `${openid} does not follow the official account` } });
    }
    expect((await post('/__sandbox/oa-text', { openid: 'oa-staff' })).status).toBe(400);
    expect((await post('/__sandbox/oa-text', { content: 'x' })).status).toBe(400);
    expect(developer.pushes).toEqual([]);
    expect(await del('/__sandbox/callback')).toMatchObject({ status: 200 });
    expect((await post('/__sandbox/oa-text', { openid: 'oa-staff', content: 'x' })).json.error).toMatch(/no callback/);
    expect((await post('/__sandbox/followers', { openid: 'oa-new' })).json.push).toBeUndefined();
    expect(developer.pushes).toEqual([]);
  });

  it('pushes encrypted in safe mode (the default), signed over the ciphertext', async () => {
    const answer = await post('/__sandbox/callback', { url: developer.url, token: CALLBACK_TOKEN });
    expect(answer.json).toMatchObject({
      mode: 'safe',
      encodingAesKey: SANDBOX_DEFAULTS.officialAccount.encodingAesKey,
    });
    await post('/__sandbox/oa-text', { openid: 'oa-staff', content: '1234 567890' });
    const [push] = developer.pushes;
    const params = push.url.searchParams;
    expect(params.get('encrypt_type')).toBe('aes');
    expect(validSignature(push)).toBe(true);
    // Only the recipient is in clear; the server's own decryption (a separate implementation) opens the rest.
    expect(push.body).not.toContain('oa-staff');
    expect(field(push.body, 'ToUserName')).toBe('gh_linli_demo');
    const ciphertext = field(push.body, 'Encrypt')!;
    expect(params.get('msg_signature')).toBe(
      serverMsgSignature(CALLBACK_TOKEN, params.get('timestamp')!, params.get('nonce')!, ciphertext),
    );
    const opened = decryptMessage(serverKeys(OA.appid), ciphertext);
    expect(opened.ok && field(opened.xml, 'FromUserName')).toBe('oa-staff');
    expect(opened.ok && field(opened.xml, 'Content')).toBe('1234 567890');
    expect(decryptMessage(serverKeys('wx-another-account'), ciphertext)).toEqual({ ok: false, reason: 'appid' });
  });

  it('opens an encrypted passive reply, and says why a reply would not reach the follower', async () => {
    await configure('safe');
    const replyXml = '<xml><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[绑定成功]]></Content></xml>';
    developer.answer = { status: 200, body: encryptedReply(serverKeys(OA.appid), replyXml, '1763794800', '77') };
    expect((await post('/__sandbox/oa-text', { openid: 'oa-staff', content: '在吗' })).json).toMatchObject({
      delivered: true,
      body: replyXml,
    });
    expect((await calls()).at(-1)).toMatchObject({ api: 'event_push', response: replyXml });
    developer.answer = { status: 200, body: replyXml };
    expect((await post('/__sandbox/oa-text', { openid: 'oa-staff', content: '在吗' })).json).toMatchObject({
      delivered: true,
      replyError: 'reply not encrypted',
    });
    developer.answer = { status: 200, body: encryptedReply(serverKeys('wx-other'), replyXml, '1763794800', '77') };
    expect((await post('/__sandbox/oa-text', { openid: 'oa-staff', content: '在吗' })).json.replyError).toMatch(
      /appid/,
    );
    developer.answer = { status: 200, body: 'success' };
    const quiet = await post('/__sandbox/oa-text', { openid: 'oa-staff', content: '在吗' });
    expect(quiet.json).toMatchObject({ delivered: true, body: 'success' });
    expect(quiet.json.replyError).toBeUndefined();
  });

  it('rejects a bad callback configuration', async () => {
    for (const body of [
      { url: developer.url, token: 'abc', encodingAesKey: 'too-short' },
      { url: developer.url, token: 'abc', mode: 'compat' },
      { url: 'ftp://x/y', token: 'abc' },
      { url: 'not a url', token: 'abc' },
      { token: 'abc' },
      { url: developer.url, token: 'ab' },
      { url: developer.url, token: '带中文' },
      { url: developer.url },
    ]) {
      expect((await post('/__sandbox/callback', body)).status).toBe(400);
    }
  });

  it('reports failed pushes: an error status, or nobody listening', async () => {
    await configure();
    developer.answer = { status: 500, body: 'boom' };
    expect((await post('/__sandbox/oa-text', { openid: 'oa-staff', content: '在吗' })).json).toMatchObject({
      delivered: false,
      status: 500,
      body: 'boom',
    });
    await developer.close();
    const answer = await post('/__sandbox/oa-text', { openid: 'oa-staff', content: '在吗' });
    expect(answer.json).toMatchObject({ delivered: false, status: null, body: null, error: 'ECONNREFUSED' });
    await developer.start();
  });

  it('gives up on a developer server that does not answer within 5 seconds', async () => {
    await configure();
    developer.answer = null;
    const started = Date.now();
    const answer = await post('/__sandbox/followers', { openid: 'oa-new' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(4900);
    expect(answer.json.push).toEqual({ delivered: false, status: null, body: null, error: 'no answer within 5000 ms' });
    expect(developer.pushes).toHaveLength(1);
    expect((await calls()).at(-1)).toMatchObject({
      api: 'event_push',
      status: null,
      response: 'no answer within 5000 ms',
    });
  }, 15_000);

  it('logs pushes as event_push calls and shows them and the fault rules on the page', async () => {
    await configure();
    await post('/__sandbox/followers', { openid: 'oa-new' });
    developer.answer = { status: 503, body: 'down' };
    await post('/__sandbox/oa-text', { openid: 'oa-staff', content: '电梯又坏了' });
    const pushes = (await calls()).filter((call) => call.api === 'event_push');
    expect(pushes).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: developer.url,
        query: expect.objectContaining({ openid: 'oa-new', signature: expect.stringMatching(/^[0-9a-f]{40}$/) }),
        errcode: null,
        status: 200,
        response: 'success',
      }),
      expect.objectContaining({ status: 503, response: 'down' }),
    ]);
    expect(pushes[1].body).toContain('电梯又坏了');

    await addFault({ api: 'template_send', touser: 'oa-staff', outcome: faults.slow(3000), times: 2 });
    const html = (await get('/__sandbox/')).text;
    expect(html).toContain('故障注入中');
    expect(html).toContain('template_send → oa-staff');
    expect(html).toContain('delay 3000 ms');
    expect(html).toContain('还剩 2 次');
    expect(html).toContain('HTTP 503');
    expect(html).toContain('电梯又坏了');
    expect(html).toContain(developer.url);
  });

  it('goes back to the configured callback on reset', async () => {
    await configure();
    await post('/__sandbox/reset');
    expect((await post('/__sandbox/followers', { openid: 'oa-new' })).json.push).toBeUndefined();
    await restart({ officialAccount: { ...OA, callback: { url: developer.url, token: CALLBACK_TOKEN } } });
    await del('/__sandbox/callback');
    await post('/__sandbox/reset');
    expect((await post('/__sandbox/followers', { openid: 'oa-new' })).json.push).toMatchObject({ delivered: true });
  });
});
