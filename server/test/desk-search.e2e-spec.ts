import { randomBytes } from 'node:crypto';
import type { BoardView, CallerLookup, ListPage, RequestDetail, RequestSummary } from '@linli/shared';
import { expectApiError, expectValidation } from './support/api';
import {
  actOk,
  complaintOf,
  demoStaff,
  fileRequest,
  get,
  idsIn,
  insertCategory,
  insertDepartment,
  insertProject,
  insertStaff,
  listAll,
  repairForm,
  residentPerson,
  retireCategories,
  runSteps,
  type Person,
  type ResidentPerson,
} from './support/lifecycle';
import { freshOwner } from './support/rooms';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * The desk finds anything (issue 12): search by number, whole phone, its last four digits,
 * contact name and door number, within the caller's projects and only by those who may see
 * contacts; the filters (kind, status, category, department, handler, dates, time limits); the
 * queues by the nearest limit; round and urges on the cards; 代客登记's caller lookup.
 */

let ctx: TestContext;
let receptionist: Person;
let manager: Person;
let worker: Person;
let lead: Person;
let otherLead: Person;
let handler: Person;
let departmentId: number;
let repairCategory: number;
let complaintCategory: number;

const ACTIVE = 'dispatched,taken,in_progress,fee_pending,on_hold';
const OPEN = `received,accepted,${ACTIVE},invalid_pending`;

/** A phone number nobody else in the run has: its last four digits are this suite's alone too (almost). */
function freshPhone(): string {
  return `137${String(randomBytes(4).readUInt32BE() % 1e8).padStart(8, '0')}`;
}

/** A resident of a new room of 阳光花园 whose registered phone is fresh. */
async function newResident(): Promise<ResidentPerson> {
  return residentPerson(ctx, await freshOwner(ctx.dataSource));
}

/** The raw answer, for the error-shape checks. */
const raw = (who: Person, path: string) => ctx.http().get(path).set(who.auth);

async function page(who: Person, path: string): Promise<ListPage<RequestSummary>> {
  const res = await get(ctx, who, path);
  expect({ path, status: res.status }).toEqual({ path, status: 200 });
  return res.body as ListPage<RequestSummary>;
}

const close = (id: number, resident: Person) =>
  runSteps(ctx, id, [
    [receptionist, 'accept'],
    [receptionist, 'dispatch', { assigneeUserId: handler.userId }],
    [handler, 'take'],
    [handler, 'start'],
    [handler, 'complete', { note: '已处理' }],
    [resident, 'rate', { satisfaction: 'satisfied', speed: 5, quality: 5, attitude: 5 }],
  ]);

beforeAll(async () => {
  ctx = await createTestContext();
  ({ receptionist, manager, worker } = await demoStaff(ctx));
  departmentId = (await insertDepartment(ctx, '查找部', 'supervisor')).id;
  lead = await insertStaff(ctx, { role: 'supervisor', departmentId, name: '查找主管' });
  handler = await insertStaff(ctx, { role: 'staff', departmentId, name: '查找师傅' });
  const otherDepartment = (await insertDepartment(ctx, '别的部', 'supervisor')).id;
  otherLead = await insertStaff(ctx, { role: 'supervisor', departmentId: otherDepartment, name: '别部主管' });
  repairCategory = (await insertCategory(ctx, 'repair', departmentId, 'E')).id;
  complaintCategory = (await insertCategory(ctx, 'complaint', departmentId, 'C')).id;
});
afterAll(async () => {
  await retireCategories(ctx, [repairCategory, complaintCategory]);
  await ctx.close();
});

