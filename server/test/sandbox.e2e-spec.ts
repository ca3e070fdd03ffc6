import type { FastifyInstance } from 'fastify';
import { createSandboxApp, startSandbox, type SandboxOptions } from '../src/sandbox';

/** WeChat sandbox: every WeChat API it serves and every control endpoint, through HTTP. */

const MP = {
  appid: 'wx-test-mp',
  secret: 'mp-secret',
  templates: [
    { id: 'tmpl-progress', title: '工单进度通知' },
    'tmpl-done',
    { id: 'tmpl-strict', keys: ['thing1', 'enum2'], enums: { enum2: ['已完成', '已取消'] } },
  ],
};
const OA = { appid: 'wx-test-oa', secret: 'oa-secret', templates: [{ id: 'oa-assigned', title: '新工单提醒' }] };
const START = Date.UTC(2026, 10, 22, 7, 0, 0);
const RID = /rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/;
const MINUTE = 60_000;

let clock: number;
let app: FastifyInstance;

function options(extra: Partial<SandboxOptions> = {}): SandboxOptions {
  return {
    miniProgram: MP,
    officialAccount: OA,
    users: [{ openid: 'resident-preset', unionid: 'union-preset' }],
    followers: [
      { openid: 'oa-staff', unionid: 'union-staff' },
      { openid: 'oa-gone', following: false },
    ],
    now: () => clock,
    ...extra,
  };
}

beforeEach(async () => {
  clock = START;
  app = createSandboxApp(options());
  await app.ready();
});

afterEach(() => app.close());

interface Answer {
  status: number;
  text: string;
  json: Record<string, unknown>;
}

