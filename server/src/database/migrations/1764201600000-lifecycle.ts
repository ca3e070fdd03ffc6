import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The whole lifecycle: rounds, fees, invalid rulings, urging, callback windows, ratings, event details. */
export class Lifecycle1764201600000 implements MigrationInterface {
  name = 'Lifecycle1764201600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `request` ' +
        'ADD `round` smallint UNSIGNED NOT NULL DEFAULT 1, ' +
        'ADD `invalid_explanation` varchar(500) NULL, ' +
        'ADD `responsible_body` varchar(100) NULL, ' +
        'ADD `urge_count` int UNSIGNED NOT NULL DEFAULT 0, ' +
        'ADD `last_urged_at` datetime(3) NULL, ' +
        'ADD `fee_items` json NULL, ' +
        'ADD `fee_total_fen` int UNSIGNED NULL, ' +
        'ADD `fee_status` varchar(20) NULL, ' +
        'ADD `fee_quoted_at` datetime(3) NULL, ' +
        'ADD `fee_decided_at` datetime(3) NULL, ' +
        'ADD `callback_due_at` datetime(3) NULL, ' +
        'ADD INDEX `IDX_request_assignee_status` (`assignee_user_id`, `status`), ' +
        'ADD INDEX `IDX_request_department_status` (`department_id`, `status`), ' +
        'ADD INDEX `IDX_request_status_callback_due` (`status`, `callback_due_at`)',
    );
    await queryRunner.query('ALTER TABLE `request_event` ADD `data` json NULL');
    await queryRunner.query(
      'CREATE TABLE `request_rating` (' +
        '`id` int UNSIGNED NOT NULL AUTO_INCREMENT, ' +
        '`request_id` int UNSIGNED NOT NULL, ' +
        '`event_id` int UNSIGNED NOT NULL, ' +
        '`round` smallint UNSIGNED NOT NULL, ' +
        '`source` varchar(20) NOT NULL, ' +
        '`satisfaction` varchar(20) NOT NULL, ' +
        '`speed` tinyint UNSIGNED NULL, ' +
        '`quality` tinyint UNSIGNED NULL, ' +
        '`attitude` tinyint UNSIGNED NULL, ' +
        '`comment` varchar(300) NULL, ' +
        '`shortcomings` varchar(300) NULL, ' +
        '`suggestions` varchar(300) NULL, ' +
        '`by_user_id` int UNSIGNED NOT NULL, ' +
        '`by_name` varchar(40) NOT NULL, ' +
        '`created_at` datetime(3) NOT NULL, ' +
        'UNIQUE INDEX `IDX_request_rating_round` (`request_id`, `round`), ' +
        'PRIMARY KEY (`id`), ' +
        'CONSTRAINT `FK_request_rating_request` FOREIGN KEY (`request_id`) REFERENCES `request`(`id`)' +
        ') ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `request_rating`');
    await queryRunner.query('ALTER TABLE `request_event` DROP COLUMN `data`');
    await queryRunner.query(
      'ALTER TABLE `request` DROP INDEX `IDX_request_assignee_status`, DROP INDEX `IDX_request_department_status`, ' +
        'DROP INDEX `IDX_request_status_callback_due`, DROP COLUMN `round`, DROP COLUMN `invalid_explanation`, ' +
        'DROP COLUMN `responsible_body`, DROP COLUMN `urge_count`, DROP COLUMN `last_urged_at`, DROP COLUMN `fee_items`, ' +
        'DROP COLUMN `fee_total_fen`, DROP COLUMN `fee_status`, DROP COLUMN `fee_quoted_at`, DROP COLUMN `fee_decided_at`, ' +
        'DROP COLUMN `callback_due_at`',
    );
  }
}