describe('search: GET /api/requests?q=', () => {
  it('finds a closed request by number, whole phone, last four digits, contact name and door number', async () => {
    const resident = await newResident();
    const phone = freshPhone();
    const filed = await fileRequest(
      ctx,
      resident,
      repairForm(resident, repairCategory, { contactPhone: phone, contactName: resident.name }),
    );
    const closed = await close(filed.id, resident);
    expect(closed.status).toBe('closed');
    const door = resident.binding.room.name;

    for (const q of [filed.number, filed.number.toLowerCase(), phone, phone.slice(-4), resident.name, door]) {
      const ids = await idsIn(ctx, receptionist, `/api/requests?q=${encodeURIComponent(q)}`);
      expect({ q, found: ids.includes(filed.id) }).toEqual({ q, found: true });
    }
    // Only matches: each request found has a phone ending in those digits, or a room of that door number.
    const found = await idsIn(ctx, receptionist, `/api/requests?q=${phone.slice(-4)}`);
    const rows = (await ctx.dataSource.query(
      'SELECT r.contact_phone AS phone, rm.name AS door FROM request r LEFT JOIN room rm ON rm.id = r.room_id WHERE r.id IN (?)',
      [found],
    )) as { phone: string; door: string | null }[];
    for (const row of rows) expect(row.phone.endsWith(phone.slice(-4)) || row.door === phone.slice(-4)).toBe(true);
    // Search keeps the status filter: 已关闭 has it, 处理中 does not.
    expect(await idsIn(ctx, receptionist, `/api/requests?q=${phone.slice(-4)}&status=closed`)).toContain(filed.id);
    expect(await idsIn(ctx, receptionist, `/api/requests?q=${phone.slice(-4)}&status=${ACTIVE}`)).not.toContain(
      filed.id,
    );
    // A manager finds it too; the number is found whatever the other filters say.
    expect(await idsIn(ctx, manager, `/api/requests?q=${phone}`)).toContain(filed.id);
    expect(await idsIn(ctx, receptionist, `/api/requests?q=${filed.number}&status=received`)).toEqual([filed.id]);
  });

  it('lists a request matched by both its phone’s tail and its door number once', async () => {
    const phone = freshPhone();
    const last4 = phone.slice(-4);
    // A room whose door number is the phone's last four digits.
    const base = await freshOwner(ctx.dataSource);
    await ctx.dataSource.query('UPDATE room SET name = ? WHERE id = ?', [last4, base.roomId]);
    const resident = await residentPerson(ctx, base);
    const filed = await fileRequest(ctx, resident, complaintOf(resident, complaintCategory, { contactPhone: phone }));
    const found = await page(receptionist, `/api/requests?q=${last4}&pageSize=50`);
    expect(found.items.filter((item) => item.id === filed.id)).toHaveLength(1);
    expect(found.total).toBe(new Set(found.items.map((item) => item.id)).size);
  });

  it('searches contacts only for those who may see them, and only in the projects they serve', async () => {
    const resident = await newResident();
    const phone = freshPhone();
    const filed = await fileRequest(ctx, resident, complaintOf(resident, complaintCategory, { contactPhone: phone }));
    // A worker may not look a phone number up, nor find it by its tail or by name.
    expectApiError(await raw(worker, `/api/requests?q=${phone}`), 403, 'FORBIDDEN');
    expect(await idsIn(ctx, worker, `/api/requests?q=${phone.slice(-4)}`)).not.toContain(filed.id);
    expect(await idsIn(ctx, worker, `/api/requests?q=${encodeURIComponent(resident.name)}`)).not.toContain(filed.id);
    // …but may find it by its number or its room, which the queue shows anyway.
    expect(await idsIn(ctx, worker, `/api/requests?q=${filed.number}`)).toEqual([filed.id]);
    expect(await idsIn(ctx, worker, `/api/requests?q=${resident.binding.room.name}`)).toContain(filed.id);
    // A supervisor finds the contacts of their own department's requests only.
    expect(await idsIn(ctx, lead, `/api/requests?q=${phone}`)).toContain(filed.id);
    expect(await idsIn(ctx, otherLead, `/api/requests?q=${phone}`)).not.toContain(filed.id);
    // A desk of another project finds nothing of this one.
    const { projectId } = await insertProject(ctx);
    const foreign = await insertStaff(ctx, { role: 'receptionist', departmentId: null, projectIds: [projectId] });
    for (const q of [phone, phone.slice(-4), filed.number, resident.name]) {
      expect(await idsIn(ctx, foreign, `/api/requests?q=${encodeURIComponent(q)}`)).toEqual([]);
    }
  });
});

