import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The resident rates before the desk calls (issue 12): a resolution starts a time to rate
 * (时限规则 · 等待业主评价, 24 hours unless an admin changes it), and the resident may ask for a
 * phone callback instead, which the desk need not wait for.
 */
export class RatingWait1765400000000 implements MigrationInterface {
  name = 'RatingWait1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `request` ADD `rating_wait_until` datetime(3) NULL, ADD `callback_requested_at` datetime(3) NULL',
    );
    // A database made after DEFAULT_SLA_POLICIES gained the rule already has it from the time-limits migration.
    await queryRunner.query(
      'INSERT INTO `sla_policy` (`kind`, `grade`, `category_id`, `step`, `unit`, `amount`) ' +
        "SELECT NULL, NULL, NULL, 'rating_wait', 'hours', 24 FROM DUAL " +
        "WHERE NOT EXISTS (SELECT 1 FROM `sla_policy` WHERE `step` = 'rating_wait')",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DELETE FROM `sla_policy` WHERE `step` = 'rating_wait'");
    await queryRunner.query(
      'ALTER TABLE `request` DROP COLUMN `callback_requested_at`, DROP COLUMN `rating_wait_until`',
    );
  }
}
