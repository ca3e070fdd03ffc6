import {
  ACTION_PAYLOADS,
  LIFECYCLE,
  REQUEST_STATUSES,
  type ActionName,
  type DeliveryView,
  type Page,
  type RequestDetail,
  type RequestStatus,
  type Role,
} from '@linli/shared';
import {
  act,
  actOk,
  cloneRequest,
  demoStaff,
  departmentByCode,
  detailField,
  expectRefusal,
  fileRequest,
  get,
  idsIn,
  insertCategory,
  insertDepartment,
  insertProject,
  insertStaff,
  lastEvent,
  post,
  repairForm,
  residentPerson,
  retireCategories,
  rowState,
  type Person,
  type ResidentPerson,
  type Step,
} from './support/lifecycle';
import { insertFailedDelivery } from './support/notifications';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Who may do what (issue 4, Acceptance): every role × every action × a request in a state where
 * the action exists. A call succeeds only where the lifecycle allows the role AND the record rule
 * allows the person (docs/api.md: residents act on their own; the assignee or their department's
 * supervisor does the handler's steps; claims only in a claim department by its members;
 * reassigning only by the department's supervisor; the desk within the projects it serves).
 * Otherwise 403 (role never allowed, or not your record), 404 (cannot see it) or 409 (wrong
 * state) — and a refused call changes nothing.
 */

type Who =
  | 'owner'
  | 'otherResident'
  | 'assignee'
  | 'colleague'
  | 'otherDeptStaff'
  | 'supervisor'
  | 'otherSupervisor'
  | 'receptionist'
  | 'manager'
  | 'foreignReceptionist';

/** How each person relates to the matrix's requests (all filed by `owner`, routed to department D1, in claim mode). */
const PEOPLE: Record<Who, { role: Role; sees: boolean; department: 'D1' | 'D2' | 'desk' | null }> = {
  owner: { role: 'resident', sees: true, department: null },
  otherResident: { role: 'resident', sees: false, department: null },
  /** The staff member the request is dispatched to (from `dispatched` on). */
  assignee: { role: 'staff', sees: true, department: 'D1' },
  /** Same department, not assigned. */
  colleague: { role: 'staff', sees: true, department: 'D1' },
  otherDeptStaff: { role: 'staff', sees: true, department: 'D2' },
  supervisor: { role: 'supervisor', sees: true, department: 'D1' },
  otherSupervisor: { role: 'supervisor', sees: true, department: 'D2' },
  receptionist: { role: 'receptionist', sees: true, department: 'desk' },
  manager: { role: 'manager', sees: true, department: 'desk' },
  /** Serves another project only. */
  foreignReceptionist: { role: 'receptionist', sees: false, department: 'desk' },
};
const WHO = Object.keys(PEOPLE) as Who[];
const ACTIONS = Object.keys(ACTION_PAYLOADS) as ActionName[];

const ASSIGNED: RequestStatus[] = [
  'dispatched',
  'taken',
  'in_progress',
  'fee_pending',
  'on_hold',
  'resolved',
  'closed',
];
const HANDLER_STEPS: ActionName[] = ['take', 'start', 'progress', 'quote_fee', 'pause', 'resume', 'complete', 'return'];

/** The record-level rule of docs/api.md, written out independently of the server's. */
function recordAllows(who: Who, action: ActionName, status: RequestStatus): boolean {
  const person = PEOPLE[who];
  if (person.role === 'resident') return who === 'owner';
  const isAssignee = who === 'assignee' && ASSIGNED.includes(status);
  const leads = person.role === 'supervisor' && person.department === 'D1';
  // 当场解决 is the registrar's: the matrix's requests are filed by the resident, so nobody's.
  if (action === 'resolve_on_spot') return false;
  if (action === 'claim') return person.department === 'D1';
  if (HANDLER_STEPS.includes(action)) return isAssignee || leads;
  if ((action === 'transfer' || action === 'ask_info' || action === 'reply') && person.role === 'staff') {
    return isAssignee;
  }
  if (action === 'reassign' && person.role === 'supervisor') return leads;
  return true;
}

const everAllowed = (role: Role, action: ActionName) =>
  REQUEST_STATUSES.some((status) => LIFECYCLE[status][action]?.roles.includes(role) ?? false);

type Outcome = 200 | 403 | 404 | 409;
function expected(who: Who, action: ActionName, status: RequestStatus): Outcome {
  const person = PEOPLE[who];
  if (!person.sees) return 404;
  if (!everAllowed(person.role, action)) return 403;
  const rule = LIFECYCLE[status][action];
  if (!rule) return 409;
  if (!rule.roles.includes(person.role)) return 403;
  return recordAllows(who, action, status) ? 200 : 403;
}
const CODES: Record<Exclude<Outcome, 200>, string> = { 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'INVALID_TRANSITION' };

/**
 * Each action in a state where it exists (transfer twice: the desk's alone in `accepted`, the
 * assignee's too once dispatched). The branch suites walk the other states.
 */
const CASES: [ActionName, RequestStatus][] = [
  ['resolve_on_spot', 'received'],
  ['accept', 'received'],
  ['rule_invalid', 'received'],
  ['approve_invalid', 'invalid_pending'],
  ['reject_invalid', 'invalid_pending'],
  ['dispatch', 'accepted'],
  ['claim', 'accepted'],
  ['take', 'dispatched'],
  ['reassign', 'dispatched'],
  ['transfer', 'accepted'],
  ['transfer', 'taken'],
  ['return', 'dispatched'],
  ['start', 'taken'],
  ['progress', 'in_progress'],
  ['quote_fee', 'in_progress'],
  ['confirm_fee', 'fee_pending'],
  ['decline_fee', 'fee_pending'],
  ['pause', 'in_progress'],
  ['resume', 'on_hold'],
  ['complete', 'in_progress'],
  ['rate', 'resolved'],
  ['callback', 'resolved'],
  ['ask_callback', 'resolved'],
  ['reopen', 'resolved'],
  ['cancel', 'received'],
  ['urge', 'dispatched'],
  ['ask_info', 'dispatched'],
  ['reply', 'dispatched'],
  ['add_info', 'resolved'],
  ['summarize', 'resolved'],
  ['note', 'closed'],
];

let ctx: TestContext;
const people = {} as Record<Who, Person>;
let owner: ResidentPerson;
let d1: number;
let d2: number;
let categoryId: number;
let foreignProject: { projectId: number; roomId: number };

function bodyOf(action: ActionName): object {
  const bodies: Record<ActionName, object> = {
    accept: { grade: 'C' },
    rule_invalid: { note: '不属于物业管理范围的问题', responsibleBody: '市政供水公司' },
    approve_invalid: {},
    reject_invalid: { note: '属于物业责任范围' },
    dispatch: { assigneeUserId: people.assignee.userId },
    claim: {},
    take: {},
    reassign: { assigneeUserId: people.colleague.userId },
    transfer: { departmentId: d2, note: '应由邻部处理' },
    return: { note: '缺少配件无法处理' },
    start: {},
    progress: { note: '已拆开检查' },
    quote_fee: { items: [{ name: '更换阀芯', amountFen: 3000 }] },
    confirm_fee: {},
    decline_fee: {},
    pause: { note: '等待配件' },
    resume: {},
    complete: { note: '已修复' },
    resolve_on_spot: { note: '已当场答复业主' },
    rate: { satisfaction: 'satisfied', speed: 5, quality: 5, attitude: 5 },
    callback: { satisfaction: 'satisfied', note: '回访满意' },
    ask_callback: {},
    reopen: { note: '仍然漏水' },
    summarize: { rootCause: 'machine.quality', remedy: '更换阀门', correctiveMeasure: '同批阀门全部排查' },
    cancel: {},
    urge: {},
    add_info: { note: '补充：下午在家' },
    ask_info: { note: '请拍一张漏水处的照片' },
    reply: { note: '已联系供水公司，今晚恢复供水' },
    note: { note: '内部备注：业主较急' },
  };
  return bodies[action];
}

/** How each state is reached from a new filing, by the usual people. */
function pathTo(status: RequestStatus): Step[] {
  const { receptionist, assignee, manager } = people;
  const working: Step[] = [
    [receptionist, 'accept'],
    [receptionist, 'dispatch', { assigneeUserId: assignee.userId }],
    [assignee, 'take'],
    [assignee, 'start'],
  ];
  const paths: Record<RequestStatus, Step[]> = {
    received: [],
    accepted: working.slice(0, 1),
    dispatched: working.slice(0, 2),
    taken: working.slice(0, 3),
    in_progress: working,
    fee_pending: [...working, [assignee, 'quote_fee', bodyOf('quote_fee')]],
    on_hold: [...working, [assignee, 'pause', bodyOf('pause')]],
    resolved: [...working, [assignee, 'complete', bodyOf('complete')]],
    closed: [...working, [assignee, 'complete', bodyOf('complete')], [owner, 'rate', bodyOf('rate')]],
    invalid_pending: [[receptionist, 'rule_invalid', bodyOf('rule_invalid')]],
    invalid: [
      [receptionist, 'rule_invalid', bodyOf('rule_invalid')],
      [manager, 'approve_invalid'],
    ],
    cancelled: [[owner, 'cancel']],
  };
  return paths[status];
}

/** One request walked through the API to each state the cases need; the fixtures are copies of it. */
const templates = new Map<RequestStatus, number>();

async function walk(status: RequestStatus): Promise<number> {
  const filed = await fileRequest(ctx, owner, repairForm(owner, categoryId));
  for (const [who, action, body] of pathTo(status)) await actOk(ctx, who, filed.id, action, body);
  return filed.id;
}

const prepare = (status: RequestStatus) => cloneRequest(ctx, templates.get(status)!);

/** Runs the jobs at most `width` at a time. */
async function pooled<T>(jobs: (() => Promise<T>)[], width = 8): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) {
        const index = next++;
        results[index] = await jobs[index]();
      }
    }),
  );
  return results;
}

