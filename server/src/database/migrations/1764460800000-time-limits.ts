import { CHINA_CALENDAR_PROVISIONAL_YEARS, DEFAULT_CALENDAR_DAYS, DEFAULT_SLA_POLICIES } from '@linli/shared';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Time limits: the policies and the working-day calendar (shipped with DOMAIN.md's defaults and
 * the mainland China calendar, both editable by admins afterwards), and the deadlines each
 * request carries with the moments that meet them.
 */
export class TimeLimits1764460800000 implements MigrationInterface {
  name = 'TimeLimits1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `sla_policy` (' +
        '`id` int UNSIGNED NOT NULL AUTO_INCREMENT, ' +
        '`kind` varchar(20) NULL, ' +
        '`grade` char(1) NULL, ' +
        '`category_id` int UNSIGNED NULL, ' +
        '`step` varchar(20) NOT NULL, ' +
        '`unit` varchar(20) NOT NULL, ' +
        '`amount` int UNSIGNED NOT NULL, ' +
        '`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), ' +
        '`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), ' +
        'PRIMARY KEY (`id`), ' +
        'CONSTRAINT `FK_sla_policy_category` FOREIGN KEY (`category_id`) REFERENCES `category`(`id`)' +
        ') ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `work_calendar_day` (' +
        '`date` date NOT NULL, ' +
        '`kind` varchar(10) NOT NULL, ' +
        '`name` varchar(30) NOT NULL, ' +
        'PRIMARY KEY (`date`)' +
        ') ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `work_calendar_year` (' +
        '`year` smallint UNSIGNED NOT NULL, ' +
        // Shipped without the State Council's notice (a guess of the statutory days) until an admin enters it.
        '`provisional` tinyint NOT NULL, ' +
        '`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), ' +
        'PRIMARY KEY (`year`)' +
        ') ENGINE=InnoDB',
    );
    await queryRunner.query(
      'ALTER TABLE `request` ' +
        'ADD `dispatch_due_at` datetime(3) NULL, ' +
        'ADD `reply_due_at` datetime(3) NULL, ' +
        'ADD `resolution_due_at` datetime(3) NULL, ' +
        'ADD `dispatched_at` datetime(3) NULL, ' +
        'ADD `first_replied_at` datetime(3) NULL, ' +
        'ADD INDEX `IDX_request_resolution_due` (`status`, `resolution_due_at`)',
    );
    // The defaults as they were when this migration was written; later edits are the admins'.
    for (const rule of DEFAULT_SLA_POLICIES) {
      await queryRunner.query(
        'INSERT INTO `sla_policy` (`kind`, `grade`, `category_id`, `step`, `unit`, `amount`) VALUES (?, ?, ?, ?, ?, ?)',
        [rule.kind, rule.grade, rule.categoryId, rule.step, rule.limit.unit, rule.limit.amount],
      );
    }
    const years = [...new Set(DEFAULT_CALENDAR_DAYS.map((day) => Number(day.date.slice(0, 4))))];
    for (const year of years) {
      await queryRunner.query('INSERT INTO `work_calendar_year` (`year`, `provisional`) VALUES (?, ?)', [
        year,
        CHINA_CALENDAR_PROVISIONAL_YEARS.includes(year) ? 1 : 0,
      ]);
    }
    for (const day of DEFAULT_CALENDAR_DAYS) {
      await queryRunner.query('INSERT INTO `work_calendar_day` (`date`, `kind`, `name`) VALUES (?, ?, ?)', [
        day.date,
        day.kind,
        day.name,
      ]);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `request` DROP INDEX `IDX_request_resolution_due`, DROP `first_replied_at`, DROP `dispatched_at`, ' +
        'DROP `resolution_due_at`, DROP `reply_due_at`, DROP `dispatch_due_at`',
    );
    await queryRunner.query('DROP TABLE `work_calendar_year`');
    await queryRunner.query('DROP TABLE `work_calendar_day`');
    await queryRunner.query('DROP TABLE `sla_policy`');
  }
}
