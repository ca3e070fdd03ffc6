import { formatShanghaiTime, type RequestDetail } from '@linli/shared';
import {
  actOk,
  DAY_MS,
  demoStaff,
  departmentByCode,
  detailOf,
  expectEvent,
  expectRefusal,
  expectStep,
  eventCount,
  fileRequest,
  complaintOf,
  idsIn,
  insertCategory,
  insertDepartment,
  insertStaff,
  lastEvent,
  photoIdsOf,
  plus,
  repairForm,
  residentPerson,
  retireCategories,
  setUpChanged,
  rowState,
  seededCategory,
  suggestionOf,
  uploadPhotos,
  act,
  type DepartmentRow,
  type Person,
  type ResidentPerson,
} from './support/lifecycle';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Each kind walked through its main path (file → route → accept → dispatch → work → complete →
 * rate or callback → closed), and each dispatch mode (supervisor queue, auto, claim).
 */

let ctx: TestContext;
let receptionist: Person;
let worker: Person;
let cleaner: Person;
let supervisor: Person;
let manager: Person;
const ownCategories: number[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  ({ receptionist, worker, cleaner, supervisor, manager } = await demoStaff(ctx));
});
afterAll(async () => {
  await retireCategories(ctx, ownCategories);
  await ctx.close();
});
afterEach(() => ctx.clock.reset());

const pendingOf = (who: Person) => idsIn(ctx, who, '/api/tasks?tab=pending');
const activeOf = (who: Person) => idsIn(ctx, who, '/api/tasks?tab=active');
const doneOf = (who: Person) => idsIn(ctx, who, '/api/tasks?tab=done');
const callbacksDue = () => idsIn(ctx, receptionist, '/api/callbacks/due');

