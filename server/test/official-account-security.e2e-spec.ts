import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { formatBindCode } from '../src/modules/wechat/bind-code';
import { encrypt, msgSignature } from '../src/sandbox/push-crypto';
import { freshOpenid } from './support/api';
import { get, insertDepartment, insertStaff, post, uploadPhotos, type Person } from './support/lifecycle';
import { connectOfficialAccount, linkByCode, sandboxControl } from './support/notifications';
import { craftPush, eventXml, sendPush, textXml, type CraftedPush } from './support/official-account';
import { createTestContext, type TestContext, type TestContextOptions } from './support/test-app';

/**
 * Issue 10, finding 1 (and half of 10): official-account pushes were checked by
 * sha1(token, timestamp, nonce) alone, so a logged URL could be replayed to unsubscribe a worker,
 * 3,000 bind-code guesses took over a supervisor's link, and a 65-character sender gave 500.
 */

let ctx: TestContext;
let departmentId: number;

beforeAll(async () => {
  ctx = await createTestContext();
  await connectOfficialAccount(ctx);
  departmentId = (await insertDepartment(ctx, '公众号安全部', 'supervisor')).id;
});

afterAll(() => ctx?.close());

async function linkedWorker(context: TestContext = ctx, department = departmentId) {
  const worker = await insertStaff(context, { role: 'staff', departmentId: department });
  const oaOpenid = freshOpenid('oa-worker');
  await linkByCode(context, worker, oaOpenid);
  return { worker, oaOpenid };
}

async function following(context: TestContext, oaOpenid: string): Promise<boolean | null> {
  const [row] = (await context.dataSource.query('SELECT following FROM official_account_link WHERE openid = ?', [
    oaOpenid,
  ])) as { following: number | null }[];
  return row ? (row.following === null ? null : Boolean(row.following)) : null;
}

async function linkedOpenidOf(context: TestContext, userId: number): Promise<string | null> {
  const [row] = (await context.dataSource.query('SELECT openid FROM official_account_link WHERE user_id = ?', [
    userId,
  ])) as { openid: string | null }[];
  return row?.openid ?? null;
}