/** Requests prepared up front: one shared by the refusals of a case, one fresh for each success. */
const fixtures = new Map<string, { shared: number; fresh: Partial<Record<Who, number>> }>();
const key = (action: ActionName, status: RequestStatus) => `${action}@${status}`;
let closedRequest: number;
let foreignRequest: number;
let foreignRequestForDesk: number;

beforeAll(async () => {
  ctx = await createTestContext();
  const demo = await demoStaff(ctx);
  const D1 = await insertDepartment(ctx, '矩阵部', 'claim');
  const D2 = await insertDepartment(ctx, '矩阵邻部', 'supervisor');
  d1 = D1.id;
  d2 = D2.id;
  foreignProject = await insertProject(ctx);
  const serviceCenter = await departmentByCode(ctx, 'service_center');
  owner = await residentPerson(ctx);
  Object.assign(people, {
    owner,
    otherResident: await residentPerson(ctx),
    assignee: await insertStaff(ctx, { role: 'staff', departmentId: d1, name: '矩阵处理人' }),
    colleague: await insertStaff(ctx, { role: 'staff', departmentId: d1, name: '矩阵同事' }),
    otherDeptStaff: await insertStaff(ctx, { role: 'staff', departmentId: d2, name: '邻部员工' }),
    supervisor: await insertStaff(ctx, { role: 'supervisor', departmentId: d1, name: '矩阵主管' }),
    otherSupervisor: await insertStaff(ctx, { role: 'supervisor', departmentId: d2, name: '邻部主管' }),
    receptionist: demo.receptionist,
    manager: demo.manager,
    foreignReceptionist: await insertStaff(ctx, {
      role: 'receptionist',
      departmentId: serviceCenter.id,
      projectIds: [foreignProject.projectId],
      name: '外项目客服',
    }),
  } satisfies Record<Who, Person>);
  categoryId = (await insertCategory(ctx, 'repair', d1, 'E')).id;

  const statuses = [...new Set([...CASES.map(([, status]) => status), 'closed' as const])];
  await pooled(
    statuses.map((status) => async () => {
      templates.set(status, await walk(status));
    }),
  );
  const jobs: (() => Promise<void>)[] = [];
  for (const [action, status] of CASES) {
    const entry: { shared: number; fresh: Partial<Record<Who, number>> } = { shared: 0, fresh: {} };
    fixtures.set(key(action, status), entry);
    jobs.push(async () => {
      entry.shared = await prepare(status);
    });
    for (const who of WHO.filter((w) => expected(w, action, status) === 200)) {
      jobs.push(async () => {
        entry.fresh[who] = await prepare(status);
      });
    }
  }
  jobs.push(async () => {
    closedRequest = await prepare('closed');
  });
  const intake = async () => {
    const res = await ctx.http().post('/api/requests/intake').set(people.foreignReceptionist.auth).send({
      kind: 'repair',
      source: 'phone',
      projectId: foreignProject.projectId,
      roomId: foreignProject.roomId,
      repairScope: 'in_home',
      categoryId,
      content: '外项目业主来电：卫生间漏水',
      contactName: '外项目业主',
      contactPhone: '13522223333',
    });
    expect(res.status).toBe(201);
    return (res.body as RequestDetail).id;
  };
  jobs.push(async () => {
    foreignRequest = await intake();
  });
  jobs.push(async () => {
    foreignRequestForDesk = await intake();
  });
  await pooled(jobs);
  // Past the resident's 24 hours to rate: here the desk's callback is a matter of rights, not of
  // timing (lifecycle-branches tests the wait).
  ctx.clock.advance(25 * 60 * 60 * 1000);
}, 120_000);
afterAll(async () => {
  await retireCategories(ctx, [categoryId]);
  await ctx.close();
});

