import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * WeChat's content security (issue 13.6): each stored text remembers how its msgSecCheck went
 * (pass, review for the desk, pending while WeChat was unreachable, unchecked), a request is
 * flagged when any of its texts needs the desk's look, and each photo its mediaCheckAsync
 * (the trace id the verdict push names, and the verdict).
 */
export class ContentCheck1765700000000 implements MigrationInterface {
  name = 'ContentCheck1765700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `request` ADD `content_check` varchar(10) NULL, ADD `content_flagged` tinyint NOT NULL DEFAULT 0',
    );
    await queryRunner.query('CREATE INDEX `IDX_request_content_check` ON `request` (`content_check`)');
    await queryRunner.query('ALTER TABLE `request_event` ADD `content_check` varchar(10) NULL');
    await queryRunner.query('CREATE INDEX `IDX_request_event_content_check` ON `request_event` (`content_check`)');
    await queryRunner.query(
      'ALTER TABLE `photo` ADD `media_check` varchar(10) NULL, ADD `media_trace_id` varchar(64) NULL',
    );
    await queryRunner.query('CREATE UNIQUE INDEX `IDX_photo_media_trace_id` ON `photo` (`media_trace_id`)');
    await queryRunner.query('CREATE INDEX `IDX_photo_media_check` ON `photo` (`media_check`)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `IDX_photo_media_check` ON `photo`');
    await queryRunner.query('DROP INDEX `IDX_photo_media_trace_id` ON `photo`');
    await queryRunner.query('ALTER TABLE `photo` DROP COLUMN `media_trace_id`, DROP COLUMN `media_check`');
    await queryRunner.query('DROP INDEX `IDX_request_event_content_check` ON `request_event`');
    await queryRunner.query('ALTER TABLE `request_event` DROP COLUMN `content_check`');
    await queryRunner.query('DROP INDEX `IDX_request_content_check` ON `request`');
    await queryRunner.query('ALTER TABLE `request` DROP COLUMN `content_flagged`, DROP COLUMN `content_check`');
  }
}