describe('each kind through its main path', () => {
  it('a complaint: accepted with a grade, dispatched by the desk, worked, completed, called back 满意 → closed', async () => {
    const resident = await residentPerson(ctx);
    const category = await seededCategory(ctx, resident, 'complaint', '房屋管理', '装修管理');
    const filed = await fileRequest(ctx, resident, complaintOf(resident, category.id));
    expect(filed).toMatchObject({
      kind: 'complaint',
      status: 'received',
      departmentName: '工程维修部',
      grade: 'C',
      version: 1,
      round: 1,
      assignee: null,
      firstContactName: null,
      callbackDueAt: null,
      resolvedAt: null,
      closedAt: null,
      ratings: [],
      actions: ['cancel', 'urge', 'add_info'],
    });
    expect(filed.number).toMatch(/^TS\d{12}$/);
    expectEvent(filed.events[0], { action: 'create', by: resident, from: null, to: 'received' });

    // 受理 with a grade: the receptionist becomes the first-contact owner (首问负责制).
    const accepted = await actOk(ctx, receptionist, filed.id, 'accept', {
      grade: 'B',
      note: '五户以上反映，按群体投诉处理',
    });
    const acceptEvent = expectStep(accepted, filed, {
      action: 'accept',
      by: receptionist,
      from: 'received',
      to: 'accepted',
      note: '五户以上反映，按群体投诉处理',
    });
    expect(acceptEvent.data).toEqual({ grade: 'B', departmentName: '工程维修部' });
    expect(accepted).toMatchObject({ grade: 'B', gradeLabel: '群体投诉', firstContactName: receptionist.name });
    // The engineering department dispatches from its supervisor's queue: nothing happens by itself.
    expect(accepted.actions).toEqual([
      'dispatch',
      'transfer',
      'rule_invalid',
      'cancel',
      'add_info',
      'ask_info',
      'reply',
      'note',
    ]);

    const dispatched = await actOk(ctx, receptionist, filed.id, 'dispatch', { assigneeUserId: worker.userId });
    const dispatchEvent = expectStep(dispatched, accepted, {
      action: 'dispatch',
      by: receptionist,
      from: 'accepted',
      to: 'dispatched',
      note: `派给 ${worker.name}（水电维修工）`,
    });
    expect(dispatchEvent.data).toEqual({ assigneeUserId: worker.userId, assigneeName: worker.name });
    expect(dispatched).toMatchObject({
      assigneeName: worker.name,
      assignee: {
        userId: worker.userId,
        name: worker.name,
        title: '水电维修工',
        departmentName: '工程维修部',
        phone: worker.phone,
      },
    });
    expect(await pendingOf(worker)).toContain(filed.id);

    const asWorker = await detailOf(ctx, worker, filed.id);
    expect(asWorker.actions).toEqual(['take', 'return', 'transfer', 'ask_info', 'reply', 'note']);
    // The handler sees the resident's phone.
    expect(asWorker.contactPhone).toBe('13800138000');

    const taken = await actOk(ctx, worker, filed.id, 'take', { note: '收到，下午过去' });
    expectStep(taken, dispatched, {
      action: 'take',
      by: worker,
      from: 'dispatched',
      to: 'taken',
      note: '收到，下午过去',
    });
    expect(await activeOf(worker)).toContain(filed.id);
    expect(await pendingOf(worker)).not.toContain(filed.id);

    const started = await actOk(ctx, worker, filed.id, 'start');
    expectStep(started, taken, { action: 'start', by: worker, from: 'taken', to: 'in_progress', note: null });
    expect(started.actions).toEqual([
      'progress',
      'quote_fee',
      'pause',
      'complete',
      'transfer',
      'ask_info',
      'reply',
      'note',
    ]);

    const materials = [
      { name: '隔音棉', quantity: 2, unit: '卷', unitPriceFen: 4500 },
      { name: '密封胶', quantity: 1.5, unit: '支', unitPriceFen: 1200 },
    ];
    const progressed = await actOk(ctx, worker, filed.id, 'progress', {
      note: '已与楼上业主沟通，约定施工时间',
      materials,
    });
    const progressEvent = expectStep(progressed, started, {
      action: 'progress',
      by: worker,
      from: 'in_progress',
      to: 'in_progress',
      note: '已与楼上业主沟通，约定施工时间',
    });
    expect(progressEvent.data).toEqual({ materials, materialsFen: 9000 + 1800 });

    const completed = await actOk(ctx, worker, filed.id, 'complete', { note: '楼上业主已承诺九点后施工' });
    expectStep(completed, progressed, {
      action: 'complete',
      by: worker,
      from: 'in_progress',
      to: 'resolved',
      note: '楼上业主已承诺九点后施工',
    });
    expect(completed).toMatchObject({ result: '楼上业主已承诺九点后施工', resolvedAt: lastEvent(completed).createdAt });
    // 回访 within 3 days of resolution for a complaint.
    expect(completed.callbackDueAt).toBe(plus(completed.resolvedAt!, 3 * DAY_MS));
    expect(await doneOf(worker)).toContain(filed.id);
    expect((await detailOf(ctx, resident, filed.id)).actions).toEqual(['rate', 'ask_callback', 'reopen', 'add_info']);
    // The resident has 24 hours to rate it themselves: the desk's callback waits (issue 12).
    expect(completed.ratingWaitUntil).toBe(plus(completed.resolvedAt!, DAY_MS));
    expect(await callbacksDue()).not.toContain(filed.id);
    expect((await detailOf(ctx, receptionist, filed.id)).actions).not.toContain('callback');
    const early = await act(ctx, receptionist, filed.id, 'callback', {
      satisfaction: 'satisfied',
      note: '电话回访满意',
    });
    expect(expectRefusal(early, 409, 'CONFLICT').message).toBe(
      `业主可在 ${formatShanghaiTime(completed.ratingWaitUntil!)} 前自行评价，之后再电话回访（业主请求电话回访时可立即回访）`,
    );
    ctx.clock.advance(DAY_MS);
    expect(await callbacksDue()).toContain(filed.id);
    // 总结 first: the desk closes a complaint once it is summed up (issue 15 §12).
    expect((await detailOf(ctx, receptionist, filed.id)).actions).not.toContain('callback');
    const summed = await actOk(ctx, receptionist, filed.id, 'summarize', {
      rootCause: 'people.process',
      remedy: '责令装修队整改并向业主致歉',
      correctiveMeasure: '装修管理规定提前公示',
    });
    expect(summed.actions).toContain('callback');

    const closed = await actOk(ctx, receptionist, filed.id, 'callback', {
      satisfaction: 'satisfied',
      note: '电话回访，业主对处理结果满意',
      shortcomings: '首次响应偏慢',
      suggestions: '装修管理规定应提前公示',
    });
    const callbackEvent = expectStep(closed, summed, {
      action: 'callback',
      by: receptionist,
      from: 'resolved',
      to: 'closed',
      note: '电话回访，业主对处理结果满意',
    });
    expect(callbackEvent.data).toEqual({ satisfaction: 'satisfied' });
    expect(closed.closedAt).toBe(callbackEvent.createdAt);
    expect(closed.ratings).toEqual([
      {
        id: expect.any(Number),
        replies: [],
        source: 'callback',
        satisfaction: 'satisfied',
        satisfactionLabel: '满意',
        speed: null,
        quality: null,
        attitude: null,
        comment: '电话回访，业主对处理结果满意',
        shortcomings: '首次响应偏慢',
        suggestions: '装修管理规定应提前公示',
        round: 1,
        byName: receptionist.name,
        createdAt: callbackEvent.createdAt,
      },
    ]);
    expect(await callbacksDue()).not.toContain(filed.id);

    // The resident reads the whole public timeline, and has nothing left to do.
    const asResident = await detailOf(ctx, resident, filed.id);
    expect(asResident).toMatchObject({ status: 'closed', statusLabel: '已关闭', actions: [], ratings: closed.ratings });
    expect(asResident.events.map((event) => event.action)).toEqual([
      'create',
      'accept',
      'dispatch',
      'take',
      'start',
      'progress',
      'complete',
      'callback',
    ]);
    const mine = await idsIn(ctx, resident, '/api/requests/mine?status=closed');
    expect(mine).toEqual([filed.id]);
  });

  it('an in-home repair: dispatched by the supervisor, completed, callback due in 7 days, rated 满意 by the resident → closed', async () => {
    const resident = await residentPerson(ctx);
    const category = await seededCategory(ctx, resident, 'repair', '入户维修', '水电维修');
    const appointmentAt = new Date(Date.now() + 2 * DAY_MS).toISOString();
    const filedPhotos = await uploadPhotos(ctx, resident, 2);
    const filed = await fileRequest(
      ctx,
      resident,
      repairForm(resident, category.id, { appointmentAt, photoIds: filedPhotos.map((photo) => photo.id) }),
    );
    expect(photoIdsOf(filed.events[0])).toEqual(filedPhotos.map((photo) => photo.id));
    expect(filed).toMatchObject({
      kind: 'repair',
      status: 'received',
      categoryName: '水电维修',
      departmentName: '工程维修部',
      grade: 'E',
      repair: {
        scope: 'in_home',
        scopeLabel: '入户维修',
        // Not said: an ordinary repair.
        urgency: 'normal',
        urgencyLabel: '一般',
        item: '厨房水龙头',
        location: '厨房水槽下方',
        model: '九牧 J-32',
        appointmentAt,
      },
    });
    expect(filed.number).toMatch(/^BX\d{12}$/);
    expect(filed.events[0].note).toBe('提交报修（水电维修），已转工程维修部');

    const accepted = await actOk(ctx, receptionist, filed.id, 'accept');
    expect(accepted).toMatchObject({ status: 'accepted', grade: 'E' });
    const dispatched = await actOk(ctx, supervisor, filed.id, 'dispatch', {
      assigneeUserId: worker.userId,
      note: '请按预约时间上门',
    });
    expectStep(dispatched, accepted, {
      action: 'dispatch',
      by: supervisor,
      from: 'accepted',
      to: 'dispatched',
      note: '请按预约时间上门',
    });
    const taken = await actOk(ctx, worker, filed.id, 'take');
    const started = await actOk(ctx, worker, filed.id, 'start', { note: '已上门' });
    expectStep(started, taken, { action: 'start', by: worker, from: 'taken', to: 'in_progress', note: '已上门' });
    // Progress and result photos go on their steps of the timeline.
    const progressPhotos = await uploadPhotos(ctx, worker, 2);
    const progressed = await actOk(ctx, worker, filed.id, 'progress', {
      note: '拆开检查，阀芯老化',
      photoIds: progressPhotos.map((photo) => photo.id),
    });
    expect(photoIdsOf(lastEvent(progressed))).toEqual(progressPhotos.map((photo) => photo.id));
    const [resultPhoto] = await uploadPhotos(ctx, worker, 1);
    const completed = await actOk(ctx, worker, filed.id, 'complete', {
      note: '更换阀芯，已不再滴水',
      photoIds: [resultPhoto.id],
    });
    expect(completed.status).toBe('resolved');
    expect(photoIdsOf(lastEvent(completed))).toEqual([resultPhoto.id]);
    const seen = await detailOf(ctx, resident, filed.id);
    expect(seen.events.map((event) => [event.action, photoIdsOf(event)])).toEqual([
      ['create', filedPhotos.map((photo) => photo.id)],
      ['accept', []],
      ['dispatch', []],
      ['take', []],
      ['start', []],
      ['progress', progressPhotos.map((photo) => photo.id)],
      ['complete', [resultPhoto.id]],
    ]);
    // The resident can open them through the signed links.
    const thumbnail = await ctx.http().get(lastEvent(seen).photos[0].thumbnailUrl);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers['content-type']).toBe('image/jpeg');
    // In-home repairs: the callback is due 3–7 days after completion, and listed from day 3.
    expect(completed.callbackDueAt).toBe(plus(completed.resolvedAt!, 7 * DAY_MS));
    expect(await callbacksDue()).not.toContain(filed.id);
    ctx.clock.advance(3 * DAY_MS);
    try {
      expect(await callbacksDue()).toContain(filed.id);
    } finally {
      ctx.clock.advance(-3 * DAY_MS);
    }

    const beforeRating = await detailOf(ctx, resident, filed.id);
    const rated = await actOk(ctx, resident, filed.id, 'rate', {
      satisfaction: 'satisfied',
      speed: 5,
      quality: 4,
      attitude: 5,
      comment: '师傅很专业，准时上门',
      version: beforeRating.version,
    });
    const rateEvent = expectStep(rated, beforeRating, {
      action: 'rate',
      by: resident,
      from: 'resolved',
      to: 'closed',
      note: '师傅很专业，准时上门',
    });
    expect(rateEvent.data).toEqual({ satisfaction: 'satisfied', speed: 5, quality: 4, attitude: 5 });
    expect(rated).toMatchObject({ status: 'closed', closedAt: rateEvent.createdAt, actions: [] });
    expect(rated.ratings).toEqual([
      {
        id: expect.any(Number),
        replies: [],
        source: 'resident',
        satisfaction: 'satisfied',
        satisfactionLabel: '满意',
        speed: 5,
        quality: 4,
        attitude: 5,
        comment: '师傅很专业，准时上门',
        shortcomings: null,
        suggestions: null,
        round: 1,
        byName: resident.name,
        createdAt: rateEvent.createdAt,
      },
    ]);
    // The resident's own rating counts as the callback.
    expect(await callbacksDue()).not.toContain(filed.id);
    expect(await doneOf(worker)).toContain(filed.id);
  });

  it('a common-area repair needs no callback: not in 待回访; the resident rates 基本满意 → closed', async () => {
    const resident = await residentPerson(ctx);
    const category = await seededCategory(ctx, resident, 'repair', '公共维修', '公共给排水');
    const filed = await fileRequest(
      ctx,
      resident,
      repairForm(resident, category.id, {
        repairScope: 'common_area',
        urgency: 'urgent',
        repairItem: '楼道排水管',
        repairLocation: '3单元一楼楼道',
        repairModel: null,
        content: '楼道排水管漏水，地面积水',
      }),
    );
    expect(filed.repair).toMatchObject({
      scope: 'common_area',
      scopeLabel: '公共维修',
      urgency: 'urgent',
      urgencyLabel: '紧急（急修）',
      model: null,
      appointmentAt: null,
    });
    expect(filed.urgent).toBe(true);
    // The desk, having looked, says it can wait: the resident reads 一般 from then on.
    const accepted = await actOk(ctx, receptionist, filed.id, 'accept', { urgency: 'normal' });
    expect(accepted).toMatchObject({ urgent: false, repair: { urgency: 'normal', urgencyLabel: '一般' } });
    await actOk(ctx, receptionist, filed.id, 'dispatch', { assigneeUserId: worker.userId });
    await actOk(ctx, worker, filed.id, 'take');
    await actOk(ctx, worker, filed.id, 'start');
    const completed = await actOk(ctx, worker, filed.id, 'complete', { note: '更换漏水管段' });
    expect(completed).toMatchObject({ status: 'resolved', callbackDueAt: null, resolvedAt: expect.any(String) });
    expect(await callbacksDue()).not.toContain(filed.id);
    const summary = (await idsIn(ctx, resident, '/api/requests/mine?status=resolved')).includes(filed.id);
    expect(summary).toBe(true);
    // 待我处理 on the resident's home: done work to rate waits there until it is rated.
    expect(await idsIn(ctx, resident, '/api/requests/mine?status=waiting')).toContain(filed.id);

    const rated = await actOk(ctx, resident, filed.id, 'rate', {
      satisfaction: 'basically_satisfied',
      speed: 3,
      quality: 4,
      attitude: 4,
    });
    expect(await idsIn(ctx, resident, '/api/requests/mine?status=waiting')).not.toContain(filed.id);
    expect(rated).toMatchObject({
      status: 'closed',
      ratings: [expect.objectContaining({ satisfactionLabel: '基本满意' })],
    });
    expect(lastEvent(rated)).toMatchObject({ action: 'rate', note: null, fromStatus: 'resolved', toStatus: 'closed' });
  });

  it('a suggestion: routed to 客服中心, answered by its supervisor, no callback, rated → closed', async () => {
    const resident = await residentPerson(ctx);
    const category = await seededCategory(ctx, resident, 'suggestion', '服务建议');
    // 客服中心 has no handler among the demo accounts (a request would wait at the desk instead,
    // issue 12); this suite's 客服主管 answers.
    const serviceCenter = await departmentByCode(ctx, 'service_center');
    const lead = await insertStaff(ctx, { role: 'supervisor', departmentId: serviceCenter.id, title: '客服主管' });
    const filed = await fileRequest(ctx, resident, suggestionOf(resident, category.id));
    expect(filed).toMatchObject({
      kind: 'suggestion',
      departmentName: '客服中心',
      grade: 'E',
      gradeLabel: '一般意见/咨询',
    });
    expect(filed.number).toMatch(/^JY\d{12}$/);

    await actOk(ctx, receptionist, filed.id, 'accept');
    const dispatched = await actOk(ctx, receptionist, filed.id, 'dispatch', { assigneeUserId: lead.userId });
    expect(dispatched.assignee).toMatchObject({ userId: lead.userId, departmentName: '客服中心', title: '客服主管' });
    await actOk(ctx, lead, filed.id, 'take');
    await actOk(ctx, lead, filed.id, 'start');
    const answered = await actOk(ctx, lead, filed.id, 'complete', {
      note: '已向业委会提交增设快递柜的方案，预计下月安装',
    });
    expect(answered).toMatchObject({
      status: 'resolved',
      callbackDueAt: null,
      result: '已向业委会提交增设快递柜的方案，预计下月安装',
    });
    expect(await callbacksDue()).not.toContain(filed.id);

    const asResident = await detailOf(ctx, resident, filed.id);
    expect(asResident.result).toBe('已向业委会提交增设快递柜的方案，预计下月安装');
    const rated = await actOk(ctx, resident, filed.id, 'rate', {
      satisfaction: 'satisfied',
      speed: 5,
      quality: 5,
      attitude: 5,
    });
    expect(rated).toMatchObject({
      status: 'closed',
      ratings: [expect.objectContaining({ source: 'resident', round: 1 })],
    });
  });
});