/** A refused call: the right status and code, and the request exactly as it was. */
async function expectRefused(id: number, who: Who, action: ActionName, outcome: Exclude<Outcome, 200>) {
  const before = await rowState(ctx, id);
  const res = await act(ctx, people[who], id, action, bodyOf(action));
  const body = expectRefusal(res, outcome, CODES[outcome]);
  if (outcome === 409) expect(detailField(body, 'status')).toBe(before.status);
  expect(await rowState(ctx, id)).toEqual(before);
}

describe.each(CASES)('%s on a %s request', (action, status) => {
  const rows = WHO.map((who) => [who, expected(who, action, status)] as const);

  it.each(rows)('by %s → %s', async (who, outcome) => {
    const fixture = fixtures.get(key(action, status))!;
    if (outcome !== 200) {
      await expectRefused(fixture.shared, who, action, outcome);
      return;
    }
    const id = fixture.fresh[who]!;
    const person = people[who];
    const before = await rowState(ctx, id);
    const res = await act(ctx, person, id, action, bodyOf(action));
    expect({ status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ status: 200, body: 'ok' });
    const to = LIFECYCLE[status][action]!.to;
    const after = await rowState(ctx, id);
    expect(after).toMatchObject({ status: to, version: before.version + 1, events: before.events + 1 });
    expect(lastEvent(res.body as RequestDetail)).toMatchObject({
      action,
      actorRole: person.role,
      actorName: person.name,
      fromStatus: status,
      toStatus: to,
    });
    const assignees: Partial<Record<ActionName, number | null>> = {
      claim: person.userId,
      dispatch: people.assignee.userId,
      reassign: people.colleague.userId,
      transfer: null,
      return: null,
      reopen: null,
    };
    expect(after.assigneeUserId).toBe(action in assignees ? assignees[action] : before.assigneeUserId);
  });
});

