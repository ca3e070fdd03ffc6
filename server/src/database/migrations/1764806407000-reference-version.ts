import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The write path at database speed (issue 11): reference data (categories and routes, time-limit
 * rules, the calendar, departments, the staff directory) is cached in each process; one row
 * counts its changes so every instance notices an edit made on another. A request's daily
 * number is taken last in its transaction, so the row is inserted before it has one.
 */
export class ReferenceVersion1764806407000 implements MigrationInterface {
  name = 'ReferenceVersion1764806407000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `reference_version` (`id` tinyint UNSIGNED NOT NULL, `version` bigint UNSIGNED NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query('INSERT INTO `reference_version` (`id`, `version`) VALUES (1, 1)');
    await queryRunner.query('ALTER TABLE `request` MODIFY `number` varchar(20) NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `request` MODIFY `number` varchar(20) NOT NULL');
    await queryRunner.query('DROP TABLE `reference_version`');
  }
}