describe('a captured push cannot be replayed', () => {
  it('the same signed URL and body a second time is refused and changes nothing', async () => {
    const { oaOpenid } = await linkedWorker();
    const unfollow = craftPush(ctx, eventXml(ctx, oaOpenid, 'unsubscribe'));
    expect(await sendPush(ctx, unfollow)).toMatchObject({ status: 200, text: 'success' });
    expect(await following(ctx, oaOpenid)).toBe(false);
    // They follow again; whoever kept the first URL (a log line) replays it.
    expect((await sendPush(ctx, craftPush(ctx, eventXml(ctx, oaOpenid, 'subscribe')))).status).toBe(200);
    expect(await following(ctx, oaOpenid)).toBe(true);
    const replay = await sendPush(ctx, unfollow);
    expect(replay.status).toBe(403);
    expect(JSON.parse(replay.text)).toMatchObject({ code: 'FORBIDDEN', message: '重复的推送，已拒绝' });
    expect(await following(ctx, oaOpenid)).toBe(true);
  });

  it('a push older or newer than 5 minutes is refused, one within the window accepted', async () => {
    const { oaOpenid } = await linkedWorker();
    const now = Math.floor(ctx.clock.now().getTime() / 1000);
    for (const timestamp of [now - 301, now + 301, now - 86_400, 0]) {
      const answer = await sendPush(ctx, craftPush(ctx, eventXml(ctx, oaOpenid, 'unsubscribe'), { timestamp }));
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.text).message).toContain('推送已过期');
    }
    expect(await following(ctx, oaOpenid)).toBe(true);
    const late = craftPush(ctx, eventXml(ctx, oaOpenid, 'unsubscribe'), { timestamp: now - 290 });
    expect((await sendPush(ctx, late)).status).toBe(200);
    expect(await following(ctx, oaOpenid)).toBe(false);
  });

  it('the same captured push replayed later, when its nonce is forgotten, is too old', async () => {
    const { oaOpenid } = await linkedWorker();
    const captured = craftPush(ctx, eventXml(ctx, oaOpenid, 'unsubscribe'));
    ctx.clock.advance(11 * 60_000);
    try {
      expect((await sendPush(ctx, captured)).status).toBe(403);
    } finally {
      ctx.clock.reset();
    }
    expect(await following(ctx, oaOpenid)).toBe(true);
  });

  it('plaintext pushes are refused outright where they are not allowed (the production default)', async () => {
    const strict = await createTestContext({ env: { WECHAT_OA_PLAINTEXT: 'deny' } });
    try {
      await connectOfficialAccount(strict);
      const department = (await insertDepartment(strict, '严格部', 'supervisor')).id;
      const { oaOpenid } = await linkedWorker(strict, department);
      const plain = await sendPush(
        strict,
        craftPush(strict, eventXml(strict, oaOpenid, 'unsubscribe'), { mode: 'plaintext' }),
      );
      expect(plain.status).toBe(403);
      expect(JSON.parse(plain.text).message).toContain('只接受安全模式');
      expect(await following(strict, oaOpenid)).toBe(true);
      expect((await sendPush(strict, craftPush(strict, eventXml(strict, oaOpenid, 'unsubscribe')))).status).toBe(200);
      expect(await following(strict, oaOpenid)).toBe(false);
    } finally {
      await strict.close();
    }
  });

  it('a nonce seen by one instance is refused by another (the shared store)', async () => {
    const shared: TestContextOptions = {
      env: { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: `linli-test-${randomBytes(4).toString('hex')}:` },
    };
    const [first, second] = [await createTestContext(shared), await createTestContext(shared)];
    try {
      await connectOfficialAccount(first);
      const department = (await insertDepartment(first, '双实例部', 'supervisor')).id;
      const { oaOpenid } = await linkedWorker(first, department);
      // Both instances serve the same official account: same token, key and appid.
      const push = craftPush(first, eventXml(first, oaOpenid, 'unsubscribe'), { mode: 'plaintext' });
      await first.dataSource.query('UPDATE official_account_link SET following = 1 WHERE openid = ?', [oaOpenid]);
      expect((await sendPush(first, push)).status).toBe(200);
      await first.dataSource.query('UPDATE official_account_link SET following = 1 WHERE openid = ?', [oaOpenid]);
      const replay = await sendPush(second, push);
      expect(replay.status).toBe(403);
      expect(JSON.parse(replay.text).message).toBe('重复的推送，已拒绝');
      expect(await following(first, oaOpenid)).toBe(true);
    } finally {
      await first.close();
      await second.close();
    }
  });
});

