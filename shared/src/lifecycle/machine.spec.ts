import { ROLES, type Role } from '../roles';
import { LIFECYCLE_ACTIONS, type LifecycleAction } from './actions';
import { availableActions, checkTransition, LIFECYCLE, validateLifecycle, type Lifecycle } from './machine';
import { REQUEST_STATUSES, type RequestStatus } from './statuses';

/**
 * The lifecycle written out a second time, by hand, as the spec reads (DOMAIN.md "Lifecycle").
 * Every state × action × role is checked against it, so an accidental edit of the machine
 * shows up as a failing row instead of a silently wider permission.
 */
const DESK = 'receptionist supervisor manager admin';
const STAFFSIDE = 'receptionist staff supervisor manager admin';
const HANDLERS = 'staff supervisor';
const LEADS = 'supervisor manager admin';
const stay = (status: string) => `
${status} urge          resident                  -> ${status}
${status} add_info      resident ${DESK}          -> ${status}
${status} ask_info      ${STAFFSIDE}              -> ${status}
${status} reply         ${STAFFSIDE}              -> ${status}
${status} note          ${STAFFSIDE}              -> ${status}`;
const SPEC = `
received    accept          ${DESK}                   -> accepted
received    rule_invalid    ${DESK}                   -> invalid_pending
received    resolve_on_spot ${STAFFSIDE}              -> resolved
received    cancel          resident ${DESK}          -> cancelled
${stay('received')}
accepted    dispatch        ${DESK}                   -> dispatched
accepted    claim           staff                     -> taken
accepted    transfer        ${DESK}                   -> accepted
accepted    rule_invalid    ${DESK}                   -> invalid_pending
accepted    cancel          resident ${DESK}          -> cancelled
${stay('accepted')}
dispatched  take            ${HANDLERS}               -> taken
dispatched  reassign        ${LEADS}                  -> dispatched
dispatched  return          staff                     -> accepted
dispatched  transfer        staff ${DESK}             -> accepted
dispatched  cancel          resident ${DESK}          -> cancelled
${stay('dispatched')}
taken       start           ${HANDLERS}               -> in_progress
taken       reassign        ${LEADS}                  -> dispatched
taken       return          staff                     -> accepted
taken       transfer        staff ${DESK}             -> accepted
taken       cancel          resident ${DESK}          -> cancelled
${stay('taken')}
in_progress progress        ${HANDLERS}               -> in_progress
in_progress quote_fee       ${HANDLERS}               -> fee_pending
in_progress pause           ${HANDLERS}               -> on_hold
in_progress complete        ${HANDLERS}               -> resolved
in_progress reassign        ${LEADS}                  -> dispatched
in_progress transfer        staff ${DESK}             -> accepted
${stay('in_progress')}
fee_pending confirm_fee     resident                  -> in_progress
fee_pending decline_fee     resident                  -> in_progress
fee_pending reassign        ${LEADS}                  -> dispatched
${stay('fee_pending')}
on_hold     resume          ${HANDLERS}               -> in_progress
on_hold     reassign        ${LEADS}                  -> dispatched
${stay('on_hold')}
resolved    rate            resident                  -> closed
resolved    callback        ${DESK}                   -> closed
resolved    ask_callback    resident                  -> resolved
resolved    reopen          resident ${DESK}          -> accepted
resolved    add_info        resident ${DESK}          -> resolved
resolved    reply           ${STAFFSIDE}              -> resolved
resolved    summarize       ${DESK}                   -> resolved
resolved    note            ${STAFFSIDE}              -> resolved
invalid_pending approve_invalid manager admin         -> invalid
invalid_pending reject_invalid  manager admin         -> accepted
invalid_pending urge        resident                  -> invalid_pending
invalid_pending add_info    resident ${DESK}          -> invalid_pending
invalid_pending note        ${STAFFSIDE}              -> invalid_pending
closed      summarize       ${DESK}                   -> closed
closed      reply           ${STAFFSIDE}              -> closed
closed      note            ${STAFFSIDE}              -> closed
invalid     note            ${STAFFSIDE}              -> invalid
cancelled   note            ${STAFFSIDE}              -> cancelled
`;

const expected = new Map<string, RequestStatus>();
for (const line of SPEC.trim()
  .split('\n')
  .filter((l) => l.trim())) {
  const [left, to] = line.split('->').map((part) => part.trim());
  const [status, action, ...roles] = left.split(/\s+/);
  for (const role of roles) expected.set(`${status}|${action}|${role}`, to as RequestStatus);
}

const cases: [RequestStatus, LifecycleAction, Role][] = [];
for (const status of REQUEST_STATUSES)
  for (const action of LIFECYCLE_ACTIONS) for (const role of ROLES) cases.push([status, action, role]);

describe('lifecycle: every state × action × role', () => {
  it('covers all combinations', () => {
    expect(cases).toHaveLength(REQUEST_STATUSES.length * LIFECYCLE_ACTIONS.length * ROLES.length);
  });

  it.each(cases)('%s · %s · %s', (status, action, role) => {
    const want = expected.get(`${status}|${action}|${role}`);
    const got = checkTransition(status, action, role);
    if (want) {
      expect(got).toEqual({ ok: true, to: want });
      expect(availableActions(status, role)).toContain(action);
    } else {
      expect(got.ok).toBe(false);
      expect(availableActions(status, role)).not.toContain(action);
      const stateAllowsAction = Object.keys(LIFECYCLE[status]).includes(action);
      expect(got).toEqual({
        ok: false,
        reason: stateAllowsAction ? 'role_not_allowed' : 'action_not_allowed_in_status',
      });
    }
  });
});

describe('lifecycle graph', () => {
  it('has no problems', () => {
    expect(validateLifecycle()).toEqual([]);
  });

  it('never lets create be a transition', () => {
    for (const status of REQUEST_STATUSES) expect(LIFECYCLE[status].create).toBeUndefined();
  });

  it('reports a stranded state, a moving terminal state and a dead end', () => {
    const broken: Lifecycle = {
      ...LIFECYCLE,
      resolved: { note: { to: 'resolved', roles: ['staff'] } },
      closed: { reopen: { to: 'accepted', roles: [] } },
    };
    const problems = validateLifecycle(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        '状态 closed 无法到达',
        '非终态 resolved 没有出路',
        '终态 closed 不应再通过 reopen 流转',
        'closed.reopen 没有任何角色可以执行',
      ]),
    );
  });

  it('residents may cancel only before work starts', () => {
    const cancellable = REQUEST_STATUSES.filter((s) => checkTransition(s, 'cancel', 'resident').ok);
    expect(cancellable).toEqual(['received', 'accepted', 'dispatched', 'taken']);
  });
});
