import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14, the owner-register import: the register keeps each person's 面积 as the company's
 * sheet gives it, and each import is one row here — the dry run's valid rows wait in `payload`
 * until committed or expired (any instance may take the commit), and the counts stay as the
 * record of who imported what.
 */
export class OwnerRegisterImport1766100000000 implements MigrationInterface {
  name = 'OwnerRegisterImport1766100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `owner_register` ADD `area_sqm` decimal(10,2) NULL');
    await queryRunner.query(
      'CREATE TABLE `owner_register_import` (' +
        '`id` int UNSIGNED NOT NULL AUTO_INCREMENT, ' +
        '`token` char(32) NOT NULL, ' +
        '`project_id` int UNSIGNED NOT NULL, ' +
        '`user_id` int UNSIGNED NULL, ' +
        '`file_name` varchar(200) NOT NULL, ' +
        '`status` varchar(20) NOT NULL, ' +
        '`total_rows` int UNSIGNED NOT NULL, ' +
        '`counts` json NOT NULL, ' +
        '`payload` longtext NULL, ' +
        '`expires_at` datetime(3) NOT NULL, ' +
        '`committed_at` datetime(3) NULL, ' +
        '`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), ' +
        'UNIQUE INDEX `IDX_owner_register_import_token` (`token`), ' +
        'INDEX `IDX_owner_register_import_project` (`project_id`, `created_at`), ' +
        'PRIMARY KEY (`id`), ' +
        'CONSTRAINT `FK_owner_register_import_project` FOREIGN KEY (`project_id`) REFERENCES `project`(`id`), ' +
        'CONSTRAINT `FK_owner_register_import_user` FOREIGN KEY (`user_id`) REFERENCES `user`(`id`)' +
        ') ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `owner_register_import`');
    await queryRunner.query('ALTER TABLE `owner_register` DROP COLUMN `area_sqm`');
  }
}
