import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Subscribe credits are counted only against an ask the server issued for one tap (issue 13):
 * the ids it asked for, used once, short-lived.
 */
export class SubscribeAsks1765900000000 implements MigrationInterface {
  name = 'SubscribeAsks1765900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `subscribe_ask` (' +
        '`id` varchar(64) NOT NULL, ' +
        '`user_id` int UNSIGNED NOT NULL, ' +
        '`moment` varchar(20) NOT NULL, ' +
        '`template_ids` json NOT NULL, ' +
        '`answers` json NULL, ' +
        '`expires_at` datetime(3) NOT NULL, ' +
        '`used_at` datetime(3) NULL, ' +
        '`created_at` datetime(3) NOT NULL, ' +
        'INDEX `IDX_subscribe_ask_user` (`user_id`, `expires_at`), ' +
        'PRIMARY KEY (`id`), ' +
        'CONSTRAINT `FK_subscribe_ask_user` FOREIGN KEY (`user_id`) REFERENCES `user`(`id`)' +
        ') ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `subscribe_ask`');
  }
}
