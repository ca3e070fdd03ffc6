import { DEFAULT_APPROVER_RULES } from '@linli/shared';
import { resolveSettings, settingDefaults } from './settings-resolution';

const defaults = settingDefaults({ approvers: DEFAULT_APPROVER_RULES });

describe('settings in force', () => {
  it('are the environment defaults while nothing is stored', () => {
    expect(resolveSettings([], defaults)).toEqual({
      approvers: DEFAULT_APPROVER_RULES,
      group_detection: { threshold: 5, windowHours: 72 },
      urge: { intervalMinutes: 120, supervisorAt: 3, managerAt: 5 },
      // Issue 15: an approval is chased after a day undecided.
      approval_escalation: { afterHours: 24 },
    });
  });

  it('take a stored group whole, as JSON text or parsed', () => {
    const settings = resolveSettings(
      [
        { key: 'urge', value: '{"intervalMinutes":30,"supervisorAt":2,"managerAt":4}' },
        { key: 'group_detection', value: { threshold: 3, windowHours: 24 } },
      ],
      defaults,
    );
    expect(settings.urge).toEqual({ intervalMinutes: 30, supervisorAt: 2, managerAt: 4 });
    expect(settings.group_detection).toEqual({ threshold: 3, windowHours: 24 });
    expect(settings.approvers).toBe(DEFAULT_APPROVER_RULES);
  });

  it('pass over a stored value that fails its schema, and say which', () => {
    const invalid: string[] = [];
    const settings = resolveSettings(
      [
        { key: 'urge', value: { intervalMinutes: 1, supervisorAt: 5, managerAt: 3 } },
        { key: 'group_detection', value: 'not json' },
        { key: 'retired_key', value: {} },
      ],
      defaults,
      (key) => invalid.push(key),
    );
    expect(settings.urge).toEqual(defaults.urge);
    expect(settings.group_detection).toEqual(defaults.group_detection);
    expect(invalid).toEqual(['urge', 'group_detection']);
  });
});
