import { ROOT_CAUSE_CLASSES, ROOT_CAUSE_CODES, ROOT_CAUSES, rootCauseLabel, summaryRequired } from './summary';

describe('总结: root causes', () => {
  it('has seed 002’s sub-items under each of the five classes', () => {
    const byClass = Object.fromEntries(
      ROOT_CAUSE_CLASSES.map((c) => [c, ROOT_CAUSE_CODES.filter((code) => ROOT_CAUSES[code].class === c)]),
    );
    expect(byClass).toEqual({
      people: ['people.attitude', 'people.process', 'people.skill'],
      machine: ['machine.appearance', 'machine.quality', 'machine.suitability'],
      material: ['material.supplies', 'material.information'],
      method: ['method.process'],
      environment: ['environment.environment'],
    });
    for (const code of ROOT_CAUSE_CODES) expect(code.startsWith(`${ROOT_CAUSES[code].class}.`)).toBe(true);
  });

  it('labels a cause with its class', () => {
    expect(rootCauseLabel('people.attitude')).toBe('人 · 服务态度');
    expect(rootCauseLabel('environment.environment')).toBe('环 · 环境');
  });

  it('is required before the desk closes a complaint, not other kinds', () => {
    expect(summaryRequired('complaint')).toBe(true);
    expect(summaryRequired('repair')).toBe(false);
    expect(summaryRequired('suggestion')).toBe(false);
  });
});
