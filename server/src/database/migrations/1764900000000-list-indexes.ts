import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keyset lists (issue 11): every list reads one index range per branch in its sort order
 * (equality on the filter columns, then the sort column), so a page examines at most a page of
 * rows per branch however many requests a project, resident or worker has. The indexes on
 * (project, status) and (assignee, status) gain `created_at` instead of sitting beside new ones.
 */
export class ListIndexes1764900000000 implements MigrationInterface {
  name = 'ListIndexes1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `request` ' +
        'DROP INDEX `IDX_9d307219bc5f40f87146ea2093`, ' +
        'ADD INDEX `IDX_request_project_status_created` (`project_id`, `status`, `created_at`), ' +
        'DROP INDEX `IDX_request_assignee_status`, ' +
        'ADD INDEX `IDX_request_assignee_status_created` (`assignee_user_id`, `status`, `created_at`), ' +
        'ADD INDEX `IDX_request_resident_status_created` (`resident_user_id`, `status`, `created_at`), ' +
        'ADD INDEX `IDX_request_project_created` (`project_id`, `created_at`), ' +
        'ADD INDEX `IDX_request_project_kind_status_created` (`project_id`, `kind`, `status`, `created_at`), ' +
        'ADD INDEX `IDX_request_project_department_created` ' +
        '(`project_id`, `department_id`, `kind`, `status`, `created_at`), ' +
        'ADD INDEX `IDX_request_callbacks` (`project_id`, `status`, `kind`, `callback_due_at`)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `request` ' +
        'DROP INDEX `IDX_request_callbacks`, ' +
        'DROP INDEX `IDX_request_project_department_created`, ' +
        'DROP INDEX `IDX_request_project_kind_status_created`, ' +
        'DROP INDEX `IDX_request_project_created`, ' +
        'DROP INDEX `IDX_request_resident_status_created`, ' +
        'DROP INDEX `IDX_request_assignee_status_created`, ' +
        'ADD INDEX `IDX_request_assignee_status` (`assignee_user_id`, `status`), ' +
        'DROP INDEX `IDX_request_project_status_created`, ' +
        'ADD INDEX `IDX_9d307219bc5f40f87146ea2093` (`project_id`, `status`)',
    );
  }
}
