import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every read of a resident's unmasked contact details by staff, so a leak of residents' numbers
 * (seed 004) can be traced to who read which request when. Append-only, one row per read.
 */
export class ContactAccessLog1764806405000 implements MigrationInterface {
  name = 'ContactAccessLog1764806405000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `contact_access_log` (' +
        '`id` int UNSIGNED NOT NULL AUTO_INCREMENT, ' +
        '`user_id` int UNSIGNED NOT NULL, ' +
        '`request_id` int UNSIGNED NOT NULL, ' +
        '`project_id` int UNSIGNED NOT NULL, ' +
        '`what` varchar(20) NOT NULL, ' +
        '`at` datetime(3) NOT NULL, ' +
        'INDEX `IDX_contact_access_at` (`at`), ' +
        'INDEX `IDX_contact_access_user` (`user_id`, `at`), ' +
        'INDEX `IDX_contact_access_request` (`request_id`, `at`), ' +
        'PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `contact_access_log`');
  }
}
