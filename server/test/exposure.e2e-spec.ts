import type { ContactAccessView, Page, RequestDetail, RequestSummary } from '@linli/shared';
import {
  actOk,
  demoStaff,
  detailOf,
  expectRefusal,
  fileRequest,
  get,
  insertDepartment,
  insertProject,
  insertStaff,
  listAll,
  ownTeam,
  post,
  repairForm,
  residentPerson,
  retireCategories,
  type Person,
  type ResidentPerson,
} from './support/lifecycle';
import { createTestContext, type TestContext } from './support/test-app';
import { ContactAccessService } from '../src/modules/privacy/contact-access.service';

/**
 * Issue 10, finding 8: over-exposure inside a project. Before, phone masking went by role (every
 * receptionist, manager and supervisor of any department read full numbers), every staff member
 * of the project read every internal step, and a worker's 退单 reason reached the resident.
 * Now the contact and the staff's steps are for those handling the request (its assignee, the
 * project's desk and manager, its department's supervisor, its first-contact owner, admins);
 * the rest of the project reads a summary; and every unmasked read is in an access log.
 */

const CONTACT_PHONE = '13812348000';
const PHONE_IN_CONTENT = '13912345678';
const CONTENT = `厨房水管漏水，白天家里只有老人，请打我儿子电话 ${PHONE_IN_CONTENT} 联系`;

let ctx: TestContext;
let receptionist: Person;
let manager: Person;
let supervisor: Person;
let worker: Person;
let admin: Person;
let colleague: Person;
let otherSupervisor: Person;
let otherStaff: Person;
let foreignStaff: Person;
let departmentId: number;
let otherDepartmentName: string;
let otherDepartmentId: number;
let categories: number[];
let repairCategory: number;

beforeAll(async () => {
  ctx = await createTestContext();
  ({ receptionist, manager } = await demoStaff(ctx));
  const team = await ownTeam(ctx, '暴露');
  ({ supervisor, worker, admin, departmentId, repairCategory } = team);
  categories = [team.complaintCategory, team.repairCategory];
  colleague = await insertStaff(ctx, { role: 'staff', departmentId, name: '暴露同事' });
  const other = await insertDepartment(ctx, '暴露邻部', 'supervisor');
  otherDepartmentId = other.id;
  otherDepartmentName = other.name;
  otherSupervisor = await insertStaff(ctx, { role: 'supervisor', departmentId: other.id, name: '邻部主管' });
  otherStaff = await insertStaff(ctx, { role: 'staff', departmentId: other.id, name: '邻部员工' });
  const foreign = await insertProject(ctx);
  foreignStaff = await insertStaff(ctx, {
    role: 'supervisor',
    departmentId,
    projectIds: [foreign.projectId],
    name: '外项目主管',
  });
});
afterAll(async () => {
  await retireCategories(ctx, categories);
  await ctx.close();
});
afterEach(() => ctx.clock.reset());

/** A repair routed to the team's department and dispatched to its worker. */
async function dispatchedRepair(resident: ResidentPerson): Promise<RequestDetail> {
  const filed = await fileRequest(
    ctx,
    resident,
    repairForm(resident, repairCategory, { content: CONTENT, contactPhone: CONTACT_PHONE }),
  );
  await actOk(ctx, receptionist, filed.id, 'accept');
  return actOk(ctx, supervisor, filed.id, 'dispatch', { assigneeUserId: worker.userId });
}

const masked = (name: string) => `${Array.from(name)[0]}${'*'.repeat(Array.from(name).length - 1)}`;
const text = (detail: unknown) => JSON.stringify(detail);

async function accessRows(requestId: number): Promise<Array<{ userId: number; what: string }>> {
  // The audit is written in batches shortly after the reads it records.
  await ctx.app.get(ContactAccessService).flush();
  const rows = (await ctx.dataSource.query(
    'SELECT user_id AS userId, what FROM contact_access_log WHERE request_id = ? ORDER BY id',
    [requestId],
  )) as Array<{ userId: number; what: string }>;
  return rows.map((row) => ({ userId: Number(row.userId), what: row.what }));
}