describe('safe mode (安全模式)', () => {
  it('the sandbox speaks it by default: follow, code, unfollow all work, and replies go back encrypted', async () => {
    const calls = (await (await fetch(`${ctx.sandbox.url}/__sandbox/calls`)).json()) as {
      api: string;
      query: Record<string, string>;
      response?: string;
    }[];
    const pushes = calls.filter((call) => call.api === 'event_push');
    expect(pushes.length).toBeGreaterThan(0);
    expect(
      pushes.every((call) => call.query.encrypt_type === 'aes' && /^[0-9a-f]{40}$/.test(call.query.msg_signature)),
    ).toBe(true);
    // The sandbox opened our encrypted reply: the text the follower saw.
    expect(pushes.some((call) => call.response?.includes('绑定成功'))).toBe(true);

    const worker = await insertStaff(ctx, { role: 'staff', departmentId });
    const oaOpenid = freshOpenid('oa-safe');
    const code = (await post(ctx, worker, '/api/me/wechat-link/code')).body.bindCode as string;
    const answer = await sendPush(ctx, craftPush(ctx, textXml(ctx, oaOpenid, code)));
    expect(answer).toMatchObject({ status: 200, encrypted: true });
    expect(answer.text).toContain('绑定成功');
    expect(answer.text).toContain(`<ToUserName><![CDATA[${oaOpenid}]]></ToUserName>`);
    expect(await linkedOpenidOf(ctx, worker.userId)).toBe(oaOpenid);
  });

  it('refuses a tampered body, a signature over another body, another account’s appid and a wrong key', async () => {
    const { oaOpenid } = await linkedWorker();
    const xml = eventXml(ctx, oaOpenid, 'unsubscribe');
    const genuine = craftPush(ctx, xml);
    const ciphertext = /<Encrypt><!\[CDATA\[([^\]]+)\]\]>/.exec(genuine.body)![1];
    const flipped = Buffer.from(ciphertext, 'base64');
    flipped[20] ^= 1;
    const tampered: CraftedPush = { ...genuine, body: genuine.body.replace(ciphertext, flipped.toString('base64')) };
    const other = craftPush(ctx, eventXml(ctx, freshOpenid('oa-other'), 'unsubscribe'));
    const swapped: CraftedPush = { ...genuine, body: other.body };
    const attempts = [
      tampered,
      swapped,
      craftPush(ctx, xml, { appid: 'wx-another-account' }),
      craftPush(ctx, xml, { encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' }),
      { ...genuine, body: '<xml><ToUserName>x</ToUserName></xml>' },
      { ...genuine, body: 'not xml at all' },
    ];
    for (const attempt of attempts) {
      const answer = await sendPush(ctx, attempt);
      expect({ status: answer.status, code: JSON.parse(answer.text).code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    }
    expect(await following(ctx, oaOpenid)).toBe(true);
  });

  it('plaintext mode still works where it is allowed (development), through the sandbox too', async () => {
    const base = (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1');
    await sandboxControl(ctx, '/__sandbox/callback', {
      url: `${base}/api/wechat/official-account`,
      token: ctx.config.wechat.officialAccount.callbackToken,
      mode: 'plaintext',
    });
    try {
      const worker = await insertStaff(ctx, { role: 'staff', departmentId });
      const oaOpenid = freshOpenid('oa-plain');
      await linkByCode(ctx, worker, oaOpenid);
      expect(await linkedOpenidOf(ctx, worker.userId)).toBe(oaOpenid);
      const calls = (await (await fetch(`${ctx.sandbox.url}/__sandbox/calls`)).json()) as {
        api: string;
        query: Record<string, string>;
      }[];
      expect(calls.filter((call) => call.api === 'event_push').at(-1)?.query.encrypt_type).toBeUndefined();
    } finally {
      await connectOfficialAccount(ctx);
    }
  });

  it('answers the URL check: echostr as sent, or decrypted when it comes encrypted; never twice', async () => {
    const plain = craftPush(ctx, '', { mode: 'plaintext' });
    const echo = `${plain.url}&echostr=hello-linli`;
    expect((await ctx.app.inject({ method: 'GET', url: echo })).body).toBe('hello-linli');
    expect((await ctx.app.inject({ method: 'GET', url: echo })).statusCode).toBe(403);

    const account = ctx.config.wechat.officialAccount;
    const echostr = encrypt(
      { token: account.callbackToken, encodingAesKey: account.aesKey!, appid: account.appid },
      'echo-4242',
    );
    const { timestamp, nonce } = craftPush(ctx, '', { mode: 'plaintext' }).query;
    const query = new URLSearchParams({
      msg_signature: msgSignature(account.callbackToken, timestamp, nonce, echostr),
      timestamp,
      nonce,
      echostr,
    });
    const encrypted = await ctx.app.inject({ method: 'GET', url: `/api/wechat/official-account?${query.toString()}` });
    expect({ status: encrypted.statusCode, body: encrypted.body }).toEqual({ status: 200, body: 'echo-4242' });
    const bad = new URLSearchParams({ ...Object.fromEntries(query), nonce: '1', echostr });
    expect(
      (await ctx.app.inject({ method: 'GET', url: `/api/wechat/official-account?${bad.toString()}` })).statusCode,
    ).toBe(403);
  });
});

describe('pushes that do not fit', () => {
  it('a sender id over 64 characters is refused with 400 in both modes, touching nothing', async () => {
    const [{ n: before }] = (await ctx.dataSource.query('SELECT COUNT(*) AS n FROM official_account_link')) as {
      n: string;
    }[];
    const long = `o${'x'.repeat(64)}`;
    for (const mode of ['safe', 'plaintext'] as const) {
      for (const xml of [
        eventXml(ctx, long, 'subscribe'),
        eventXml(ctx, long, 'unsubscribe'),
        textXml(ctx, long, '1234 567890'),
      ]) {
        const answer = await sendPush(ctx, craftPush(ctx, xml, { mode }));
        expect(answer.status).toBe(400);
        expect(JSON.parse(answer.text)).toMatchObject({
          code: 'VALIDATION_FAILED',
          details: [{ field: 'FromUserName', message: '不能超过 64 个字符' }],
        });
      }
    }
    const weird = textXml(ctx, 'oa-x', '你好').replace('gh_linli_demo', 'gh<script>');
    expect((await sendPush(ctx, craftPush(ctx, weird))).status).toBe(400);
    const [{ n: after }] = (await ctx.dataSource.query('SELECT COUNT(*) AS n FROM official_account_link')) as {
      n: string;
    }[];
    expect(after).toBe(before);
  });

  it('a message type we do not know is answered "success" and ignored', async () => {
    const xml = eventXml(ctx, freshOpenid('oa-x'), 'subscribe').replace('<![CDATA[event]]>', '<![CDATA[hologram]]>');
    expect(await sendPush(ctx, craftPush(ctx, xml))).toMatchObject({ status: 200, text: 'success' });
  });
});

describe('bind codes cannot be guessed', () => {
  // A context of its own: the overall limit these tests exhaust is shared by the whole instance.
  let guessing: TestContext;
  let department: number;

  beforeAll(async () => {
    guessing = await createTestContext();
    department = (await insertDepartment(guessing, '绑定码部', 'supervisor')).id;
  });

  afterAll(() => guessing?.close());

  const send = async (openid: string, content: string) => {
    const answer = await sendPush(guessing, craftPush(guessing, textXml(guessing, openid, content)));
    expect(answer.status).toBe(200);
    return answer.text;
  };
  const codeOf = async (person: Person) => {
    const view = (await post(guessing, person, '/api/me/wechat-link/code')).body as { bindCode: string };
    const [handle, secret] = view.bindCode.split(' ');
    return { handle, secret, shown: view.bindCode };
  };
  const wrong = (secret: string, offset: number) => String((Number(secret) + offset) % 1_000_000).padStart(6, '0');

  it('a code is 10 digits; typed with spaces or dashes it links, and only once', async () => {
    const supervisor = await insertStaff(guessing, { role: 'supervisor', departmentId: department });
    const code = await codeOf(supervisor);
    expect(code.shown).toMatch(/^\d{4} \d{6}$/);
    expect(code.shown).toBe(formatBindCode(code));
    const oaOpenid = freshOpenid('oa-sup');
    expect(await send(oaOpenid, ` ${code.handle}-${code.secret.slice(0, 3)} ${code.secret.slice(3)} `)).toContain(
      '绑定成功',
    );
    expect(await linkedOpenidOf(guessing, supervisor.userId)).toBe(oaOpenid);
    expect(await send(freshOpenid('oa-late'), `${code.handle}${code.secret}`)).toContain('绑定码无效或已过期');
    expect(await linkedOpenidOf(guessing, supervisor.userId)).toBe(oaOpenid);
  });

  it('a wrong secret for a live code counts against it: the third kills the code, even the right one fails after', async () => {
    const supervisor = await insertStaff(guessing, { role: 'supervisor', departmentId: department });
    const code = await codeOf(supervisor);
    for (let i = 1; i <= 2; i++)
      expect(await send(freshOpenid('oa-guess'), `${code.handle}${wrong(code.secret, i)}`)).toContain('绑定码无效');
    // Two mistakes: the code lives, and the right one still links…
    expect((await get(guessing, supervisor, '/api/me/wechat-link')).body.bindCode).toBe(code.shown);
    const other = await insertStaff(guessing, { role: 'staff', departmentId: department });
    const second = await codeOf(other);
    for (let i = 1; i <= 3; i++) await send(freshOpenid('oa-guess'), `${second.handle}${wrong(second.secret, i)}`);
    // …but three kill it: cleared, the staff member must get a new one.
    expect((await get(guessing, other, '/api/me/wechat-link')).body).toMatchObject({ linked: false, bindCode: null });
    expect(await send(freshOpenid('oa-owner'), second.shown)).toContain('绑定码无效或已过期');
    expect(await linkedOpenidOf(guessing, other.userId)).toBeNull();
    expect(await send(freshOpenid('oa-owner'), code.shown)).toContain('绑定成功');
  });

  it('one sender is stopped after 5 tries, the right code included', async () => {
    const supervisor = await insertStaff(guessing, { role: 'supervisor', departmentId: department });
    const code = await codeOf(supervisor);
    const attacker = freshOpenid('oa-attacker');
    const replies: string[] = [];
    for (let i = 0; i < 5; i++)
      replies.push(await send(attacker, `${(Number(code.handle) + 1 + i) % 10_000}`.padStart(4, '0') + '000000'));
    expect(replies.every((reply) => reply.includes('绑定码无效'))).toBe(true);
    for (let i = 0; i < 50; i++)
      expect(await send(attacker, i === 25 ? code.shown : `${1000 + i}${code.secret}`)).toContain('尝试次数过多');
    expect(await linkedOpenidOf(guessing, supervisor.userId)).toBeNull();
    // Ordinary chat from the same sender is not a try and is left alone.
    expect(await send(attacker, '你好，请问几点上班？')).toBe('success');
  });

  it('3,000 guesses from 3,000 senders never link: the code dies and the overall limit stops the rest', async () => {
    const supervisor = await insertStaff(guessing, { role: 'supervisor', departmentId: department });
    const code = await codeOf(supervisor);
    // The attacker even knows the handle, and the right secret comes soon after the first batch.
    const guesses = Array.from(
      { length: 3000 },
      (_, i) => `${code.handle}${i === 30 ? code.secret : wrong(code.secret, i + 1)}`,
    );
    const replies: string[] = [];
    for (let start = 0; start < guesses.length; start += 20) {
      const batch = guesses.slice(start, start + 20);
      replies.push(...(await Promise.all(batch.map((guess) => send(freshOpenid('oa-many'), guess)))));
    }
    expect(replies.some((reply) => reply.includes('绑定成功'))).toBe(false);
    expect(await linkedOpenidOf(guessing, supervisor.userId)).toBeNull();
    expect((await get(guessing, supervisor, '/api/me/wechat-link')).body.bindCode).toBeNull();
    // 20 guesses arrived at once, yet only 3 were compared with the secret.
    const [{ failures }] = (await guessing.dataSource.query(
      'SELECT bind_code_failures AS failures FROM official_account_link WHERE user_id = ?',
      [supervisor.userId],
    )) as { failures: number }[];
    expect(Number(failures)).toBe(3);
    // Tried at most 60 a minute however many accounts send them.
    const refused = replies.filter((reply) => reply.includes('尝试次数过多')).length;
    expect(refused).toBeGreaterThanOrEqual(3000 - 60);
    const [{ links }] = (await guessing.dataSource.query(
      "SELECT COUNT(*) AS links FROM official_account_link WHERE openid LIKE 'oa-many-%'",
    )) as { links: string }[];
    expect(Number(links)).toBe(0);
  }, 120_000);

  it('getting a code is rate limited per staff member', async () => {
    const limited = await createTestContext({ env: { RATE_LIMIT_FACTOR: '1' } });
    try {
      const staff = await insertStaff(limited, {
        role: 'staff',
        departmentId: (await insertDepartment(limited, '限流部', 'supervisor')).id,
      });
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await post(limited, staff, '/api/me/wechat-link/code')).status);
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses.slice(5)).toEqual([429, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('logs keep no signed URL', () => {
  it('a signed push, the URL check and a photo link are logged with their secrets redacted', async () => {
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    // Every request logged: the case where URLs reach the log at all.
    const logged = await createTestContext({ env: { LOG_LEVEL: 'info', LOG_REQUESTS: 'all' }, logStream });
    try {
      const push = craftPush(logged, eventXml(logged, freshOpenid('oa-log'), 'unsubscribe'));
      expect((await sendPush(logged, push)).status).toBe(200);
      const check = craftPush(logged, '', { mode: 'plaintext' });
      expect((await logged.app.inject({ method: 'GET', url: `${check.url}&echostr=echo-secret-77` })).body).toBe(
        'echo-secret-77',
      );
      const resident = await logged.newResident();
      const [photo] = await uploadPhotos(logged, resident, 1);
      expect((await logged.app.inject({ method: 'GET', url: photo.url })).statusCode).toBe(200);

      const text = lines.join('');
      expect(text).toContain('/api/wechat/official-account?signature=[REDACTED]');
      expect(text).toContain('sig=[REDACTED]');
      const secrets = [
        push.query.signature,
        push.query.msg_signature,
        push.query.nonce,
        check.query.signature,
        check.query.nonce,
        'echo-secret-77',
        new URL(photo.url, 'http://x').searchParams.get('sig')!,
        new URL(photo.thumbnailUrl, 'http://x').searchParams.get('sig')!,
      ];
      for (const secret of secrets) expect(text).not.toContain(secret);
    } finally {
      await logged.close();
    }
  });
});
