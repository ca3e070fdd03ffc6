import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys (issue 10, finding 7): a caller's `Idempotency-Key` with the answer it got,
 * so a double submit or a retry after a lost answer is served the first answer, not a second write.
 */
export class IdempotencyKeys1764806404000 implements MigrationInterface {
  name = 'IdempotencyKeys1764806404000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `idempotency_key` (' +
        '`id` int UNSIGNED NOT NULL AUTO_INCREMENT, ' +
        '`user_id` int UNSIGNED NOT NULL, ' +
        '`key` varchar(128) NOT NULL, ' +
        '`route` varchar(200) NOT NULL, ' +
        '`fingerprint` char(64) NOT NULL, ' +
        '`status` varchar(10) NOT NULL, ' +
        '`claim` char(32) NOT NULL, ' +
        '`response_status` smallint UNSIGNED NULL, ' +
        '`response_body` mediumtext NULL, ' +
        '`created_at` datetime(3) NOT NULL, ' +
        '`claimed_at` datetime(3) NOT NULL, ' +
        '`expires_at` datetime(3) NOT NULL, ' +
        'UNIQUE INDEX `UQ_idempotency_key_user_key` (`user_id`, `key`), ' +
        'INDEX `IDX_idempotency_key_expires` (`expires_at`), ' +
        'PRIMARY KEY (`id`)' +
        ') ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `idempotency_key`');
  }
}