describe('every action a closed request does not allow: 409, 404 for those who cannot see it', () => {
  // Notes and the 总结 are taken on a closed request too.
  const rows = ACTIONS.filter((action) => !LIFECYCLE.closed[action]).flatMap((action) =>
    WHO.filter((who) => !PEOPLE[who].sees || everAllowed(PEOPLE[who].role, action)).map(
      (who) => [action, who, expected(who, action, 'closed')] as const,
    ),
  );

  it.each(rows)('%s by %s → %s', async (action, who, outcome) => {
    expect(outcome).not.toBe(200);
    await expectRefused(closedRequest, who, action, outcome as Exclude<Outcome, 200>);
  });
});

describe('a role that may never take an action is refused with 403 whatever the state', () => {
  // docs/api.md: "A role that may never take the action → 403"; the state is not the reason.
  it.each([
    ['owner', 'accept'],
    ['owner', 'dispatch'],
    ['owner', 'claim'],
    ['assignee', 'callback'],
    ['receptionist', 'claim'],
    ['manager', 'take'],
    ['supervisor', 'rate'],
  ] as [Who, ActionName][])('%s × %s on a closed request → 403', async (who, action) => {
    expect(everAllowed(PEOPLE[who].role, action)).toBe(false);
    await expectRefused(closedRequest, who, action, 403);
  });
});

