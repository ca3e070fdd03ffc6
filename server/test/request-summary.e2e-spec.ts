import { DAY_MS, type RequestDetail } from '@linli/shared';
import {
  act,
  actOk,
  complaintOf,
  demoStaff,
  detailOf,
  expectRefusal,
  fileRequest,
  post,
  residentPerson,
  rowState,
  runSteps,
  seededCategory,
  type Person,
  type ResidentPerson,
} from './support/lifecycle';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * 总结 (issue 15 §12; seed 003's last step, seed 002's causes): the desk or a supervisor records the
 * root cause (人/机/料/法/环 and its sub-item), the remedy and the corrective measure; a complaint is
 * not closed by the desk before it; the resident reads none of it.
 */
let ctx: TestContext;
let receptionist: Person;
let worker: Person;
let supervisor: Person;
let manager: Person;
let resident: ResidentPerson;
let complaintCategoryId: number;

const SUMMARY = { rootCause: 'people.attitude', remedy: '当面向业主道歉', correctiveMeasure: '全员服务礼仪培训' };

beforeAll(async () => {
  ctx = await createTestContext();
  ({ receptionist, worker, supervisor, manager } = await demoStaff(ctx));
  complaintCategoryId = (await seededCategory(ctx, receptionist, 'complaint', '房屋管理', '装修管理')).id;
  resident = await residentPerson(ctx);
});
afterAll(() => ctx.close());
afterEach(() => ctx.clock.reset());

async function resolvedComplaint(): Promise<RequestDetail> {
  const filed = await fileRequest(
    ctx,
    resident,
    complaintOf(resident, complaintCategoryId, { content: '保安态度恶劣' }),
  );
  return runSteps(ctx, filed.id, [
    [receptionist, 'accept', { grade: 'C' }],
    [receptionist, 'dispatch', { assigneeUserId: worker.userId }],
    [worker, 'take'],
    [worker, 'start'],
    [worker, 'complete', { note: '已约谈当班保安' }],
  ]);
}

describe('总结 at close', () => {
  it('field-level refusals; the handler and the resident may not write it; nothing changes', async () => {
    const { id } = await resolvedComplaint();
    const before = await rowState(ctx, id);
    const bad = expectRefusal(
      await act(ctx, receptionist, id, 'summarize', { rootCause: 'luck', remedy: '', correctiveMeasure: '好' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(bad.details.map((d) => d.field).sort()).toEqual(['correctiveMeasure', 'remedy', 'rootCause']);
    expect(bad.details.find((d) => d.field === 'rootCause')?.message).toBe('请选择原因分类（人、机、料、法、环）');
    expectRefusal(await act(ctx, worker, id, 'summarize', SUMMARY), 403, 'FORBIDDEN');
    expectRefusal(await act(ctx, resident, id, 'summarize', SUMMARY), 403, 'FORBIDDEN');
    expect(await rowState(ctx, id)).toEqual(before);
  });

  it('a supervisor writes it: staff read it with its label and author, the resident reads nothing of it', async () => {
    const resolved = await resolvedComplaint();
    expect(resolved.summary).toBeNull();
    const summed = await actOk(ctx, supervisor, resolved.id, 'summarize', { ...SUMMARY, note: '已复盘' });
    expect(summed).toMatchObject({
      status: 'resolved',
      summary: {
        rootCause: 'people.attitude',
        rootCauseLabel: '人 · 服务态度',
        remedy: '当面向业主道歉',
        correctiveMeasure: '全员服务礼仪培训',
        summarizedByName: supervisor.name,
      },
    });
    expect(summed.events.at(-1)).toMatchObject({ action: 'summarize', note: '已复盘' });
    const mine = await detailOf(ctx, resident, resolved.id);
    expect(mine.summary).toBeNull();
    expect(mine.events.map((event) => event.action)).not.toContain('summarize');
    expect(JSON.stringify(mine)).not.toContain('礼仪培训');
    // Summed up, the desk closes it by callback once the resident's time to rate is over.
    ctx.clock.advance(DAY_MS);
    const closed = await actOk(ctx, receptionist, resolved.id, 'callback', { satisfaction: 'satisfied', note: '满意' });
    expect(closed.status).toBe('closed');
  });

  it('免回访关闭 waits for it too; a resident’s rating closes at once and it is written after', async () => {
    const first = await resolvedComplaint();
    const asked = await post(ctx, receptionist, `/api/requests/${first.id}/approvals`, {
      type: 'close_without_callback',
      reason: '业主已搬离，无法联系',
    });
    expect(expectRefusal(asked, 409, 'CONFLICT').message).toBe(
      '投诉关闭前请先填写总结（原因分析、补救措施、纠正措施）',
    );

    const second = await resolvedComplaint();
    const rated = await actOk(ctx, resident, second.id, 'rate', {
      satisfaction: 'satisfied',
      speed: 5,
      quality: 5,
      attitude: 5,
    });
    expect(rated).toMatchObject({ status: 'closed' });
    const late = await actOk(ctx, manager, second.id, 'summarize', SUMMARY);
    expect(late).toMatchObject({ status: 'closed', summary: { rootCauseLabel: '人 · 服务态度' } });
  });
});
