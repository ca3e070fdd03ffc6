import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Settings kept in the database (issue 14 §7): one row per group an admin changed, the
 * environment's value applying while there is none. `setup_change` records who changed a
 * category, a route or a setting, when, and what it was before and after.
 */
export class Settings1766400000000 implements MigrationInterface {
  name = 'Settings1766400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `setting` (' +
        '`key` varchar(40) NOT NULL, ' +
        '`value` json NOT NULL, ' +
        '`updated_by` int UNSIGNED NULL, ' +
        '`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), ' +
        'PRIMARY KEY (`key`), ' +
        'CONSTRAINT `FK_setting_updated_by` FOREIGN KEY (`updated_by`) REFERENCES `user`(`id`)' +
        ') ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `setup_change` (' +
        '`id` int UNSIGNED NOT NULL AUTO_INCREMENT, ' +
        '`user_id` int UNSIGNED NOT NULL, ' +
        '`subject` varchar(30) NOT NULL, ' +
        '`subject_key` varchar(60) NOT NULL, ' +
        '`before` json NULL, ' +
        '`after` json NULL, ' +
        '`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), ' +
        'INDEX `IDX_setup_change_subject` (`subject`, `subject_key`, `id`), ' +
        'PRIMARY KEY (`id`), ' +
        'CONSTRAINT `FK_setup_change_user` FOREIGN KEY (`user_id`) REFERENCES `user`(`id`)' +
        ') ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `setup_change`');
    await queryRunner.query('DROP TABLE `setting`');
  }
}
