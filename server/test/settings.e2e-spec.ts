import type { ApprovalView, RequestDetail, SettingView, WechatTemplatesView } from '@linli/shared';
import {
  act,
  actOk,
  call,
  complaintOf,
  demoStaff,
  expectRefusal,
  fileRequest,
  get,
  ownTeam,
  post,
  residentPerson,
  retireCategories,
  type OwnTeam,
  type Person,
} from './support/lifecycle';
import { EscalationSweeper } from '../src/modules/escalations/escalation-sweeper';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * 系统设置 (issue 14 §7): groups stored in the database over the environment's defaults, read by
 * the code that acts on them through the cached set-up, so an edit applies from the next request.
 * Settings are company-wide and suites share the database: each test puts the default back.
 */
describe('settings kept in the database', () => {
  let ctx: TestContext;
  let team: OwnTeam;
  let receptionist: Person;
  let manager: Person;

  const putSetting = (who: Person, key: string, body: object) =>
    call(ctx, 'PUT', `/api/admin/settings/${key}`, who, body);
  const reset = (key: string) => call(ctx, 'DELETE', `/api/admin/settings/${key}`, team.admin);
  const settingOf = async (key: string) =>
    ((await get(ctx, team.admin, '/api/admin/settings')).body as SettingView[]).find((item) => item.key === key)!;

  beforeAll(async () => {
    // Detection on for this suite's own categories (it is off for the others).
    ctx = await createTestContext({ env: { GROUP_DETECTION: 'on' } });
    ({ receptionist, manager } = await demoStaff(ctx));
    team = await ownTeam(ctx, '设置');
  });
  afterAll(async () => {
    for (const key of ['urge', 'group_detection', 'approvers']) await reset(key);
    await retireCategories(ctx, [team.complaintCategory, team.repairCategory]);
    await ctx.close();
  });
  afterEach(() => ctx.clock.reset());

  it('lists each group with the environment default, not overridden until changed', async () => {
    const res = await get(ctx, team.admin, '/api/admin/settings');
    expect(res.status).toBe(200);
    const byKey = new Map((res.body as SettingView[]).map((item) => [item.key, item]));
    expect(byKey.get('urge')).toMatchObject({
      label: '催办',
      value: { intervalMinutes: 120, supervisorAt: 3, managerAt: 5 },
      defaultValue: { intervalMinutes: 120, supervisorAt: 3, managerAt: 5 },
      overridden: false,
      updatedByName: null,
    });
    expect(byKey.get('group_detection')).toMatchObject({ value: { threshold: 5, windowHours: 72 }, overridden: false });
    expect(byKey.get('approvers')).toMatchObject({ value: { default: 'manager', longExtensionDays: 15 } });
  });

  it('a shorter urge interval applies to the very next urge; reset restores the default', async () => {
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, complaintOf(resident, team.complaintCategory));
    await actOk(ctx, resident, filed.id, 'urge');
    ctx.clock.advance(10 * 60_000);
    const refused = await act(ctx, resident, filed.id, 'urge');
    expect(expectRefusal(refused, 429, 'TOO_MANY_REQUESTS').message).toBe('两小时内只能催办一次，请稍后再试');

    const changed = await putSetting(team.admin, 'urge', { intervalMinutes: 5, supervisorAt: 3, managerAt: 5 });
    try {
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ overridden: true, updatedByName: team.admin.name });
      const urged = await actOk(ctx, resident, filed.id, 'urge');
      expect(urged.urgeCount).toBe(2);
      const soon = await act(ctx, resident, filed.id, 'urge');
      expect(expectRefusal(soon, 429, 'TOO_MANY_REQUESTS').message).toBe('5 分钟内只能催办一次，请稍后再试');
    } finally {
      const restored = await reset('urge');
      expect(restored.body).toMatchObject({ overridden: false, value: { intervalMinutes: 120 } });
    }
    ctx.clock.advance(10 * 60_000);
    expect((await act(ctx, resident, filed.id, 'urge')).status).toBe(429);
  });

  it('fewer urges before escalation: the next sweep takes the request to the supervisor', async () => {
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, complaintOf(resident, team.complaintCategory));
    await actOk(ctx, resident, filed.id, 'urge');
    const sweep = () => ctx.app.get(EscalationSweeper).sweep({ departmentIds: [team.departmentId] });
    const urgeLevels = async () =>
      (
        (await ctx.dataSource.query(
          "SELECT level FROM escalation WHERE request_id = ? AND reason = 'urge' ORDER BY level",
          [filed.id],
        )) as Array<{ level: number }>
      ).map((row) => Number(row.level));
    await sweep();
    expect(await urgeLevels()).toEqual([]);
    expect((await putSetting(team.admin, 'urge', { intervalMinutes: 120, supervisorAt: 1, managerAt: 2 })).status).toBe(
      200,
    );
    try {
      await sweep();
      expect(await urgeLevels()).toEqual([2]);
    } finally {
      await reset('urge');
    }
  });

  it('a lower group threshold brings a proposal on the next filing', async () => {
    const changed = await putSetting(team.admin, 'group_detection', { threshold: 2, windowHours: 24 });
    expect(changed.status).toBe(200);
    try {
      const first = await residentPerson(ctx);
      const second = await residentPerson(ctx);
      const filed: RequestDetail[] = [];
      for (const resident of [first, second]) {
        filed.push(await fileRequest(ctx, resident, complaintOf(resident, team.complaintCategory)));
      }
      // Proposed on the oldest open request of the category (an earlier test's counts too).
      const rows = (await ctx.dataSource.query(
        `SELECT a.request_id AS requestId, a.reason FROM approval a JOIN request r ON r.id = a.request_id
          WHERE a.type = 'group_merge' AND r.category_id = ?`,
        [team.complaintCategory],
      )) as Array<{ requestId: number; reason: string }>;
      expect(rows).toHaveLength(1);
      expect(filed).toHaveLength(2);
      expect(rows[0].reason).toMatch(/^24 小时内 \d+ 位业主反映同类投诉/);
    } finally {
      await reset('group_detection');
    }
  });

  it('approver rules: the next approval goes to the role now named for its type', async () => {
    const rules = {
      default: 'manager',
      byType: { grade_change: 'admin' },
      longExtensionDays: 15,
      longExtensionRole: 'admin',
    };
    expect((await putSetting(team.admin, 'approvers', rules)).status).toBe(200);
    try {
      const resident = await residentPerson(ctx);
      const filed = await fileRequest(ctx, resident, complaintOf(resident, team.complaintCategory));
      await actOk(ctx, receptionist, filed.id, 'accept');
      const opened = await post(ctx, receptionist, `/api/requests/${filed.id}/approvals`, {
        type: 'grade_change',
        reason: '多户反映同一问题',
        grade: 'B',
      });
      expect(opened.status).toBe(201);
      expect((opened.body as ApprovalView).approverRole).toBe('admin');
    } finally {
      await reset('approvers');
    }
  });

  it('refuses invalid values field by field, and unknown groups', async () => {
    const res = await putSetting(team.admin, 'urge', { intervalMinutes: 2, supervisorAt: 4, managerAt: 3 });
    const body = expectRefusal(res, 400, 'VALIDATION_FAILED');
    expect(body.details).toEqual(
      expect.arrayContaining([
        { field: 'intervalMinutes', message: '间隔至少 5 分钟' },
        { field: 'managerAt', message: '升级到项目经理的次数应多于升级到主管的次数' },
      ]),
    );
    const role = await putSetting(team.admin, 'approvers', {
      default: 'staff',
      byType: {},
      longExtensionDays: 15,
      longExtensionRole: 'admin',
    });
    expect(expectRefusal(role, 400, 'VALIDATION_FAILED').details[0].field).toBe('default');
    expectRefusal(await putSetting(team.admin, 'nonsense', {}), 404, 'NOT_FOUND');
    const notObject = await call(ctx, 'PUT', '/api/admin/settings/urge', team.admin, [1, 2]);
    expect(expectRefusal(notObject, 400, 'VALIDATION_FAILED').details).toEqual([
      { field: '(body)', message: '请提交该组设置的全部字段' },
    ]);
    expect((await settingOf('urge')).overridden).toBe(false);
  });

  it('shows the WeChat template mapping with its validation, read-only', async () => {
    const res = await get(ctx, team.admin, '/api/admin/wechat-templates');
    expect(res.status).toBe(200);
    const view = res.body as WechatTemplatesView;
    expect(view).toMatchObject({ source: 'demo', valid: true });
    expect(view.slots.find((slot) => slot.slot === 'progress')).toMatchObject({
      channel: 'subscribe',
      templateId: 'linli-tmpl-progress',
      problems: [],
    });
    expect(view.slots.find((slot) => slot.slot === 'task')!.fields).toContainEqual({
      field: 'number',
      key: 'character_string1',
    });
    expect((await call(ctx, 'PUT', '/api/admin/wechat-templates', team.admin, {})).status).toBe(404);
  });

  it('authorization: managers read settings; only admins change them; staff and residents are refused', async () => {
    expect((await get(ctx, manager, '/api/admin/settings')).status).toBe(200);
    const urge = { intervalMinutes: 60, supervisorAt: 3, managerAt: 5 };
    expect((await putSetting(manager, 'urge', urge)).status).toBe(403);
    expect((await call(ctx, 'DELETE', '/api/admin/settings/urge', manager)).status).toBe(403);
    expect((await get(ctx, manager, '/api/admin/wechat-templates')).status).toBe(403);
    expect((await get(ctx, team.worker, '/api/admin/settings')).status).toBe(403);
    expect((await putSetting(receptionist, 'urge', urge)).status).toBe(403);
    const resident = await residentPerson(ctx);
    expect((await get(ctx, resident, '/api/admin/settings')).status).toBe(403);
    expect((await settingOf('urge')).overridden).toBe(false);
  });
});
