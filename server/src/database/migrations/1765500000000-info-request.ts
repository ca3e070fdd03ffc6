import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 请业主补充 (issue 12): staff ask the resident for something only they know; the question stays
 * pinned on the resident's request, and under 待我处理, until the resident adds information.
 */
export class InfoRequest1765500000000 implements MigrationInterface {
  name = 'InfoRequest1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `request` ADD `info_request` varchar(500) NULL, ADD `info_requested_at` datetime(3) NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `request` DROP COLUMN `info_requested_at`, DROP COLUMN `info_request`');
  }
}