describe('the resident’s contact details', () => {
  let resident: ResidentPerson;
  let request: RequestDetail;
  beforeAll(async () => {
    resident = await residentPerson(ctx);
    request = await dispatchedRepair(resident);
  });

  it('are full for those handling the request: assignee, desk, manager, its department’s supervisor, admins', async () => {
    for (const person of [worker, receptionist, manager, supervisor, admin]) {
      const seen = await detailOf(ctx, person, request.id);
      expect({ who: person.name, name: seen.contactName, phone: seen.contactPhone }).toEqual({
        who: person.name,
        name: resident.name,
        phone: CONTACT_PHONE,
      });
      expect(seen.content).toBe(CONTENT);
    }
  });

  it('are masked for other staff of the project, other departments’ supervisors included, and in the text', async () => {
    for (const person of [otherSupervisor, otherStaff, colleague]) {
      const seen = await detailOf(ctx, person, request.id);
      expect({ who: person.name, name: seen.contactName, phone: seen.contactPhone }).toEqual({
        who: person.name,
        name: masked(resident.name),
        phone: '138****8000',
      });
      expect(seen.content).toContain('139****5678');
      expect(text(seen)).not.toContain(PHONE_IN_CONTENT);
      expect(text(seen)).not.toContain(CONTACT_PHONE);
      // The handler's own phone is not theirs to read either.
      expect(seen.assignee).toMatchObject({ userId: worker.userId, phone: null });
    }
  });

  it('stay out of lists, even written into the content, whoever reads them', async () => {
    for (const [person, path] of [
      [receptionist, '/api/requests?status=dispatched'],
      [worker, '/api/tasks?tab=pending'],
    ] as const) {
      const rows = await listAll(ctx, person, path);
      const row = rows.find((item: RequestSummary) => item.id === request.id);
      expect(row?.contentPreview).toContain('139****5678');
      expect(text(rows)).not.toContain(PHONE_IN_CONTENT);
    }
  });

  it('are not seen at all by staff of another project', async () => {
    expect((await get(ctx, foreignStaff, `/api/requests/${request.id}`)).status).toBe(404);
  });
});

describe('internal steps', () => {
  let resident: ResidentPerson;
  let request: RequestDetail;
  const NOTE = '业主说下午三点后在家，备用电话 13677778888';
  beforeAll(async () => {
    resident = await residentPerson(ctx);
    request = await dispatchedRepair(resident);
    await actOk(ctx, worker, request.id, 'note', { note: NOTE });
  });

  it('reach those handling the request', async () => {
    for (const person of [worker, supervisor, receptionist, manager]) {
      const notes = (await detailOf(ctx, person, request.id)).events.filter((event) => event.action === 'note');
      expect(notes.map((event) => event.note)).toEqual([NOTE]);
    }
  });

  it('do not reach other staff of the project, nor the resident', async () => {
    for (const person of [otherSupervisor, otherStaff, colleague, resident]) {
      const seen = await detailOf(ctx, person, request.id);
      expect(seen.events.map((event) => event.action)).not.toContain('note');
      expect(text(seen)).not.toContain('13677778888');
    }
  });

  it('of their own stay visible to whoever wrote them, with the phone numbers in them masked', async () => {
    await actOk(ctx, otherStaff, request.id, 'note', { note: '我路过看了，水已经漫到楼道，住户电话 13912345678' });
    const seen = await detailOf(ctx, otherStaff, request.id);
    const own = seen.events.filter((event) => event.action === 'note');
    expect(own.map((event) => event.note)).toEqual(['我路过看了，水已经漫到楼道，住户电话 139****5678']);
  });
});

