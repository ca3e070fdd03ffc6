import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Group complaints: the system proposes merges itself (no requesting user), finds same-category
 * requests of a project quickly, and children find their parent's siblings.
 */
export class GroupComplaints1764720000000 implements MigrationInterface {
  name = 'GroupComplaints1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `approval` MODIFY `requested_by_user_id` int UNSIGNED NULL');
    await queryRunner.query(
      'ALTER TABLE `request` ADD INDEX `IDX_request_group` (`project_id`, `category_id`, `created_at`), ' +
        'ADD INDEX `IDX_request_parent` (`parent_request_id`)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `request` DROP INDEX `IDX_request_parent`, DROP INDEX `IDX_request_group`');
    await queryRunner.query('ALTER TABLE `approval` MODIFY `requested_by_user_id` int UNSIGNED NOT NULL');
  }
}