describe('dispatch modes', () => {
  it('supervisor queue: accepted work waits in the queue, unseen by the worker until the supervisor dispatches it', async () => {
    const resident = await residentPerson(ctx);
    const category = await seededCategory(ctx, resident, 'repair', '入户维修', '门窗五金');
    const filed = await fileRequest(ctx, resident, repairForm(resident, category.id, { repairItem: '入户门锁' }));
    const engineering = await departmentByCode(ctx, 'engineering');
    expect(engineering.dispatchMode).toBe('supervisor');

    const accepted = await actOk(ctx, manager, filed.id, 'accept');
    expect(accepted).toMatchObject({ status: 'accepted', assignee: null, version: 2 });
    expect(accepted.events.map((event) => event.action)).toEqual(['create', 'accept']);
    expect(await pendingOf(worker)).not.toContain(filed.id);
    expect(await pendingOf(supervisor)).not.toContain(filed.id);
    // The supervisor's queue: the department's accepted requests.
    expect(await idsIn(ctx, supervisor, `/api/requests?status=accepted&departmentId=${engineering.id}`)).toContain(
      filed.id,
    );
    expect((await detailOf(ctx, supervisor, filed.id)).actions).toContain('dispatch');
    // The picker offers the department's handlers of the project, with their load.
    const options = await ctx
      .http()
      .get(`/api/departments/${engineering.id}/staff?projectId=${resident.binding.room.projectId}`)
      .set(supervisor.auth);
    expect(options.status).toBe(200);
    expect(options.body).toEqual(
      expect.arrayContaining([
        {
          userId: worker.userId,
          name: worker.name,
          title: '水电维修工',
          onDuty: true,
          openTasks: expect.any(Number),
          officialAccount: 'unlinked',
          // Greyed on the sheet for it (issue 12), and for being busy once other suites load them up.
          available: false,
          reasons: expect.arrayContaining([{ code: 'unlinked', label: '未绑定微信' }]),
        },
      ]),
    );

    const dispatched = await actOk(ctx, supervisor, filed.id, 'dispatch', { assigneeUserId: worker.userId });
    expectStep(dispatched, accepted, { action: 'dispatch', by: supervisor, from: 'accepted', to: 'dispatched' });
    expect(await pendingOf(worker)).toContain(filed.id);
    expect(await idsIn(ctx, supervisor, `/api/requests?status=accepted&departmentId=${engineering.id}`)).not.toContain(
      filed.id,
    );
  });

  it('refuses to dispatch to someone outside the department (400 on assigneeUserId)', async () => {
    const resident = await residentPerson(ctx);
    const category = await seededCategory(ctx, resident, 'repair', '入户维修', '水电维修');
    const filed = await fileRequest(ctx, resident, repairForm(resident, category.id));
    await actOk(ctx, receptionist, filed.id, 'accept');
    const before = await rowState(ctx, filed.id);
    const res = await act(ctx, receptionist, filed.id, 'dispatch', { assigneeUserId: cleaner.userId });
    expect(expectRefusal(res, 400, 'VALIDATION_FAILED').details.map((detail) => detail.field)).toEqual([
      'assigneeUserId',
    ]);
    expect(await rowState(ctx, filed.id)).toEqual(before);
  });

  describe('auto', () => {
    let auto: DepartmentRow;
    let offDuty: Person;
    let first: Person;
    let second: Person;
    let categoryId: number;
    let resident: ResidentPerson;

    beforeAll(async () => {
      auto = await insertDepartment(ctx, '自动派单部', 'auto');
      // Inserted first, so the lowest id: picked on a tie if being off duty did not count.
      offDuty = await insertStaff(ctx, { role: 'staff', departmentId: auto.id, name: '休班师傅', onDuty: false });
      first = await insertStaff(ctx, { role: 'staff', departmentId: auto.id, name: '甲师傅' });
      second = await insertStaff(ctx, { role: 'staff', departmentId: auto.id, name: '乙师傅' });
      const category = await insertCategory(ctx, 'repair', auto.id, 'D');
      ownCategories.push(category.id);
      categoryId = category.id;
      resident = await residentPerson(ctx);
    });

    const fileAndAccept = async () => {
      const filed = await fileRequest(ctx, resident, repairForm(resident, categoryId));
      expect(filed.departmentName).toBe(auto.name);
      const accepted = await actOk(ctx, receptionist, filed.id, 'accept');
      return { filed, accepted };
    };

    it('dispatches at once to the least-loaded on-duty member, as the system, skipping the off-duty one', async () => {
      const one = await fileAndAccept();
      expect(one.accepted).toMatchObject({ status: 'dispatched', version: 3, assignee: { userId: first.userId } });
      expect(one.accepted.events.map((event) => event.action)).toEqual(['create', 'accept', 'dispatch']);
      expectEvent(one.accepted.events[1], { action: 'accept', by: receptionist, from: 'received', to: 'accepted' });
      expectEvent(lastEvent(one.accepted), {
        action: 'dispatch',
        by: 'system',
        from: 'accepted',
        to: 'dispatched',
        note: `${auto.name}自动派单给 ${first.name}（在办 0 件）`,
      });
      expect(lastEvent(one.accepted)).toMatchObject({
        actorRoleLabel: '系统',
        data: { assigneeUserId: first.userId, assigneeName: first.name, auto: true },
      });
      expect(await pendingOf(first)).toContain(one.filed.id);

      // 甲 carries one now: the next goes to 乙.
      const two = await fileAndAccept();
      expect(two.accepted.assignee?.userId).toBe(second.userId);
      expect(lastEvent(two.accepted).note).toBe(`${auto.name}自动派单给 ${second.name}（在办 0 件）`);

      // 乙 finishes theirs: least loaded again, whatever the order so far.
      for (const action of ['take', 'start'] as const) await actOk(ctx, second, two.filed.id, action);
      await actOk(ctx, second, two.filed.id, 'complete', { note: '已修好' });
      const three = await fileAndAccept();
      expect(three.accepted.assignee?.userId).toBe(second.userId);

      // Both carry one now: the tie goes to the lower id (甲), never to the off-duty member.
      const four = await fileAndAccept();
      expect(four.accepted.assignee?.userId).toBe(first.userId);
      expect(await pendingOf(offDuty)).toEqual([]);
      expect((await ctx.http().get('/api/tasks/counts').set(offDuty.auth)).body).toEqual({
        pending: 0,
        active: 0,
        done: 0,
        capped: { pending: false, active: false, done: false },
      });
    });

    it('leaves the work in the queue when nobody is on duty', async () => {
      await ctx.dataSource.query('UPDATE staff_member SET on_duty = 0 WHERE department_id = ?', [auto.id]);
      setUpChanged(ctx);
      try {
        const { accepted } = await fileAndAccept();
        expect(accepted).toMatchObject({ status: 'accepted', assignee: null });
        expect(accepted.events.map((event) => event.action)).toEqual(['create', 'accept']);
        // The desk can still dispatch it by hand.
        const dispatched = await actOk(ctx, receptionist, accepted.id, 'dispatch', { assigneeUserId: first.userId });
        expect(lastEvent(dispatched)).toMatchObject({ action: 'dispatch', actorRole: 'receptionist' });
      } finally {
        await ctx.dataSource.query('UPDATE staff_member SET on_duty = 1 WHERE department_id = ? AND user_id <> ?', [
          auto.id,
          offDuty.userId,
        ]);
        setUpChanged(ctx);
      }
    });
  });

  describe('claim (抢单)', () => {
    let claimDept: DepartmentRow;
    let one: Person;
    let two: Person;
    let outsider: Person;
    let categoryId: number;
    let resident: ResidentPerson;

    beforeAll(async () => {
      claimDept = await insertDepartment(ctx, '抢单部', 'claim');
      one = await insertStaff(ctx, { role: 'staff', departmentId: claimDept.id, name: '抢单甲' });
      two = await insertStaff(ctx, { role: 'staff', departmentId: claimDept.id, name: '抢单乙' });
      const otherDept = await insertDepartment(ctx, '别的部门', 'claim');
      outsider = await insertStaff(ctx, { role: 'staff', departmentId: otherDept.id, name: '外部门' });
      const category = await insertCategory(ctx, 'repair', claimDept.id, 'E');
      ownCategories.push(category.id);
      categoryId = category.id;
      resident = await residentPerson(ctx);
    });

    const fileAndAccept = async () => {
      const filed = await fileRequest(ctx, resident, repairForm(resident, categoryId, { repairScope: 'common_area' }));
      return actOk(ctx, receptionist, filed.id, 'accept');
    };

    it('shows accepted work to every member of the department, not to others; the first claim takes it', async () => {
      const accepted = await fileAndAccept();
      expect(accepted).toMatchObject({ status: 'accepted', assignee: null });
      expect(await pendingOf(one)).toEqual([accepted.id]);
      expect(await pendingOf(two)).toEqual([accepted.id]);
      expect(await pendingOf(outsider)).not.toContain(accepted.id);
      expect(await pendingOf(worker)).not.toContain(accepted.id);
      expect((await ctx.http().get('/api/tasks/counts').set(two.auth)).body).toEqual({
        pending: 1,
        active: 0,
        done: 0,
        capped: { pending: false, active: false, done: false },
      });
      expect((await detailOf(ctx, one, accepted.id)).actions).toEqual(['claim', 'note']);
      expect((await detailOf(ctx, outsider, accepted.id)).actions).toEqual(['note']);

      const claimed = await actOk(ctx, two, accepted.id, 'claim', { note: '我离得近' });
      expectStep(claimed, accepted, { action: 'claim', by: two, from: 'accepted', to: 'taken', note: '我离得近' });
      expect(claimed.assignee).toMatchObject({ userId: two.userId, name: two.name });
      expect(await pendingOf(one)).toEqual([]);
      expect(await activeOf(two)).toEqual([accepted.id]);

      // The outsider may not claim; nor may anyone once it is taken.
      const other = await fileAndAccept();
      const before = await rowState(ctx, other.id);
      expectRefusal(await act(ctx, outsider, other.id, 'claim'), 403, 'FORBIDDEN');
      expect(await rowState(ctx, other.id)).toEqual(before);
      const late = expectRefusal(await act(ctx, one, accepted.id, 'claim'), 409, 'INVALID_TRANSITION');
      expect(late.details).toEqual(expect.arrayContaining([{ field: 'status', message: 'taken' }]));
    });

    it('two members claiming at once: exactly one wins, the other gets 409, one claim event', async () => {
      for (let round = 0; round < 3; round++) {
        const accepted = await fileAndAccept();
        const [a, b] = await Promise.all([act(ctx, one, accepted.id, 'claim'), act(ctx, two, accepted.id, 'claim')]);
        expect([a.status, b.status].sort()).toEqual([200, 409]);
        const [winner, loser] = a.status === 200 ? [one, b] : [two, a];
        const refusal = expectRefusal(loser, 409, ['INVALID_TRANSITION', 'CONFLICT']);
        expect(refusal.details).toEqual(expect.arrayContaining([{ field: 'status', message: 'taken' }]));
        expect(await eventCount(ctx, accepted.id, 'claim')).toBe(1);
        expect(await rowState(ctx, accepted.id)).toMatchObject({
          status: 'taken',
          assigneeUserId: winner.userId,
          version: accepted.version + 1,
          events: accepted.events.length + 1,
        });
      }
    });

    it('the seeded 保洁部 works the same: its cleaner sees and claims a cleaning complaint; the repair worker does not see it', async () => {
      const resident = await residentPerson(ctx);
      const category = await seededCategory(ctx, resident, 'complaint', '环境管理', '保洁卫生');
      const filed = await fileRequest(
        ctx,
        resident,
        complaintOf(resident, category.id, { content: '地下车库很久没有打扫' }),
      );
      expect(filed.departmentName).toBe('保洁部');
      const accepted = await actOk(ctx, receptionist, filed.id, 'accept');
      expect(accepted.status).toBe('accepted');
      expect(await pendingOf(cleaner)).toContain(filed.id);
      expect(await pendingOf(worker)).not.toContain(filed.id);
      const claimed = await actOk(ctx, cleaner, filed.id, 'claim');
      expect(claimed).toMatchObject({ status: 'taken', assigneeName: cleaner.name });
      expect(await pendingOf(cleaner)).not.toContain(filed.id);
      expect(await activeOf(cleaner)).toContain(filed.id);
    });

    it('refuses a claim in a department that dispatches from the supervisor’s queue (403)', async () => {
      const resident = await residentPerson(ctx);
      const category = await seededCategory(ctx, resident, 'repair', '入户维修', '水电维修');
      const filed = await fileRequest(ctx, resident, repairForm(resident, category.id));
      const accepted: RequestDetail = await actOk(ctx, receptionist, filed.id, 'accept');
      expect(accepted.actions).not.toContain('claim');
      expect((await detailOf(ctx, worker, filed.id)).actions).not.toContain('claim');
      const before = await rowState(ctx, filed.id);
      expectRefusal(await act(ctx, worker, filed.id, 'claim'), 403, 'FORBIDDEN');
      expect(await rowState(ctx, filed.id)).toEqual(before);
    });
  });
});