describe('a request of another project', () => {
  // One person of each role of 阳光花园: none of them sees it.
  const rows = ACTIONS.flatMap((action) =>
    (['owner', 'assignee', 'supervisor', 'receptionist', 'manager'] as const).map((who) => [action, who] as const),
  );

  it.each(rows)('%s by %s → 404', async (action, who) => {
    await expectRefused(foreignRequest, who, action, 404);
  });

  it('is served by that project’s own desk', async () => {
    const accepted = await actOk(ctx, people.foreignReceptionist, foreignRequestForDesk, 'accept');
    expect(accepted).toMatchObject({ status: 'accepted', firstContactName: people.foreignReceptionist.name });
  });

  it('stays out of the other desks’ lists, and theirs out of its', async () => {
    expect(await idsIn(ctx, people.receptionist, '/api/requests?status=received')).not.toContain(foreignRequest);
    const foreignList = await idsIn(ctx, people.foreignReceptionist, '/api/requests');
    expect(foreignList).toEqual(expect.arrayContaining([foreignRequest, foreignRequestForDesk]));
    expect(foreignList).not.toContain(closedRequest);
  });

  it('refuses the foreign receptionist’s intake into 阳光花园 (404)', async () => {
    const res = await ctx.http().post('/api/requests/intake').set(people.foreignReceptionist.auth).send({
      kind: 'complaint',
      source: 'phone',
      projectId: owner.binding.room.projectId,
      categoryId,
      content: '跨项目登记的投诉内容',
      contactName: '某人',
      contactPhone: '13522224444',
    });
    expectRefusal(res, 404, 'NOT_FOUND');
  });
});

describe('the matrix covers', () => {
  it('every action of ACTION_PAYLOADS in a state where someone may take it, with at least one success', () => {
    for (const action of ACTIONS) {
      const cases = CASES.filter(([a]) => a === action);
      expect({ action, cases: cases.length > 0 }).toEqual({ action, cases: true });
      for (const [, status] of cases) expect(LIFECYCLE[status][action]).toBeDefined();
      // 当场解决 belongs to whoever registered the request; its success is lifecycle-branches' (intake).
      if (action === 'resolve_on_spot') continue;
      expect({
        action,
        succeeds: cases.some(([, status]) => WHO.some((who) => expected(who, action, status) === 200)),
      }).toEqual({ action, succeeds: true });
    }
  });
});

describe('who reads the resident’s contact on a dispatched request (issue 10, finding 8)', () => {
  // Before, masking went by role: every receptionist, manager and supervisor of any department read it.
  const HANDLING: Who[] = ['owner', 'assignee', 'supervisor', 'receptionist', 'manager'];
  const rows = WHO.map((who) => [who, !PEOPLE[who].sees ? 404 : HANDLING.includes(who) ? 'full' : 'masked'] as const);
  let dispatched: number;
  beforeAll(async () => {
    dispatched = await prepare('dispatched');
  });

  it.each(rows)('%s → %s', async (who, outcome) => {
    const res = await get(ctx, people[who], `/api/requests/${dispatched}`);
    if (outcome === 404) {
      expectRefusal(res, 404, 'NOT_FOUND');
      return;
    }
    expect(res.status).toBe(200);
    const detail = res.body as RequestDetail;
    expect(detail.contactPhone).toBe(outcome === 'full' ? '13800138000' : '138****8000');
    expect(detail.contactName === owner.name).toBe(outcome === 'full');
  });

  it('the access log is for admins only', async () => {
    for (const who of WHO) {
      expectRefusal(await get(ctx, people[who], '/api/admin/contact-access'), 403, 'FORBIDDEN');
    }
  });
});

