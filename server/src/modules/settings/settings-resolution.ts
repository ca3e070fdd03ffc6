import {
  BUILT_IN_APPROVAL_ESCALATION,
  BUILT_IN_GROUP_DETECTION,
  BUILT_IN_URGE,
  SETTING_KEYS,
  SETTING_SCHEMAS,
  type SettingKey,
  type Settings,
} from '@linli/shared';
import type { AppConfig } from '../../config/config';

/** The environment's values: what applies while 系统设置 has stored nothing for a group. */
export function settingDefaults(config: Pick<AppConfig, 'approvers'>): Settings {
  return {
    approvers: config.approvers,
    group_detection: BUILT_IN_GROUP_DETECTION,
    urge: BUILT_IN_URGE,
    approval_escalation: BUILT_IN_APPROVAL_ESCALATION,
  };
}

/**
 * Stored groups over the defaults. A stored value that no longer passes its schema (written by
 * an older version) is passed over for the default and reported, rather than breaking filings.
 */
export function resolveSettings(
  rows: Array<{ key: string; value: unknown }>,
  defaults: Settings,
  onInvalid: (key: SettingKey) => void = () => undefined,
): Settings {
  const settings: Record<string, unknown> = { ...defaults };
  for (const row of rows) {
    if (!(SETTING_KEYS as readonly string[]).includes(row.key)) continue;
    const key = row.key as SettingKey;
    const value = typeof row.value === 'string' ? safeJson(row.value) : row.value;
    const parsed = SETTING_SCHEMAS[key].safeParse(value);
    if (parsed.success) settings[key] = parsed.data;
    else onInvalid(key);
  }
  return settings as unknown as Settings;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
