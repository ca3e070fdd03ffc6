import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every time limit escalates from its own start (issue 15): a second round's dispatch and
 * resolution limits count from the reopening, not from the registration, and an approved pause
 * moves the resolution's start with its deadline. An invalid ruling gets a limit of its own:
 * explained to the resident within 24 hours of the ruling (seed 002 处理程序 2.2), 时限规则 ·
 * 无效判定说明. Open requests take their starts from their timeline: the last reopening, else the
 * registration; a ruling waiting for its approval, from the ruling.
 */
export class DeadlineStarts1766700000000 implements MigrationInterface {
  name = 'DeadlineStarts1766700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `request` ' +
        'ADD `dispatch_started_at` datetime(3) NULL, ' +
        'ADD `resolution_started_at` datetime(3) NULL, ' +
        'ADD `invalid_ruled_at` datetime(3) NULL, ' +
        'ADD `invalid_due_at` datetime(3) NULL',
    );
    await queryRunner.query(
      'UPDATE `request` r SET ' +
        "r.`dispatch_started_at` = COALESCE((SELECT MAX(e.`created_at`) FROM `request_event` e WHERE e.`request_id` = r.`id` AND e.`action` = 'reopen'), r.`created_at`), " +
        "r.`resolution_started_at` = COALESCE((SELECT MAX(e.`created_at`) FROM `request_event` e WHERE e.`request_id` = r.`id` AND e.`action` = 'reopen'), r.`created_at`)",
    );
    await queryRunner.query(
      'UPDATE `request` r SET ' +
        "r.`invalid_ruled_at` = (SELECT MAX(e.`created_at`) FROM `request_event` e WHERE e.`request_id` = r.`id` AND e.`action` = 'rule_invalid') " +
        "WHERE r.`status` = 'invalid_pending'",
    );
    await queryRunner.query(
      'UPDATE `request` SET `invalid_due_at` = `invalid_ruled_at` + INTERVAL 24 HOUR WHERE `invalid_ruled_at` IS NOT NULL',
    );
    // A database made after DEFAULT_SLA_POLICIES gained the rule already has it from the time-limits migration.
    await queryRunner.query(
      'INSERT INTO `sla_policy` (`kind`, `grade`, `category_id`, `step`, `unit`, `amount`) ' +
        "SELECT NULL, NULL, NULL, 'invalid_ruling', 'hours', 24 FROM DUAL " +
        "WHERE NOT EXISTS (SELECT 1 FROM `sla_policy` WHERE `step` = 'invalid_ruling')",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DELETE FROM `sla_policy` WHERE `step` = 'invalid_ruling'");
    await queryRunner.query(
      "DELETE FROM `escalation` WHERE `reason` IN ('first_reply', 'callback', 'invalid_ruling', 'approval')",
    );
    await queryRunner.query(
      'ALTER TABLE `request` DROP COLUMN `invalid_due_at`, DROP COLUMN `invalid_ruled_at`, ' +
        'DROP COLUMN `resolution_started_at`, DROP COLUMN `dispatch_started_at`',
    );
  }
}
