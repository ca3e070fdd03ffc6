import { countsAsFirstReply, type FirstReplyFacts } from './first-reply';

const step = (facts: Partial<FirstReplyFacts> & Pick<FirstReplyFacts, 'action'>): FirstReplyFacts => ({
  actorRole: 'receptionist',
  internal: false,
  words: null,
  ...facts,
});

describe('the first reply (首次答复) is the first staff step that says something to the resident', () => {
  it('受理 alone never counts, even with a note; nor does the desk writing down the resident’s words', () => {
    expect(countsAsFirstReply(step({ action: 'accept' }))).toBe(false);
    expect(countsAsFirstReply(step({ action: 'accept', words: '已受理，将尽快安排' }))).toBe(false);
    expect(countsAsFirstReply(step({ action: 'add_info', words: '业主电话补充：下午在家' }))).toBe(false);
    expect(countsAsFirstReply(step({ action: 'reopen', words: '回访不满意：仍然漏水' }))).toBe(false);
  });

  it('a step addressed to the resident counts whatever it says', () => {
    for (const action of ['reply', 'ask_info', 'progress', 'quote_fee', 'complete', 'callback'] as const) {
      expect({ action, counts: countsAsFirstReply(step({ action, actorRole: 'staff' })) }).toEqual({
        action,
        counts: true,
      });
    }
    expect(countsAsFirstReply(step({ action: 'approve_invalid', actorRole: 'manager' }))).toBe(true);
  });

  it('another step counts when the resident reads the staff member’s own words on it', () => {
    expect(countsAsFirstReply(step({ action: 'dispatch' }))).toBe(false);
    expect(countsAsFirstReply(step({ action: 'dispatch', words: '师傅今天下午两点上门' }))).toBe(true);
    expect(countsAsFirstReply(step({ action: 'pause', actorRole: 'staff', words: '等待配件到货' }))).toBe(true);
    expect(countsAsFirstReply(step({ action: 'take', actorRole: 'staff', words: '  ' }))).toBe(false);
  });

  it('what the resident does not read, or reads only as the system’s sentence, says nothing', () => {
    expect(countsAsFirstReply(step({ action: 'note', words: '业主较急' }))).toBe(false);
    expect(countsAsFirstReply(step({ action: 'rule_invalid', internal: true, words: '不属于物业范围' }))).toBe(false);
    expect(countsAsFirstReply(step({ action: 'transfer', words: '这活不归我们部门' }))).toBe(false);
    expect(countsAsFirstReply(step({ action: 'reassign', words: '老王请假' }))).toBe(false);
    expect(countsAsFirstReply(step({ action: 'reply', internal: true, words: '答复' }))).toBe(false);
  });

  it('only staff reply: the resident, and the system’s own steps, never do', () => {
    expect(countsAsFirstReply(step({ action: 'urge', actorRole: 'resident', words: '还没处理' }))).toBe(false);
    expect(countsAsFirstReply(step({ action: 'dispatch', actorRole: 'system', words: '自动派单' }))).toBe(false);
    expect(countsAsFirstReply(step({ action: 'escalate', actorRole: 'system' }))).toBe(false);
  });
});