describe('filters and order: GET /api/requests', () => {
  it('filters by category, department (and 待分派), handler, kind and dates', async () => {
    // A department and categories of this case's own, so the lists hold only its requests.
    const own = (await insertDepartment(ctx, '筛选部', 'supervisor')).id;
    const ownHandler = await insertStaff(ctx, { role: 'staff', departmentId: own, name: '筛选师傅' });
    const ownRepair = (await insertCategory(ctx, 'repair', own, 'E')).id;
    const ownComplaint = (await insertCategory(ctx, 'complaint', own, 'C')).id;
    try {
      const resident = await newResident();
      const repair = await fileRequest(ctx, resident, repairForm(resident, ownRepair));
      const complaint = await fileRequest(ctx, resident, complaintOf(resident, ownComplaint));
      await runSteps(ctx, repair.id, [
        [receptionist, 'accept'],
        [receptionist, 'dispatch', { assigneeUserId: ownHandler.userId }],
      ]);
      expect(await idsIn(ctx, receptionist, `/api/requests?categoryId=${ownRepair}`)).toEqual([repair.id]);
      expect(await idsIn(ctx, receptionist, `/api/requests?categoryId=${ownRepair}&kind=complaint`)).toEqual([]);
      expect(await idsIn(ctx, receptionist, `/api/requests?categoryId=${ownComplaint}&sort=deadline`)).toEqual([
        complaint.id,
      ]);
      expect(await idsIn(ctx, receptionist, `/api/requests?categoryId=${ownRepair}&status=received`)).toEqual([]);
      expect((await idsIn(ctx, manager, `/api/requests?departmentId=${own}`)).sort()).toEqual(
        [repair.id, complaint.id].sort(),
      );
      expect(await idsIn(ctx, manager, `/api/requests?departmentId=${own}&kind=repair&sort=deadline`)).toEqual([
        repair.id,
      ]);
      for (const sort of ['newest', 'deadline']) {
        const path = `/api/requests?assigneeUserId=${ownHandler.userId}&status=${OPEN}&sort=${sort}`;
        expect(await idsIn(ctx, manager, path)).toEqual([repair.id]);
      }
      // 待分派: no department yet.
      await ctx.dataSource.query('UPDATE request SET department_id = NULL WHERE id = ?', [complaint.id]);
      expect(
        await idsIn(ctx, receptionist, '/api/requests?departmentId=none&kind=complaint&status=received'),
      ).toContain(complaint.id);
      expect(await idsIn(ctx, receptionist, '/api/requests?departmentId=none&sort=deadline')).toContain(complaint.id);
      expect(await idsIn(ctx, receptionist, '/api/requests?departmentId=none')).not.toContain(repair.id);
      // Dates are Shanghai days; `to` takes in its whole day.
      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      const yesterday = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
      expect(await idsIn(ctx, receptionist, `/api/requests?categoryId=${ownRepair}&from=${today}&to=${today}`)).toEqual(
        [repair.id],
      );
      expect(await idsIn(ctx, receptionist, `/api/requests?categoryId=${ownRepair}&to=${yesterday}`)).toEqual([]);
    } finally {
      await retireCategories(ctx, [ownRepair, ownComplaint]);
    }
  });

  it('sorts by the nearest running limit, and finds the overdue and the nearing ones', async () => {
    const resident = await newResident();
    // The older one stays waiting for dispatch (10 minutes); the newer one is dispatched, its
    // resolution limit days away: most urgent first is the older, newest first the newer.
    const urgent = await fileRequest(ctx, resident, complaintOf(resident, complaintCategory));
    const calm = await fileRequest(ctx, resident, complaintOf(resident, complaintCategory));
    const due = (detail: RequestDetail) => Date.parse(detail.deadline!.dueAt);
    const dispatched = await runSteps(ctx, calm.id, [
      [receptionist, 'accept'],
      [receptionist, 'dispatch', { assigneeUserId: handler.userId }],
    ]);
    expect(due(dispatched)).toBeGreaterThan(due(urgent));
    const queue = `/api/requests?categoryId=${complaintCategory}&status=${OPEN}`;
    const mine = (ids: number[]) => ids.filter((id) => id === urgent.id || id === calm.id);
    expect(mine(await idsIn(ctx, receptionist, `${queue}&sort=deadline`))).toEqual([urgent.id, calm.id]);
    expect(mine(await idsIn(ctx, receptionist, `${queue}&sort=newest`))).toEqual([calm.id, urgent.id]);
    expect(mine(await idsIn(ctx, receptionist, `${queue}`))).toEqual([calm.id, urgent.id]);
    // Across pages of one, by cursor, the same order.
    const first = await page(receptionist, `${queue}&sort=deadline&pageSize=1`);
    const ids = first.items.map((item) => item.id);
    for (let next = first.next; next;) {
      const more = await page(receptionist, `${queue}&sort=deadline&pageSize=1&cursor=${next}`);
      ids.push(...more.items.map((item) => item.id));
      next = more.next;
    }
    expect(mine(ids)).toEqual([urgent.id, calm.id]);
    // Just before the dispatch limit of `urgent`: nearing; just after: overdue.
    const span = due(urgent) - Date.parse(urgent.createdAt);
    ctx.clock.set(new Date(due(urgent) - span * 0.1));
    expect(mine(await idsIn(ctx, receptionist, `${queue}&due=nearing`))).toEqual([urgent.id]);
    expect(mine(await idsIn(ctx, receptionist, `${queue}&due=overdue`))).toEqual([]);
    const nearing = (await listAll(ctx, receptionist, `${queue}&due=nearing`)).find((item) => item.id === urgent.id);
    expect(nearing?.deadline?.state).toBe('nearing');
    ctx.clock.set(new Date(due(urgent) + 60_000));
    expect(mine(await idsIn(ctx, receptionist, `${queue}&due=overdue`))).toEqual([urgent.id]);
    expect(mine(await idsIn(ctx, receptionist, `/api/requests?due=overdue&departmentId=${departmentId}`))).toEqual([
      urgent.id,
    ]);
    expect(mine(await idsIn(ctx, receptionist, `${queue}&due=nearing`))).toEqual([]);

    // The board's counts open the same requests.
    const board = (await get(ctx, lead, '/api/board')).body as BoardView;
    const row = board.departments.find((r) => r.departmentId === departmentId)!;
    const overdue = await listAll(ctx, lead, `/api/requests?departmentId=${departmentId}&status=${OPEN}&due=overdue`);
    const open = await listAll(ctx, lead, `/api/requests?departmentId=${departmentId}&status=${OPEN}`);
    expect({ open: open.length, overdue: overdue.length }).toEqual({ open: row.open, overdue: row.overdue });
    ctx.clock.reset();
  });

  it('shows the round and the urges on the card', async () => {
    const resident = await newResident();
    const filed = await fileRequest(ctx, resident, repairForm(resident, repairCategory));
    await actOk(ctx, resident, filed.id, 'urge', { note: '还没人来' });
    await runSteps(ctx, filed.id, [
      [receptionist, 'accept'],
      [receptionist, 'dispatch', { assigneeUserId: handler.userId }],
      [handler, 'take'],
      [handler, 'start'],
      [handler, 'complete', { note: '已处理' }],
      [resident, 'reopen', { note: '还是在滴水', speed: 3, quality: 1, attitude: 4 }],
    ]);
    const card = (await listAll(ctx, receptionist, `/api/requests?q=${filed.number}`))[0];
    expect(card).toMatchObject({ id: filed.id, round: 2, urgeCount: 1, status: 'accepted' });
  });

  it('refuses filters it cannot serve, field by field', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const bad = (query: string, fields: string[]) =>
      raw(receptionist, `/api/requests?${query}`).then((res) => expectValidation(res, fields));
    await bad('sort=oldest', ['sort']);
    await bad('due=soon', ['due']);
    await bad('departmentId=abc', ['departmentId']);
    await bad('categoryId=0', ['categoryId']);
    await bad('from=2026-13-01', ['from']);
    await bad('from=2026-12-02&to=2026-12-01', ['to']);
    await bad(`due=overdue&from=${today}`, ['due']);
    await bad(`q=${encodeURIComponent('很'.repeat(21))}`, ['q']);
  });
});

