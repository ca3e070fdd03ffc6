import { DEFAULT_SLA_POLICIES, type SlaPolicyRule } from '@linli/shared';
import { serviceGuide } from './service-guide';

describe('服务指南', () => {
  it('says what each kind is for and the default time limits in people’s words', () => {
    const guide = serviceGuide();
    expect(guide.map((entry) => entry.name)).toEqual(['报修', '投诉', '建议/咨询']);
    const promises = Object.fromEntries(guide.map((entry) => [entry.kind, entry.promises]));
    expect(promises.repair).toEqual(['2 小时内派单', '24 小时内答复您', '2 天内办结', '办结后 3 天内回访']);
    expect(promises.complaint).toEqual([
      '10 分钟内派单',
      '24 小时内答复您',
      '一般投诉 3 个工作日内办结',
      '办结后 3 天内回访',
    ]);
    // Suggestions get no callback: no rule, no promise.
    expect(promises.suggestion).toEqual(['2 小时内派单', '24 小时内答复您', '2 天内办结']);
    for (const entry of guide) expect(entry.purpose.length).toBeGreaterThan(5);
  });

  it('follows the rules it is given', () => {
    const faster: SlaPolicyRule = {
      kind: 'repair',
      grade: null,
      categoryId: null,
      step: 'resolution',
      limit: { unit: 'hours', amount: 24 },
    };
    const repair = serviceGuide([...DEFAULT_SLA_POLICIES, faster]).find((entry) => entry.kind === 'repair')!;
    expect(repair.promises).toContain('24 小时内办结');
  });
});
