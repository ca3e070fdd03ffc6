import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Photos of requests and of their timeline steps: stored files' keys, size, dimensions and hash. */
export class Photos1764115200000 implements MigrationInterface {
  name = 'Photos1764115200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `photo` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `uploader_user_id` int UNSIGNED NOT NULL, `request_id` int UNSIGNED NULL, `event_id` int UNSIGNED NULL, `storage_key` varchar(200) NOT NULL, `thumbnail_key` varchar(200) NOT NULL, `mime` varchar(20) NOT NULL, `size` int UNSIGNED NOT NULL, `width` smallint UNSIGNED NOT NULL, `height` smallint UNSIGNED NOT NULL, `sha256` char(64) NOT NULL, `created_at` datetime(3) NOT NULL, INDEX `IDX_310ceceb191e0ca8b7f150448b` (`request_id`), INDEX `IDX_f38e3526cdf1c9064a0c4e06ed` (`uploader_user_id`, `created_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'ALTER TABLE `photo` ADD CONSTRAINT `FK_d8751d8d33e8d0b87908583254f` FOREIGN KEY (`uploader_user_id`) REFERENCES `user`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE `photo` ADD CONSTRAINT `FK_310ceceb191e0ca8b7f150448b5` FOREIGN KEY (`request_id`) REFERENCES `request`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE `photo` ADD CONSTRAINT `FK_a5cae8ab915b11dee0d87425793` FOREIGN KEY (`event_id`) REFERENCES `request_event`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Dropping the table drops its keys; the stored files stay in the storage (delete them there).
    await queryRunner.query('DROP TABLE `photo`');
  }
}