describe('代客登记 caller lookup: GET /api/desk/callers', () => {
  it('finds a caller’s houses and recent requests by phone, and a room’s registered owner', async () => {
    const owner = await freshOwner(ctx.dataSource);
    const resident = await residentPerson(ctx, owner);
    const filed = await fileRequest(
      ctx,
      resident,
      complaintOf(resident, complaintCategory, { contactPhone: owner.phone }),
    );

    const byPhone = (await get(ctx, receptionist, `/api/desk/callers?q=${owner.phone}`)).body as CallerLookup;
    expect(byPhone.houses.map((house) => house.room.id)).toEqual([owner.roomId]);
    expect(byPhone.houses[0]).toMatchObject({
      room: { id: owner.roomId, name: resident.binding.room.name },
      label: resident.binding.room.label,
      registered: [{ name: owner.name, phone: owner.phone, relation: 'owner', relationLabel: '业主' }],
      residents: [{ name: owner.name, phone: owner.phone }],
    });
    expect(byPhone.recent.map((item) => item.id)).toEqual([filed.id]);

    const byRoom = (await get(ctx, receptionist, `/api/desk/callers?roomId=${owner.roomId}`)).body as CallerLookup;
    expect(byRoom.houses[0].registered[0]).toMatchObject({ name: owner.name, phone: owner.phone });
    expect(byRoom.recent.map((item) => item.id)).toEqual([filed.id]);

    const byDoor = (await get(ctx, manager, `/api/desk/callers?q=${resident.binding.room.name}`)).body as CallerLookup;
    expect(byDoor.houses.map((house) => house.room.id)).toContain(owner.roomId);

    // A number nobody registered: nothing, not an error.
    const unknown = (await get(ctx, receptionist, `/api/desk/callers?q=${freshPhone()}`)).body as CallerLookup;
    expect(unknown).toEqual({ houses: [], recent: [] });
  });

  it('is for the desk, within its projects', async () => {
    const owner = await freshOwner(ctx.dataSource);
    expectApiError(await raw(worker, `/api/desk/callers?q=${owner.phone}`), 403, 'FORBIDDEN');
    const { projectId, roomId } = await insertProject(ctx);
    expectApiError(await raw(receptionist, `/api/desk/callers?roomId=${roomId}`), 404, 'NOT_FOUND');
    const foreign = await insertStaff(ctx, { role: 'receptionist', departmentId: null, projectIds: [projectId] });
    expect((await get(ctx, foreign, `/api/desk/callers?q=${owner.phone}`)).body).toEqual({ houses: [], recent: [] });
    expectValidation(await raw(receptionist, '/api/desk/callers'), ['q']);
    expectValidation(await raw(receptionist, `/api/desk/callers?q=${encodeURIComponent('王先生')}`), ['q']);
    expectValidation(await raw(receptionist, '/api/desk/callers?roomId=x'), ['roomId']);
  });
});
