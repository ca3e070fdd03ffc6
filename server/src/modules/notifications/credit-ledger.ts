import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';

/**
 * Subscribe-message permissions per user × template (WECHAT.md §3): one 允许 is one send.
 * A send takes its credit when it is queued, in the same transaction, so two changes at once
 * cannot both spend the last one.
 */
@Injectable()
export class CreditLedger {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async grant(userId: number, templateIds: string[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    const now = this.clock.now();
    for (const templateId of templateIds) {
      await manager.query(
        `INSERT INTO subscribe_credit (user_id, template_id, credits, updated_at) VALUES (?, ?, 1, ?)
         ON DUPLICATE KEY UPDATE credits = credits + 1, updated_at = VALUES(updated_at)`,
        [userId, templateId, now],
      );
    }
  }

  async balance(userId: number): Promise<Record<string, number>> {
    const rows = (await this.dataSource.query(
      'SELECT template_id AS templateId, credits FROM subscribe_credit WHERE user_id = ? AND credits > 0',
      [userId],
    )) as Array<{ templateId: string; credits: number }>;
    return Object.fromEntries(rows.map((row) => [row.templateId, Number(row.credits)]));
  }

  /** True when a credit was there and is now spent; false means the message centre only. */
  async take(manager: EntityManager, userId: number, templateId: string): Promise<boolean> {
    const result = (await manager.query(
      'UPDATE subscribe_credit SET credits = credits - 1, updated_at = ? WHERE user_id = ? AND template_id = ? AND credits > 0',
      [this.clock.now(), userId, templateId],
    )) as { affectedRows: number };
    return result.affectedRows > 0;
  }

  /** 43101: WeChat says there is no permission left, whatever we counted. */
  async clear(userId: number, templateId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      'UPDATE subscribe_credit SET credits = 0, updated_at = ? WHERE user_id = ? AND template_id = ?',
      [this.clock.now(), userId, templateId],
    );
  }
}
