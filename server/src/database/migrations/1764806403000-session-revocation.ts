import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions that end when rights end: an account can be switched off, a per-user token version
 * lets one bump retire every access token already issued, and refresh tokens carry the family
 * (one login) they were rotated from, so reusing a spent one can end that whole login.
 */
export class SessionRevocation1764806403000 implements MigrationInterface {
  name = 'SessionRevocation1764806403000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `user` ADD `active` tinyint NOT NULL DEFAULT 1, ' +
        "ADD `token_version` int UNSIGNED NOT NULL DEFAULT '0'",
    );
    await queryRunner.query('ALTER TABLE `refresh_token` ADD `family_id` char(36) NULL');
    // Tokens issued before families existed: each one is a login of its own.
    await queryRunner.query('UPDATE `refresh_token` SET `family_id` = UUID() WHERE `family_id` IS NULL');
    await queryRunner.query(
      'ALTER TABLE `refresh_token` MODIFY `family_id` char(36) NOT NULL, ' +
        'ADD INDEX `IDX_refresh_token_family` (`family_id`)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `refresh_token` DROP INDEX `IDX_refresh_token_family`, DROP COLUMN `family_id`',
    );
    await queryRunner.query('ALTER TABLE `user` DROP COLUMN `token_version`, DROP COLUMN `active`');
  }
}