describe('staff-facing reasons never reach the resident’s timeline', () => {
  it('a worker’s 退单 reason', async () => {
    const resident = await residentPerson(ctx);
    const request = await dispatchedRepair(resident);
    const REASON = '业主家的狗太凶，不想再去了';
    const returned = await actOk(ctx, worker, request.id, 'return', { note: REASON });
    // Staff who handle it read why.
    expect(returned.events.at(-1)).toMatchObject({ action: 'return', note: REASON });
    expect((await detailOf(ctx, supervisor, request.id)).events.map((event) => event.note)).toContain(REASON);

    const seen = await detailOf(ctx, resident, request.id);
    expect(seen.status).toBe('accepted');
    expect(seen.events.map((event) => event.action)).not.toContain('return');
    expect(text(seen)).not.toContain(REASON);
    expect(text(await detailOf(ctx, otherStaff, request.id))).not.toContain(REASON);
  });

  it('a transfer’s reason: the resident reads where it went, not why', async () => {
    const resident = await residentPerson(ctx);
    const request = await dispatchedRepair(resident);
    const REASON = '这个师傅上次跟业主吵过架';
    await actOk(ctx, worker, request.id, 'transfer', { departmentId: otherDepartmentId, note: REASON });
    const seen = await detailOf(ctx, resident, request.id);
    const transfer = seen.events.find((event) => event.action === 'transfer');
    expect(transfer?.note).toBe(`转由${otherDepartmentName}处理`);
    expect(text(seen)).not.toContain(REASON);
  });

  it('an approver’s remark on an extension: the resident reads the new deadline only', async () => {
    ctx.clock.set('2026-11-27T07:00:00Z');
    const resident = await residentPerson(ctx);
    const request = await dispatchedRepair(resident);
    const opened = await post(ctx, supervisor, `/api/requests/${request.id}/approvals`, {
      type: 'extension',
      reason: '师傅请假，配件也没到',
      newDueAt: '2026-12-09T10:00:00+08:00',
      plan: '先关总阀',
    });
    expect(opened.status).toBe(201);
    const REMARK = '下不为例，这个师傅要扣绩效';
    const decided = await post(ctx, manager, `/api/approvals/${(opened.body as { id: number }).id}/approve`, {
      comment: REMARK,
    });
    expect(decided.status).toBe(200);
    const staffSide = await detailOf(ctx, supervisor, request.id);
    expect(text(staffSide)).toContain(REMARK);

    const seen = await detailOf(ctx, resident, request.id);
    const approved = seen.events.find((event) => event.action === 'approval_approved');
    expect(approved?.note).toBe('延期：办结时限延至 2026-12-09 10:00');
    expect(text(seen)).not.toContain(REMARK);
    expect(text(seen)).not.toContain('师傅请假');
  });

  it('a manager’s reason for refusing an invalid ruling', async () => {
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, repairForm(resident, repairCategory));
    await actOk(ctx, receptionist, filed.id, 'rule_invalid', { note: '属于开发商保修', responsibleBody: '开发商' });
    const REASON = '其实是我们物业的责任，别让业主知道';
    await actOk(ctx, manager, filed.id, 'reject_invalid', { note: REASON });
    const seen = await detailOf(ctx, resident, filed.id);
    expect(seen.events.map((event) => event.action)).toEqual(['create']);
    expect(text(seen)).not.toContain(REASON);
    expect(text(seen)).not.toContain('开发商');
  });
});

