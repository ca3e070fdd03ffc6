import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 总结 (issue 15 §12, seed 003's last step): root cause (人/机/料/法/环 sub-item code), 补救措施 and
 * 纠正措施, and who wrote them when. On the request row, since the monthly report counts root
 * causes over many requests; nullable columns at the end, so MariaDB adds them instantly.
 */
export class RequestSummary1766800000000 implements MigrationInterface {
  name = 'RequestSummary1766800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `request` ' +
        'ADD `root_cause` varchar(30) NULL, ' +
        'ADD `remedy` varchar(500) NULL, ' +
        'ADD `corrective_measure` varchar(500) NULL, ' +
        'ADD `summarized_at` datetime(3) NULL, ' +
        'ADD `summarized_by_user_id` int UNSIGNED NULL, ' +
        'ADD CONSTRAINT `FK_request_summarized_by` FOREIGN KEY (`summarized_by_user_id`) REFERENCES `user`(`id`)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `request` DROP FOREIGN KEY `FK_request_summarized_by`');
    await queryRunner.query(
      'ALTER TABLE `request` DROP `root_cause`, DROP `remedy`, DROP `corrective_measure`, DROP `summarized_at`, DROP `summarized_by_user_id`',
    );
  }
}