async function call(method: 'GET' | 'POST', url: string, body?: unknown): Promise<Answer> {
  const response = await app.inject({
    method,
    url,
    ...(body === undefined
      ? {}
      : typeof body === 'string'
        ? { payload: body, headers: { 'content-type': 'text/plain' } }
        : { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(response.body) as Record<string, unknown>;
  } catch {
    // HTML page
  }
  return { status: response.statusCode, text: response.body, json };
}

const get = (url: string) => call('GET', url);
const post = (url: string, body?: unknown) => call('POST', url, body);

function expectError(answer: Answer, errcode: number, errmsg?: string | RegExp): void {
  expect(answer.status).toBe(200);
  expect(answer.json.errcode).toBe(errcode);
  expect(answer.json.errmsg).toMatch(RID);
  if (typeof errmsg === 'string') expect(String(answer.json.errmsg).startsWith(errmsg)).toBe(true);
  else if (errmsg) expect(answer.json.errmsg).toMatch(errmsg);
}

async function loginCode(openid: string, unionid?: string): Promise<string> {
  const answer = await post('/__sandbox/login-code', { openid, unionid });
  expect(answer.status).toBe(200);
  return answer.json.code as string;
}

function code2Session(code: string, overrides: Record<string, string | undefined> = {}): Promise<Answer> {
  const params = { appid: MP.appid, secret: MP.secret, js_code: code, grant_type: 'authorization_code', ...overrides };
  const query = Object.entries(params)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${encodeURIComponent(value as string)}`)
    .join('&');
  return get(`/sns/jscode2session?${query}`);
}

async function login(openid: string): Promise<void> {
  expect((await code2Session(await loginCode(openid))).json.openid).toBe(openid);
}

async function token(app: 'mp' | 'oa' = 'mp'): Promise<string> {
  const { appid, secret } = app === 'mp' ? MP : OA;
  const answer = await get(`/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`);
  return answer.json.access_token as string;
}

async function stableToken(app: 'mp' | 'oa' = 'mp', forceRefresh = false): Promise<Answer> {
  const { appid, secret } = app === 'mp' ? MP : OA;
  return post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid, secret, force_refresh: forceRefresh });
}

/** A cheap authenticated call to learn whether a mini-program token is accepted. */
async function tokenErrcode(accessToken: string): Promise<unknown> {
  const answer = await post(`/wxa/msg_sec_check?access_token=${accessToken}`, {
    content: '你好',
    version: 2,
    scene: 2,
    openid: 'resident-preset',
  });
  return answer.json.errcode;
}

const progressData = {
  thing1: { value: '3栋2单元电梯故障' },
  phrase2: { value: '处理中' },
  time3: { value: '2026年11月22日 15:01' },
  character_string4: { value: 'TS-20261122-0001' },
};

function subscribeSend(accessToken: string, body: Record<string, unknown>): Promise<Answer> {
  return post(`/cgi-bin/message/subscribe/send?access_token=${accessToken}`, body);
}

function templateSend(accessToken: string, body: Record<string, unknown>): Promise<Answer> {
  return post(`/cgi-bin/message/template/send?access_token=${accessToken}`, body);
}

async function grant(openid: string, templateIds: string[]): Promise<Answer> {
  return post('/__sandbox/subscriptions', { openid, templateIds });
}

describe('code2Session', () => {
  it('answers openid and session_key for a minted code, without unionid unless the user has one', async () => {
    const answer = await code2Session(await loginCode('resident-1'));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ openid: 'resident-1', session_key: expect.any(String) });
    expect(answer.json.errcode).toBeUndefined();
  });

  it('answers the unionid given at minting, or the preset user’s', async () => {
    expect((await code2Session(await loginCode('resident-2', 'union-2'))).json.unionid).toBe('union-2');
    expect((await code2Session(await loginCode('resident-preset'))).json.unionid).toBe('union-preset');
  });

  it('accepts a code once: 40163 the second time', async () => {
    const code = await loginCode('resident-1');
    expect((await code2Session(code)).json.openid).toBe('resident-1');
    expectError(await code2Session(code), 40163, 'code been used');
  });

  it('answers 40029 for unknown codes and for codes older than 5 minutes', async () => {
    expectError(await code2Session('never-minted'), 40029, 'invalid code');
    const fresh = await loginCode('resident-1');
    const stale = await loginCode('resident-1');
    clock += 5 * MINUTE;
    expect((await code2Session(fresh)).json.openid).toBe('resident-1');
    clock += 1;
    expectError(await code2Session(stale), 40029);
  });

  it('checks its parameters like WeChat', async () => {
    const code = await loginCode('resident-1');
    expectError(await code2Session(code, { appid: undefined }), 41002, 'appid missing');
    expectError(await code2Session(code, { secret: undefined }), 41004, 'appsecret missing');
    expectError(await code2Session('', {}), 41008, 'missing code');
    expectError(await code2Session(code, { grant_type: 'client_credential' }), 40002);
    expectError(await code2Session(code, { grant_type: undefined }), 40002);
    expectError(await code2Session(code, { appid: 'wx-unknown' }), 40013, 'invalid appid');
    expectError(await code2Session(code, { appid: OA.appid, secret: OA.secret }), 40013);
    expectError(await code2Session(code, { secret: 'wrong' }), 40125, 'invalid appsecret');
    // None of the failures spent the code.
    expect((await code2Session(code)).json.openid).toBe('resident-1');
  });
});

describe('/cgi-bin/token', () => {
  it('issues a new token on each call; the previous one works 5 more minutes', async () => {
    const answer = await get(`/cgi-bin/token?grant_type=client_credential&appid=${MP.appid}&secret=${MP.secret}`);
    expect(answer.json).toEqual({ access_token: expect.any(String), expires_in: 7200 });
    const first = answer.json.access_token as string;
    expect(first.length).toBeGreaterThan(100);
    clock += MINUTE;
    const second = await token();
    expect(second).not.toBe(first);
    clock += 5 * MINUTE - 1;
    expect(await tokenErrcode(first)).toBe(0);
    clock += 1;
    expect(await tokenErrcode(first)).toBe(40001);
    expect(await tokenErrcode(second)).toBe(0);
  });

  it('expires a token after 7200 s with 42001', async () => {
    const accessToken = await token();
    clock += 7200_000 - 1;
    expect(await tokenErrcode(accessToken)).toBe(0);
    clock += 1;
    expect(await tokenErrcode(accessToken)).toBe(42001);
  });

  it('keeps each app’s tokens apart', async () => {
    const mp = await token('mp');
    await token('oa');
    clock += 10 * MINUTE;
    expect(await tokenErrcode(mp)).toBe(0);
  });

  it('checks its parameters', async () => {
    const base = '/cgi-bin/token?';
    expectError(await get(`${base}grant_type=client_credential&secret=${MP.secret}`), 41002);
    expectError(await get(`${base}grant_type=client_credential&appid=${MP.appid}`), 41004);
    expectError(await get(`${base}grant_type=authorization_code&appid=${MP.appid}&secret=${MP.secret}`), 40002);
    expectError(await get(`${base}grant_type=client_credential&appid=wx-nope&secret=${MP.secret}`), 40013);
    expectError(await get(`${base}grant_type=client_credential&appid=${MP.appid}&secret=${OA.secret}`), 40125);
  });
});

describe('/cgi-bin/stable_token', () => {
  it('returns the same token while it has more than 5 minutes left, with the time left', async () => {
    const first = await stableToken();
    expect(first.json).toEqual({ access_token: expect.any(String), expires_in: 7200 });
    clock += 100 * MINUTE;
    const again = await stableToken();
    expect(again.json).toEqual({ access_token: first.json.access_token, expires_in: 7200 - 6000 });
  });

  it('issues a new token in the last 5 minutes; both work until the old one expires', async () => {
    const old = (await stableToken()).json.access_token as string;
    clock += 115 * MINUTE;
    const fresh = (await stableToken()).json.access_token as string;
    expect(fresh).not.toBe(old);
    expect((await stableToken()).json.access_token).toBe(fresh);
    expect(await tokenErrcode(old)).toBe(0);
    expect(await tokenErrcode(fresh)).toBe(0);
    clock += 5 * MINUTE;
    expect(await tokenErrcode(old)).toBe(42001);
    expect(await tokenErrcode(fresh)).toBe(0);
  });

  it('force_refresh invalidates the old token at once', async () => {
    const old = (await stableToken()).json.access_token as string;
    const fresh = (await stableToken('mp', true)).json;
    expect(fresh.access_token).not.toBe(old);
    expect(fresh.expires_in).toBe(7200);
    expect(await tokenErrcode(old)).toBe(40001);
    expect(await tokenErrcode(fresh.access_token as string)).toBe(0);
  });

  it('is a separate lineage from /cgi-bin/token', async () => {
    const stable = (await stableToken()).json.access_token as string;
    const plain = await token();
    await token();
    clock += 6 * MINUTE;
    expect(await tokenErrcode(stable)).toBe(0);
    expect(await tokenErrcode(plain)).toBe(40001);
    const latest = await token();
    await stableToken('mp', true);
    expect(await tokenErrcode(latest)).toBe(0);
  });

  it('checks its body', async () => {
    const valid = { grant_type: 'client_credential', appid: MP.appid, secret: MP.secret };
    expectError(await post('/cgi-bin/stable_token', { ...valid, appid: undefined }), 41002);
    expectError(await post('/cgi-bin/stable_token', { ...valid, secret: undefined }), 41004);
    expectError(await post('/cgi-bin/stable_token', { ...valid, grant_type: 'password' }), 40002);
    expectError(await post('/cgi-bin/stable_token', { ...valid, appid: 'wx-nope' }), 40013);
    expectError(await post('/cgi-bin/stable_token', { ...valid, secret: 'nope' }), 40125);
    expectError(await post('/cgi-bin/stable_token', ''), 44002);
    expectError(await post('/cgi-bin/stable_token', '{not json'), 47001, 'data format error');
    // WeChat reads the body whatever Content-Type says.
    expect((await post('/cgi-bin/stable_token', JSON.stringify(valid))).json.expires_in).toBe(7200);
  });
});

describe('access_token checks', () => {
  it('answers 41001 when missing, 40001 when unknown, 48001 for the other app’s token', async () => {
    const body = { touser: 'resident-preset', template_id: 'tmpl-progress', data: progressData };
    expectError(await post('/cgi-bin/message/subscribe/send', body), 41001, 'access_token missing');
    expectError(await subscribeSend('made-up-token', body), 40001);
    expectError(await subscribeSend(await token('oa'), body), 48001, 'api unauthorized');
    expectError(
      await templateSend(await token('mp'), { touser: 'oa-staff', template_id: 'oa-assigned', data: {} }),
      48001,
    );
    expectError(
      await post(`/wxa/msg_sec_check?access_token=${await token('oa')}`, {
        content: 'x',
        version: 2,
        scene: 1,
        openid: 'resident-preset',
      }),
      48001,
    );
  });
});

describe('subscribe/send', () => {
  it('delivers with a credit and answers msgid as a bare integer literal above 2^53', async () => {
    await grant('resident-preset', ['tmpl-progress']);
    const accessToken = await token();
    clock += 3 * MINUTE;
    const answer = await subscribeSend(accessToken, {
      touser: 'resident-preset',
      template_id: 'tmpl-progress',
      page: 'pages/requests/detail?id=42',
      miniprogram_state: 'formal',
      lang: 'zh_CN',
      data: progressData,
    });
    expect(answer.json.errcode).toBe(0);
    expect(answer.json.errmsg).toBe('ok');
    const literal = /"msgid":(\d+)\}$/.exec(answer.text);
    expect(literal).not.toBeNull();
    const msgid = BigInt((literal as RegExpExecArray)[1]);
    expect(msgid > 2n ** 53n).toBe(true);
    expect(msgid < 2n ** 63n).toBe(true);

    const messages = (await get('/__sandbox/messages?touser=resident-preset')).json as unknown as Array<
      Record<string, unknown>
    >;
    expect(messages).toEqual([
      {
        id: 1,
        channel: 'subscribe',
        touser: 'resident-preset',
        template_id: 'tmpl-progress',
        page: 'pages/requests/detail?id=42',
        miniprogram_state: 'formal',
        lang: 'zh_CN',
        data: progressData,
        receivedAt: new Date(START + 3 * MINUTE).toISOString(),
        msgid: msgid.toString(),
      },
    ]);
  });

  it('spends one credit per send: 43101 without one', async () => {
    const accessToken = await token();
    const body = { touser: 'resident-preset', template_id: 'tmpl-progress', data: progressData };
    expectError(await subscribeSend(accessToken, body), 43101, 'user refuse to accept the msg');
    await grant('resident-preset', ['tmpl-progress']);
    await grant('resident-preset', ['tmpl-progress', 'tmpl-done']);
    expect((await get('/__sandbox/subscriptions?openid=resident-preset')).json.credits).toEqual({
      'tmpl-progress': 2,
      'tmpl-done': 1,
    });
    expect((await subscribeSend(accessToken, body)).json.errcode).toBe(0);
    expect((await subscribeSend(accessToken, body)).json.errcode).toBe(0);
    expectError(await subscribeSend(accessToken, body), 43101);
    expect((await get('/__sandbox/subscriptions?openid=resident-preset')).json.credits).toEqual({ 'tmpl-done': 1 });
    // Another user's credit does not help.
    await login('resident-9');
    await grant('resident-9', ['tmpl-progress']);
    expectError(await subscribeSend(accessToken, body), 43101);
  });

  it('knows users who logged in, and only them: 40003 otherwise', async () => {
    const accessToken = await token();
    const body = { template_id: 'tmpl-done', data: { thing1: { value: '已完成' } } };
    await grant('resident-new', ['tmpl-done']);
    expectError(await subscribeSend(accessToken, { ...body, touser: 'resident-new' }), 40003, 'invalid openid');
    expectError(await subscribeSend(accessToken, { ...body, touser: 'oa-staff' }), 40003);
    expectError(await subscribeSend(accessToken, body), 40003);
    await login('resident-new');
    expect((await subscribeSend(accessToken, { ...body, touser: 'resident-new' })).json.errcode).toBe(0);
  });

  it('answers 40037 for template ids the mini-program has not registered', async () => {
    const accessToken = await token();
    for (const templateId of ['nope', 'oa-assigned', undefined]) {
      expectError(
        await subscribeSend(accessToken, { touser: 'resident-preset', template_id: templateId, data: progressData }),
        40037,
        'invalid template_id',
      );
    }
  });

  it('checks values by key type with 47003, naming the key, without spending the credit', async () => {
    await grant('resident-preset', ['tmpl-progress']);
    const accessToken = await token();
    const send = (data: unknown) =>
      subscribeSend(accessToken, { touser: 'resident-preset', template_id: 'tmpl-progress', data });
    expectError(await send({ thing2: { value: '' } }), 47003, /^argument invalid! data\.thing2\.value is empty, rid/);
    expectError(await send({ thing2: {} }), 47003, 'argument invalid! data.thing2.value is empty');
    expectError(
      await send({ thing2: { value: '这是一段超过二十个字符的事项描述，会被微信拒绝' } }),
      47003,
      'argument invalid! data.thing2.value invalid',
    );
    expectError(
      await send({ phrase3: { value: '处理中处理中' } }),
      47003,
      'argument invalid! data.phrase3.value invalid',
    );
    expectError(
      await send({ character_string1: { value: '报修0001' } }),
      47003,
      'argument invalid! data.character_string1.value invalid',
    );
    expectError(await send({ time4: { value: '明天下午' } }), 47003, 'argument invalid! data.time4.value invalid');
    expectError(await send({ amount5: { value: '一百元' } }), 47003);
    expectError(await send({ number6: { value: 'x' } }), 47003);
    expectError(await send({ name7: { value: '张San' } }), 47003);
    expectError(await send({ phone_number8: { value: '电话' } }), 47003);
    expectError(await send({ car_number9: { value: '津A1234567' } }), 47003);
    expectError(await send({ date10: { value: '15:00' } }), 47003);
    expectError(await send({ letter11: { value: 'abc1' } }), 47003);
    expectError(await send({ symbol12: { value: 'abc' } }), 47003);
    expectError(
      await send({ keyword1: { value: '旧式键名' } }),
      47003,
      'argument invalid! data.keyword1.value invalid',
    );
    expectError(await send({}), 47003, 'argument invalid! data is empty');
    expectError(await send(undefined), 47003);
    const valid = await send({
      thing1: { value: '一二三四五六七八九十一二三四五六七八九十' },
      amount2: { value: '¥120.50' },
      name3: { value: '张三' },
      phone_number4: { value: '022-12345678' },
      car_number5: { value: '津A12345' },
      date6: { value: '2026年11月22日' },
      number7: { value: '3.5' },
      letter8: { value: 'A' },
      symbol9: { value: '#' },
    });
    expect(valid.json.errcode).toBe(0);
  });

  it('requires a template’s declared keys and checks its enum values', async () => {
    await grant('resident-preset', ['tmpl-strict']);
    const accessToken = await token();
    const send = (data: unknown) =>
      subscribeSend(accessToken, { touser: 'resident-preset', template_id: 'tmpl-strict', data });
    expectError(await send({ thing1: { value: '漏水' } }), 47003, 'argument invalid! data.enum2.value is empty');
    expectError(
      await send({ thing1: { value: '漏水' }, enum2: { value: '进行中' } }),
      47003,
      'argument invalid! data.enum2.value invalid',
    );
    expect((await send({ thing1: { value: '漏水' }, enum2: { value: '已完成' } })).json.errcode).toBe(0);
  });
});

describe('template/send (official account)', () => {
  it('delivers to a follower, keeps the mini-program link, drops first/remark, cuts lines on display', async () => {
    const accessToken = await token('oa');
    const long = '一二三四五六七八九十一二三四五六七八九十一二三';
    const answer = await templateSend(accessToken, {
      touser: 'oa-staff',
      template_id: 'oa-assigned',
      url: 'https://example.com/fallback',
      miniprogram: { appid: MP.appid, pagepath: 'staff/requests/detail?id=7' },
      client_msg_id: 'req-7-assigned',
      data: {
        first: { value: '您有新的工单' },
        thing1: { value: long, color: '#ff0000' },
        character_string2: { value: 'TS-0007' },
        remark: { value: '请尽快处理' },
      },
    });
    expect(answer.json.errcode).toBe(0);
    expect(answer.text).toMatch(/"msgid":\d{17,19}\}$/);
    const [message] = (await get('/__sandbox/messages?channel=template')).json as unknown as Array<
      Record<string, unknown>
    >;
    expect(message).toMatchObject({
      channel: 'template',
      touser: 'oa-staff',
      template_id: 'oa-assigned',
      url: 'https://example.com/fallback',
      miniprogram: { appid: MP.appid, pagepath: 'staff/requests/detail?id=7' },
      client_msg_id: 'req-7-assigned',
      data: { thing1: { value: long }, character_string2: { value: 'TS-0007' } },
      shown: { thing1: '一二三四五六七八九十一二三四五六七八九…', character_string2: 'TS-0007' },
    });
    expect(Array.from((message.shown as Record<string, string>).thing1)).toHaveLength(20);
  });

  it('cuts a line between graphemes, so the phone shows no half emoji', async () => {
    const accessToken = await token('oa');
    const value = `${'一'.repeat(18)}👍🏽好`;
    const answer = await templateSend(accessToken, {
      touser: 'oa-staff',
      template_id: 'oa-assigned',
      data: { thing1: { value }, character_string2: { value: 'TS-0008' } },
    });
    expect(answer.json.errcode).toBe(0);
    const messages = (await get('/__sandbox/messages?channel=template')).json as unknown as Array<{
      data: Record<string, { value: string }>;
      shown: Record<string, string>;
    }>;
    const message = messages.find((each) => each.data.thing1.value === value);
    // 👍 would fit beside the "…", its skin tone would not: both go.
    expect(message?.shown.thing1).toBe(`${'一'.repeat(18)}…`);
  });

  it('answers 43004 to a known user who does not follow, 40003 to an unknown one', async () => {
    const accessToken = await token('oa');
    const body = { template_id: 'oa-assigned', data: { thing1: { value: '新工单' } } };
    expectError(await templateSend(accessToken, { ...body, touser: 'oa-gone' }), 43004, 'require subscribe');
    expectError(await templateSend(accessToken, { ...body, touser: 'oa-stranger' }), 40003);
    expectError(await templateSend(accessToken, { ...body, touser: 'resident-preset' }), 40003);

    await post('/__sandbox/followers', { openid: 'oa-gone', following: true });
    expect((await templateSend(accessToken, { ...body, touser: 'oa-gone' })).json.errcode).toBe(0);
    const unfollowed = await post('/__sandbox/followers', { openid: 'oa-staff', following: false });
    expect(unfollowed.json).toEqual({ openid: 'oa-staff', unionid: 'union-staff', following: false });
    expectError(await templateSend(accessToken, { ...body, touser: 'oa-staff' }), 43004);
    await post('/__sandbox/followers', { openid: 'oa-newcomer', unionid: 'union-new', following: true });
    expect((await templateSend(accessToken, { ...body, touser: 'oa-newcomer' })).json.errcode).toBe(0);
  });

  it('answers 40037 for ids not registered for the official account, 47003 for empty values', async () => {
    const accessToken = await token('oa');
    expectError(await templateSend(accessToken, { touser: 'oa-staff', template_id: 'tmpl-progress', data: {} }), 40037);
    expectError(
      await templateSend(accessToken, {
        touser: 'oa-staff',
        template_id: 'oa-assigned',
        data: { thing1: { value: '' } },
      }),
      47003,
      'argument invalid! data.thing1.value is empty',
    );
  });

  it('answers 45109 on the withdrawn uniform_send', async () => {
    expectError(await post(`/cgi-bin/message/wxopen/template/uniform_send?access_token=${await token()}`, {}), 45109);
  });
});

describe('msg_sec_check v2', () => {
  async function check(body: Record<string, unknown>): Promise<Answer> {
    return post(`/wxa/msg_sec_check?access_token=${await token()}`, {
      version: 2,
      scene: 2,
      openid: 'resident-preset',
      ...body,
    });
  }

  it('passes ordinary text with label 100', async () => {
    const answer = await check({ content: '楼道的灯坏了，麻烦尽快修一下' });
    expect(answer.json).toMatchObject({ errcode: 0, errmsg: 'ok', result: { suggest: 'pass', label: 100 } });
    expect(answer.json.trace_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    expect(answer.json.detail).toEqual([expect.objectContaining({ strategy: 'content_model', suggest: 'pass' })]);
  });

  it('answers risky (still errcode 0) and review from its word lists', async () => {
    const gambling = await check({ content: '小区里有人聚众赌博' });
    expect(gambling.json).toMatchObject({ errcode: 0, result: { suggest: 'risky', label: 20006 } });
    expect(gambling.json.detail).toContainEqual(expect.objectContaining({ strategy: 'keyword', keyword: '赌博' }));
    expect((await check({ content: '专业代开发票' })).json.result).toMatchObject({ suggest: 'risky' });
    expect((await check({ content: '有事加微信聊' })).json.result).toEqual({ suggest: 'review', label: 10001 });
  });

  it('checks content, scene, openid and version', async () => {
    expectError(await check({ content: '' }), 44002);
    expectError(await check({ content: undefined }), 44002);
    expect((await check({ content: '好'.repeat(2500) })).json.errcode).toBe(0);
    expectError(await check({ content: '好'.repeat(2501) }), 47001);
    expectError(await check({ content: 'x', scene: 0 }), 40129, 'invalid scene');
    expectError(await check({ content: 'x', scene: 5 }), 40129);
    expectError(await check({ content: 'x', scene: '2' }), 40129);
    expectError(await check({ content: 'x', openid: 'nobody' }), 40003);
    expectError(await check({ content: 'x', openid: undefined }), 40003);
    expectError(await check({ content: 'x', version: 1 }), 47001);
    for (const scene of [1, 2, 3, 4]) expect((await check({ content: 'x', scene })).json.errcode).toBe(0);
  });
});

describe('getuserphonenumber', () => {
  async function phoneCode(body: Record<string, unknown>): Promise<Answer> {
    return post('/__sandbox/phone-code', body);
  }
  async function exchange(code: unknown, accessToken?: string): Promise<Answer> {
    return post(`/wxa/business/getuserphonenumber?access_token=${accessToken ?? (await token())}`, { code });
  }

  it('answers the phone behind a tap once, with the watermark of the mini-program', async () => {
    const minted = await phoneCode({ openid: 'resident-preset', phoneNumber: '13800000002' });
    expect(minted.status).toBe(200);
    const answer = await exchange(minted.json.code);
    expect(answer.json).toEqual({
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: '13800000002',
        purePhoneNumber: '13800000002',
        countryCode: '86',
        watermark: { timestamp: Math.floor(START / 1000), appid: MP.appid },
      },
    });
    expectError(await exchange(minted.json.code), 40029, 'invalid code');
  });

  it('writes foreign numbers with their country code', async () => {
    const minted = await phoneCode({ openid: 'resident-preset', phoneNumber: '91234567', countryCode: '852' });
    expect((await exchange(minted.json.code)).json.phone_info).toMatchObject({
      phoneNumber: '+852 91234567',
      purePhoneNumber: '91234567',
      countryCode: '852',
    });
  });

  it('answers 40029 for an expired or unknown code, 41008 without one', async () => {
    const minted = await phoneCode({ openid: 'resident-preset', phoneNumber: '13800000002' });
    clock += 5 * MINUTE + 1;
    expectError(await exchange(minted.json.code), 40029);
    expectError(await exchange('never-issued'), 40029);
    expectError(await exchange(undefined), 41008);
    expectError(await exchange(''), 41008);
  });

  it('checks the token: missing, wrong, or the official account’s', async () => {
    const minted = await phoneCode({ openid: 'resident-preset', phoneNumber: '13800000002' });
    expectError(await post('/wxa/business/getuserphonenumber', { code: minted.json.code }), 41001);
    expectError(await exchange(minted.json.code, 'not-a-token'), 40001);
    expectError(await exchange(minted.json.code, await token('oa')), 48001);
    // A refused call spends nothing: the code still works.
    expect((await exchange(minted.json.code)).json.errcode).toBe(0);
  });

  it('refuses malformed phone-code requests with HTTP 400', async () => {
    expect((await phoneCode({ phoneNumber: '13800000002' })).status).toBe(400);
    expect((await phoneCode({ openid: 'x' })).status).toBe(400);
    expect((await phoneCode({ openid: 'x', phoneNumber: '138-0000' })).status).toBe(400);
    expect((await phoneCode({ openid: 'x', phoneNumber: '13800000002', countryCode: '+86' })).status).toBe(400);
  });
});

describe('control endpoints', () => {
  it('rejects malformed control requests with HTTP 400', async () => {
    expect((await post('/__sandbox/login-code', {})).status).toBe(400);
    expect((await post('/__sandbox/login-code', 'nonsense')).status).toBe(400);
    expect((await grant('resident-preset', [])).status).toBe(400);
    const unknown = await grant('resident-preset', ['tmpl-progress', 'oa-assigned']);
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toContain('oa-assigned');
    expect((await post('/__sandbox/followers', { openid: 'x', following: 'yes' })).status).toBe(400);
    expect((await get('/__sandbox/messages?channel=sms')).status).toBe(400);
    expect((await get('/__sandbox/subscriptions')).status).toBe(400);
  });

  it('answers the tap on "allow" like wx.requestSubscribeMessage', async () => {
    const answer = await grant('resident-preset', ['tmpl-progress', 'tmpl-done']);
    expect(answer.json).toEqual({
      openid: 'resident-preset',
      result: { 'tmpl-progress': 'accept', 'tmpl-done': 'accept' },
      credits: { 'tmpl-progress': 1, 'tmpl-done': 1 },
    });
  });

  it('registers templates at run time', async () => {
    const registered = await post('/__sandbox/templates', { app: 'miniProgram', id: 'tmpl-late', title: '缴费提醒' });
    expect(registered.json).toEqual({ id: 'tmpl-late', title: '缴费提醒' });
    expect((await grant('resident-preset', ['tmpl-late'])).status).toBe(200);
    expect((await post('/__sandbox/templates', { app: 'wxwork', id: 'x' })).status).toBe(400);
  });

  it('filters messages by recipient and channel, oldest first', async () => {
    const mp = await token();
    await login('resident-a');
    await grant('resident-a', ['tmpl-done', 'tmpl-done']);
    await grant('resident-preset', ['tmpl-done']);
    const data = { thing1: { value: '已完成' } };
    for (const touser of ['resident-a', 'resident-preset', 'resident-a']) {
      expect((await subscribeSend(mp, { touser, template_id: 'tmpl-done', data })).json.errcode).toBe(0);
    }
    await templateSend(await token('oa'), { touser: 'oa-staff', template_id: 'oa-assigned', data });
    const mine = (await get('/__sandbox/messages?touser=resident-a')).json as unknown as Array<{ id: number }>;
    expect(mine.map((message) => message.id)).toEqual([1, 3]);
    expect(((await get('/__sandbox/messages')).json as unknown as unknown[]).length).toBe(4);
    expect(((await get('/__sandbox/messages?channel=subscribe')).json as unknown as unknown[]).length).toBe(3);
    expect(
      ((await get('/__sandbox/messages?channel=template&touser=oa-staff')).json as unknown as unknown[]).length,
    ).toBe(1);
  });

  it('logs every WeChat API call with its errcode and the secrets masked', async () => {
    await get(`/cgi-bin/token?grant_type=client_credential&appid=${MP.appid}&secret=${MP.secret}`);
    await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: MP.appid, secret: 'wrong' });
    await code2Session('nope');
    await post('/__sandbox/login-code', { openid: 'not-logged' });
    const calls = (await get('/__sandbox/calls')).json as unknown as Array<Record<string, unknown>>;
    expect(calls).toEqual([
      expect.objectContaining({
        api: 'token',
        method: 'GET',
        path: '/cgi-bin/token',
        query: { grant_type: 'client_credential', appid: MP.appid, secret: '***' },
        errcode: 0,
        at: new Date(START).toISOString(),
      }),
      expect.objectContaining({
        api: 'stable_token',
        method: 'POST',
        body: { grant_type: 'client_credential', appid: MP.appid, secret: '***' },
        errcode: 40125,
      }),
      expect.objectContaining({ api: 'jscode2session', errcode: 40029 }),
    ]);
    expect(JSON.stringify(calls)).not.toContain(MP.secret);
  });

  it('reset clears messages, calls, credits, codes and tokens, keeping preset users', async () => {
    const accessToken = await token();
    const code = await loginCode('resident-x');
    await login('resident-y');
    await grant('resident-preset', ['tmpl-done']);
    await subscribeSend(accessToken, {
      touser: 'resident-preset',
      template_id: 'tmpl-done',
      data: { thing1: { value: '好' } },
    });
    await grant('resident-preset', ['tmpl-done']);
    await post('/__sandbox/followers', { openid: 'oa-staff', following: false });

    expect((await post('/__sandbox/reset')).json).toEqual({ ok: true });
    expect((await get('/__sandbox/messages')).json).toEqual([]);
    expect((await get('/__sandbox/subscriptions?openid=resident-preset')).json.credits).toEqual({});
    expectError(await code2Session(code), 40029);
    expect(await tokenErrcode(accessToken)).toBe(40001);
    const fresh = await token();
    await grant('resident-y', ['tmpl-done']);
    expectError(
      await subscribeSend(fresh, { touser: 'resident-y', template_id: 'tmpl-done', data: { thing1: { value: '好' } } }),
      40003,
    );
    expect(await tokenErrcode(fresh)).toBe(0);
    const oa = await token('oa');
    expect((await templateSend(oa, { touser: 'oa-staff', template_id: 'oa-assigned', data: {} })).json.errcode).toBe(0);
    const calls = (await get('/__sandbox/calls')).json as unknown as Array<{ api: string }>;
    expect(calls.map((c) => c.api)).toEqual([
      'jscode2session',
      'msg_sec_check',
      'token',
      'subscribe_send',
      'msg_sec_check',
      'token',
      'template_send',
    ]);
  });

  it('renders a page showing each user’s messages, newest first, and recent calls', async () => {
    await grant('resident-preset', ['tmpl-progress', 'tmpl-done']);
    const accessToken = await token();
    await subscribeSend(accessToken, {
      touser: 'resident-preset',
      template_id: 'tmpl-progress',
      page: 'pages/requests/detail?id=42&x=<b>',
      data: progressData,
    });
    clock += MINUTE;
    await subscribeSend(accessToken, {
      touser: 'resident-preset',
      template_id: 'tmpl-done',
      data: { thing1: { value: '最新的一条' } },
    });
    const page = await get('/__sandbox/');
    expect(page.status).toBe(200);
    const html = page.text;
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('微信沙箱');
    expect(html).toContain('服务通知');
    expect(html).toContain('resident-preset');
    expect(html).toContain('工单进度通知');
    expect(html).toContain('3栋2单元电梯故障');
    expect(html).toContain('TS-20261122-0001');
    expect(html).toContain('pages/requests/detail?id=42&#38;x=&#60;b&#62;');
    expect(html).not.toContain('<b>');
    expect(html).toContain('/cgi-bin/message/subscribe/send');
    expect(html.indexOf('最新的一条')).toBeLessThan(html.indexOf('3栋2单元电梯故障'));
    expect((await get('/__sandbox')).text).toContain('微信沙箱');
  });
});

describe('fault hook', () => {
  it('lets a hook answer in place of the API, and logs that answer', async () => {
    await app.close();
    app = createSandboxApp(
      options({
        faults: ({ api }) =>
          api === 'token'
            ? { kind: 'wechat-error', error: { errcode: -1, errmsg: 'system error, rid: 00000000-00000000-00000000' } }
            : undefined,
      }),
    );
    expectError(await get(`/cgi-bin/token?grant_type=client_credential&appid=${MP.appid}&secret=${MP.secret}`), -1);
    expect((await stableToken()).json.expires_in).toBe(7200);
    const calls = (await get('/__sandbox/calls')).json as unknown as Array<{ errcode: number }>;
    expect(calls.map((c) => c.errcode)).toEqual([-1, 0]);
  });
});

describe('startSandbox', () => {
  it('listens on a random port and speaks WeChat over real HTTP', async () => {
    const sandbox = await startSandbox({ port: 0, miniProgram: MP, officialAccount: OA });
    try {
      expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const minted = (await (
        await fetch(`${sandbox.url}/__sandbox/login-code`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ openid: 'resident-http' }),
        })
      ).json()) as { code: string };
      const session = await fetch(
        `${sandbox.url}/sns/jscode2session?appid=${MP.appid}&secret=${MP.secret}&js_code=${minted.code}&grant_type=authorization_code`,
      );
      expect(session.status).toBe(200);
      expect(session.headers.get('content-type')).toContain('application/json');
      expect(((await session.json()) as { openid: string }).openid).toBe('resident-http');
    } finally {
      await sandbox.close();
    }
  });

  it('uses the demo app ids when none are given', async () => {
    const sandbox = await startSandbox();
    try {
      const answer = await fetch(
        `${sandbox.url}/cgi-bin/token?grant_type=client_credential&appid=wx-linli-demo&secret=linli-demo-secret`,
      );
      expect(((await answer.json()) as { expires_in: number }).expires_in).toBe(7200);
    } finally {
      await sandbox.close();
    }
  });
});