describe('the contact access log', () => {
  let resident: ResidentPerson;
  let request: RequestDetail;
  beforeAll(async () => {
    resident = await residentPerson(ctx);
    request = await dispatchedRepair(resident);
  });

  it('records every unmasked read by staff, and nothing else', async () => {
    // Filing it: the desk's accept and the supervisor's dispatch answered with the contact.
    expect(await accessRows(request.id)).toEqual([
      { userId: receptionist.userId, what: 'action' },
      { userId: supervisor.userId, what: 'action' },
    ]);
    await detailOf(ctx, receptionist, request.id);
    await detailOf(ctx, worker, request.id);
    // Masked reads, the resident's own, and lists leave no row.
    await detailOf(ctx, otherSupervisor, request.id);
    await detailOf(ctx, colleague, request.id);
    await detailOf(ctx, resident, request.id);
    await listAll(ctx, receptionist, '/api/requests?status=dispatched');
    await actOk(ctx, worker, request.id, 'take');
    expect((await accessRows(request.id)).slice(2)).toEqual([
      { userId: receptionist.userId, what: 'detail' },
      { userId: worker.userId, what: 'detail' },
      { userId: worker.userId, what: 'action' },
    ]);
  });

  it('is listed for admins, newest first, by request, by person and by time', async () => {
    const byRequest = await get(ctx, admin, `/api/admin/contact-access?requestId=${request.id}&pageSize=50`);
    expect(byRequest.status).toBe(200);
    const page = byRequest.body as Page<ContactAccessView>;
    expect(page.total).toBe((await accessRows(request.id)).length);
    expect(page.items[0]).toMatchObject({
      userId: worker.userId,
      userName: worker.name,
      userRole: 'staff',
      requestId: request.id,
      requestNumber: request.number,
      projectId: request.projectId,
      what: 'action',
    });
    const times = page.items.map((item) => item.at);
    expect([...times].sort().reverse()).toEqual(times);

    const byPerson = (
      await get(ctx, admin, `/api/admin/contact-access?requestId=${request.id}&userId=${receptionist.userId}`)
    ).body as Page<ContactAccessView>;
    expect(byPerson.items.map((item) => item.what)).toEqual(['detail', 'action']);

    ctx.clock.set('2030-01-01T00:00:00Z');
    await detailOf(ctx, manager, request.id);
    const window = (
      await get(
        ctx,
        admin,
        `/api/admin/contact-access?requestId=${request.id}&from=${encodeURIComponent('2029-12-31T00:00:00Z')}&to=${encodeURIComponent('2030-01-02T00:00:00+08:00')}`,
      )
    ).body as Page<ContactAccessView>;
    expect(window.items.map((item) => [item.userId, item.requestId])).toEqual([[manager.userId, request.id]]);
  });

  it('is not for managers or anyone else, and refuses bad filters with field messages', async () => {
    for (const person of [manager, receptionist, worker, resident]) {
      expectRefusal(await get(ctx, person, '/api/admin/contact-access'), 403, 'FORBIDDEN');
    }
    const bad = await get(ctx, admin, '/api/admin/contact-access?from=yesterday&userId=-1');
    const body = expectRefusal(bad, 400, 'VALIDATION_FAILED');
    expect(body.details.map((detail) => detail.field).sort()).toEqual(['from', 'userId']);
    const reversed = await get(
      ctx,
      admin,
      '/api/admin/contact-access?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z',
    );
    expect(expectRefusal(reversed, 400, 'VALIDATION_FAILED').details).toEqual([
      { field: 'to', message: '结束时间应晚于开始时间' },
    ]);
  });
});

describe('approvals of a request', () => {
  it('show their reason to the asker, the deciders and those handling the request, not to other staff', async () => {
    ctx.clock.set('2026-11-27T07:00:00Z');
    const resident = await residentPerson(ctx);
    const request = await dispatchedRepair(resident);
    const REASON = '师傅家里有事，业主脾气不好';
    const opened = await post(ctx, supervisor, `/api/requests/${request.id}/approvals`, {
      type: 'extension',
      reason: REASON,
      newDueAt: '2026-12-09T10:00:00+08:00',
      plan: '先关总阀',
    });
    expect(opened.status).toBe(201);
    const approvalId = (opened.body as { id: number }).id;
    const listed = async (person: Person) => {
      const res = await get(ctx, person, '/api/approvals?scope=all&pageSize=20');
      expect(res.status).toBe(200);
      return (res.body as Page<{ id: number }>).items.map((item) => item.id);
    };
    for (const person of [supervisor, worker, manager, receptionist, admin]) {
      expect(await listed(person)).toContain(approvalId);
      const seen = await get(ctx, person, `/api/approvals/${approvalId}`);
      expect(seen.status).toBe(200);
      expect(text(seen.body)).toContain(REASON);
    }
    for (const person of [colleague, otherStaff, otherSupervisor]) {
      expect(await listed(person)).not.toContain(approvalId);
      await expectRefusal(await get(ctx, person, `/api/approvals/${approvalId}`), 404, 'NOT_FOUND');
    }
  });
});
