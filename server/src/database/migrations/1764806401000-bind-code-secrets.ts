import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bind codes that cannot be guessed: a 4-digit handle (looked up, unique among live codes) and a
 * 6-digit secret, and the wrong tries counted so a code dies after 3. Old 6-digit codes are
 * dropped: they live 30 minutes, and staff simply get a new one.
 */
export class BindCodeSecrets1764806401000 implements MigrationInterface {
  name = 'BindCodeSecrets1764806401000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `official_account_link` ADD `bind_secret` varchar(6) NULL AFTER `bind_code`, ' +
        'ADD `bind_code_failures` tinyint UNSIGNED NOT NULL DEFAULT 0 AFTER `bind_secret`',
    );
    await queryRunner.query(
      'UPDATE `official_account_link` SET `bind_code` = NULL, `bind_code_expires_at` = NULL WHERE `bind_code` IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'UPDATE `official_account_link` SET `bind_code` = NULL, `bind_code_expires_at` = NULL WHERE `bind_code` IS NOT NULL',
    );
    await queryRunner.query('ALTER TABLE `official_account_link` DROP `bind_code_failures`, DROP `bind_secret`');
  }
}