describe('failed WeChat deliveries belong to their request’s project (issue 10, finding 4)', () => {
  // Before, `GET /api/admin/deliveries` and its retry ran company-wide: a manager of one project
  // read another's failed messages (residents' names, the request's content) and re-sent them.
  let foreignManager: Person;
  let admin: Person;
  let ours: number;
  let theirs: number;

  const failedDelivery = (requestId: number, recipient: Person, title: string) =>
    insertFailedDelivery(ctx, requestId, recipient, title);

  async function listed(who: Person): Promise<DeliveryView[]> {
    const items: DeliveryView[] = [];
    for (let page = 1; page <= 100; page++) {
      const res = await get(ctx, who, `/api/admin/deliveries?status=failed&page=${page}&pageSize=50`);
      expect(res.status).toBe(200);
      const body = res.body as Page<DeliveryView>;
      items.push(...body.items);
      if (page * 50 >= body.total) break;
    }
    return items;
  }

  const statusOf = async (id: number) =>
    (
      (await ctx.dataSource.query('SELECT status FROM notification_delivery WHERE id = ?', [id])) as {
        status: string;
      }[]
    )[0].status;

  beforeAll(async () => {
    const serviceCenter = await departmentByCode(ctx, 'service_center');
    foreignManager = await insertStaff(ctx, {
      role: 'manager',
      departmentId: serviceCenter.id,
      projectIds: [foreignProject.projectId],
      name: '外项目经理',
    });
    admin = await insertStaff(ctx, { role: 'admin', departmentId: null, name: '矩阵总经理' });
    ours = await failedDelivery(closedRequest, owner, '阳光花园的失败消息');
    theirs = await failedDelivery(foreignRequest, people.foreignReceptionist, '外项目的失败消息');
  });

  it('a manager of project B lists none of project A’s failed deliveries, and A’s manager none of B’s', async () => {
    const foreignIds = (await listed(foreignManager)).map((item) => item.id);
    expect(foreignIds).toContain(theirs);
    expect(foreignIds).not.toContain(ours);
    const foreignTotal = (await get(ctx, foreignManager, '/api/admin/deliveries?status=failed'))
      .body as Page<DeliveryView>;
    expect(foreignTotal.total).toBe(foreignIds.length);

    const ownIds = (await listed(people.manager)).map((item) => item.id);
    expect(ownIds).toContain(ours);
    expect(ownIds).not.toContain(theirs);
  });

  it('retrying another project’s delivery is 404 and leaves it failed; the own project’s is re-queued', async () => {
    expectRefusal(await post(ctx, foreignManager, `/api/admin/deliveries/${ours}/retry`), 404, 'NOT_FOUND');
    expect(await statusOf(ours)).toBe('failed');
    expectRefusal(await post(ctx, people.manager, `/api/admin/deliveries/${theirs}/retry`), 404, 'NOT_FOUND');
    expect(await statusOf(theirs)).toBe('failed');

    const retried = await post(ctx, foreignManager, `/api/admin/deliveries/${theirs}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: theirs, status: 'pending', attempts: 0 });
  });

  it('admins see and retry every project’s', async () => {
    const ids = (await listed(admin)).map((item) => item.id);
    expect(ids).toContain(ours);
    const retried = await post(ctx, admin, `/api/admin/deliveries/${ours}/retry`);
    expect(retried.body).toMatchObject({ id: ours, status: 'pending' });
  });

  it('the rest of the staff and residents are refused (403)', async () => {
    for (const who of ['receptionist', 'supervisor', 'assignee', 'owner'] as const) {
      expectRefusal(await get(ctx, people[who], '/api/admin/deliveries'), 403, 'FORBIDDEN');
      expectRefusal(await post(ctx, people[who], `/api/admin/deliveries/${theirs}/retry`), 403, 'FORBIDDEN');
    }
  });
});

// Every set-up route, person by person, is server/test/admin-authorization.e2e-spec.ts's table.
describe('the company set-up screens (issue 14)', () => {
  const batch = { buildings: 1, units: 1, floors: 1, perFloor: 1, firstBuilding: 90 };

  it('a manager reads their own project and not another’s (404), and creates nothing company-wide (403)', async () => {
    const own = ((await get(ctx, people.manager, '/api/admin/projects')).body as Page<{ id: number }>).items;
    expect(own.length).toBeGreaterThan(0);
    expect(own.map((p) => p.id)).not.toContain(foreignProject.projectId);
    expect((await get(ctx, people.manager, `/api/admin/projects/${own[0]!.id}`)).status).toBe(200);
    expectRefusal(await get(ctx, people.manager, `/api/admin/projects/${foreignProject.projectId}`), 404, 'NOT_FOUND');
    expectRefusal(
      await post(ctx, people.manager, `/api/admin/projects/${foreignProject.projectId}/rooms/batch`, batch),
      404,
      'NOT_FOUND',
    );
    expectRefusal(
      await post(ctx, people.manager, '/api/admin/projects', { name: '矩阵项目', kind: 'office' }),
      403,
      'FORBIDDEN',
    );
    expectRefusal(
      await post(ctx, people.manager, '/api/admin/departments', { name: '矩阵部门', dispatchMode: 'auto' }),
      403,
      'FORBIDDEN',
    );
  });

  it('the rest of the staff and residents are refused (403)', async () => {
    for (const who of ['receptionist', 'supervisor', 'assignee', 'owner', 'foreignReceptionist'] as const) {
      expectRefusal(await get(ctx, people[who], '/api/admin/projects'), 403, 'FORBIDDEN');
      expectRefusal(
        await post(ctx, people[who], `/api/admin/projects/${foreignProject.projectId}/rooms/batch`, batch),
        403,
        'FORBIDDEN',
      );
      expectRefusal(await get(ctx, people[who], '/api/admin/departments'), 403, 'FORBIDDEN');
    }
    expectRefusal(await get(ctx, people.owner, '/api/me/duty'), 403, 'FORBIDDEN');
  });
});
