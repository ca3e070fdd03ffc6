import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The desk finds anything (issue 12): the queues sort by the nearest running time limit, the
 * desk searches by phone (whole or last four digits), name and room, and filters by category,
 * handler and the limit's state. Each is read off an index in its sort order, as the lists of
 * 1764900000000 are.
 *
 * Two stored generated columns make that indexable without one more statement on the write
 * paths: `next_due_at` is the limit a list row shows (deadline.view.ts `currentDeadline`:
 * dispatch, then resolution, then callback, then first reply; none once it is closed, invalid
 * or cancelled), with requests that have none sorting last; `contact_phone_last4` is the
 * contact phone's last four digits.
 */
export const NO_DEADLINE = '9999-12-31 23:59:59.999';

export const NEXT_DUE_EXPRESSION =
  'COALESCE(CASE ' +
  "WHEN `status` IN ('closed', 'invalid', 'cancelled') THEN NULL " +
  'WHEN `dispatch_due_at` IS NOT NULL AND `dispatched_at` IS NULL THEN `dispatch_due_at` ' +
  'WHEN `resolution_due_at` IS NOT NULL AND `resolved_at` IS NULL THEN `resolution_due_at` ' +
  'WHEN `resolved_at` IS NOT NULL AND `callback_due_at` IS NOT NULL AND `closed_at` IS NULL THEN `callback_due_at` ' +
  'WHEN `reply_due_at` IS NOT NULL AND `first_replied_at` IS NULL THEN `reply_due_at` ' +
  `END, TIMESTAMP'${NO_DEADLINE}')`;

export const PHONE_LAST4_EXPRESSION = 'RIGHT(`contact_phone`, 4)';

export class DeskSearch1765100000000 implements MigrationInterface {
  name = 'DeskSearch1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `request` ' +
        `ADD COLUMN \`next_due_at\` datetime(3) AS (${NEXT_DUE_EXPRESSION}) STORED, ` +
        `ADD COLUMN \`contact_phone_last4\` char(4) AS (${PHONE_LAST4_EXPRESSION}) STORED, ` +
        // The queues, most urgent first: the same filters as the created_at indexes.
        'ADD INDEX `IDX_request_project_status_due` (`project_id`, `status`, `next_due_at`), ' +
        'ADD INDEX `IDX_request_project_kind_status_due` (`project_id`, `kind`, `status`, `next_due_at`), ' +
        'ADD INDEX `IDX_request_project_department_due` ' +
        '(`project_id`, `department_id`, `kind`, `status`, `next_due_at`), ' +
        'ADD INDEX `IDX_request_project_category_status_due` (`project_id`, `category_id`, `status`, `next_due_at`), ' +
        'ADD INDEX `IDX_request_assignee_status_due` (`assignee_user_id`, `status`, `next_due_at`), ' +
        // 全部 by category, newest first.
        'ADD INDEX `IDX_request_project_category_status_created` ' +
        '(`project_id`, `category_id`, `status`, `created_at`), ' +
        // Search: whole phone, its last four digits, the contact's name, a room.
        'ADD INDEX `IDX_request_project_phone_created` (`project_id`, `contact_phone`, `status`, `created_at`), ' +
        'ADD INDEX `IDX_request_project_last4_created` ' +
        '(`project_id`, `contact_phone_last4`, `status`, `created_at`), ' +
        'ADD INDEX `IDX_request_project_name_created` (`project_id`, `contact_name`, `status`, `created_at`), ' +
        'ADD INDEX `IDX_request_room_status_created` (`room_id`, `status`, `created_at`)',
    );
    // The caller lookup: rooms by door number, the register and bindings by phone.
    await queryRunner.query('ALTER TABLE `room` ADD INDEX `IDX_room_project_name` (`project_id`, `name`)');
    await queryRunner.query('ALTER TABLE `owner_register` ADD INDEX `IDX_owner_register_phone` (`phone`)');
    await queryRunner.query('ALTER TABLE `house_binding` ADD INDEX `IDX_house_binding_phone` (`phone`)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `house_binding` DROP INDEX `IDX_house_binding_phone`');
    await queryRunner.query('ALTER TABLE `owner_register` DROP INDEX `IDX_owner_register_phone`');
    await queryRunner.query('ALTER TABLE `room` DROP INDEX `IDX_room_project_name`');
    await queryRunner.query(
      'ALTER TABLE `request` ' +
        'DROP INDEX `IDX_request_room_status_created`, ' +
        'DROP INDEX `IDX_request_project_name_created`, ' +
        'DROP INDEX `IDX_request_project_last4_created`, ' +
        'DROP INDEX `IDX_request_project_phone_created`, ' +
        'DROP INDEX `IDX_request_project_category_status_created`, ' +
        'DROP INDEX `IDX_request_assignee_status_due`, ' +
        'DROP INDEX `IDX_request_project_category_status_due`, ' +
        'DROP INDEX `IDX_request_project_department_due`, ' +
        'DROP INDEX `IDX_request_project_kind_status_due`, ' +
        'DROP INDEX `IDX_request_project_status_due`, ' +
        'DROP COLUMN `contact_phone_last4`, ' +
        'DROP COLUMN `next_due_at`',
    );
  }
}
