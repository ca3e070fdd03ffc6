import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  formatZodIssues,
  SETTING_KEYS,
  SETTING_LABELS,
  SETTING_SCHEMAS,
  type SettingKey,
  type Settings,
  type SettingView,
} from '@linli/shared';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { inTransaction } from '../../database/transaction';
import { AdminAudit } from '../admin-audit/admin-audit.service';
import { ReferenceDataService } from '../reference/reference-data.service';
import { settingDefaults } from './settings-resolution';

interface StoredRow {
  key: string;
  value: unknown;
  updatedAt: Date;
  updatedByName: string | null;
}

/**
 * 系统设置: what is in force is read by the code that acts on it from the cached set-up
 * (`snapshot().settings`); this service shows and edits the stored groups.
 */
@Injectable()
export class SettingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reference: ReferenceDataService,
    private readonly audit: AdminAudit,
  ) {}

  async list(): Promise<SettingView[]> {
    const [snapshot, rows] = await Promise.all([this.reference.snapshot(), this.stored()]);
    const defaults = settingDefaults(this.config);
    return SETTING_KEYS.map((key) => view(key, snapshot.settings, defaults, rows.get(key)));
  }

  async put(auth: AuthUser, key: string, body: unknown): Promise<SettingView> {
    const settingKey = requireKey(key);
    // zod's own words for a body that is not an object at all are English: say it in ours.
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw AppError.validation([{ field: '(body)', message: '请提交该组设置的全部字段' }]);
    }
    const parsed = SETTING_SCHEMAS[settingKey].safeParse(body);
    if (!parsed.success) throw AppError.validation(formatZodIssues(parsed.error));
    await this.edit(auth, settingKey, parsed.data);
    return this.one(settingKey);
  }

  /** 恢复默认: the stored group goes, the environment's value applies again. */
  async reset(auth: AuthUser, key: string): Promise<SettingView> {
    const settingKey = requireKey(key);
    await this.edit(auth, settingKey, null);
    return this.one(settingKey);
  }

  private async edit(auth: AuthUser, key: SettingKey, value: unknown): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const [before] = (await manager.query('SELECT value FROM setting WHERE `key` = ? FOR UPDATE', [key])) as Array<{
        value: unknown;
      }>;
      if (value === null) {
        await manager.query('DELETE FROM setting WHERE `key` = ?', [key]);
      } else {
        await manager.query(
          'INSERT INTO setting (`key`, value, updated_by, updated_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP(3)) ' +
            'ON DUPLICATE KEY UPDATE value = VALUES(value), updated_by = VALUES(updated_by), updated_at = VALUES(updated_at)',
          [key, JSON.stringify(value), auth.userId],
        );
      }
      await this.audit.record(manager, {
        actor: auth.userId,
        entity: 'setting',
        entityId: null,
        entityKey: key,
        action: value === null ? 'reset' : 'update',
        before: before ? (parseJson(before.value) as object) : null,
        after: value as object | null,
      });
      await this.reference.changed(manager);
    }).finally(() => this.reference.invalidate());
  }

  private async one(key: SettingKey): Promise<SettingView> {
    return (await this.list()).find((item) => item.key === key)!;
  }

  private async stored(): Promise<Map<string, StoredRow>> {
    const rows = (await this.dataSource.query(
      'SELECT s.`key`, s.value, s.updated_at AS updatedAt, u.name AS updatedByName FROM setting s LEFT JOIN `user` u ON u.id = s.updated_by',
    )) as StoredRow[];
    return new Map(rows.map((row) => [row.key, row]));
  }
}

function requireKey(key: string): SettingKey {
  if (!(SETTING_KEYS as readonly string[]).includes(key)) throw AppError.notFound('设置项');
  return key as SettingKey;
}

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function view(key: SettingKey, current: Settings, defaults: Settings, row: StoredRow | undefined): SettingView {
  return {
    key,
    label: SETTING_LABELS[key],
    value: current[key],
    defaultValue: defaults[key],
    overridden: row !== undefined,
    updatedByName: row?.updatedByName ?? null,
    updatedAt: row ? new Date(row.updatedAt).toISOString() : null,
  };
}
