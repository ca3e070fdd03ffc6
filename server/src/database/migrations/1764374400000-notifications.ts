import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The message centre, the WeChat outbox and what sending needs: subscribe credits, the
 * access token shared by all instances, and staff's official-account links.
 */
export class Notifications1764374400000 implements MigrationInterface {
  name = 'Notifications1764374400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `notification` (' +
        '`id` int UNSIGNED NOT NULL AUTO_INCREMENT, ' +
        '`user_id` int UNSIGNED NOT NULL, ' +
        '`request_id` int UNSIGNED NULL, ' +
        '`event_id` int UNSIGNED NULL, ' +
        '`topic` varchar(40) NOT NULL, ' +
        '`title` varchar(60) NOT NULL, ' +
        '`body` varchar(500) NOT NULL, ' +
        '`page` varchar(200) NULL, ' +
        '`read_at` datetime(3) NULL, ' +
        '`created_at` datetime(3) NOT NULL, ' +
        'INDEX `IDX_notification_user_read` (`user_id`, `read_at`, `id`), ' +
        'PRIMARY KEY (`id`), ' +
        'CONSTRAINT `FK_notification_user` FOREIGN KEY (`user_id`) REFERENCES `user`(`id`), ' +
        'CONSTRAINT `FK_notification_request` FOREIGN KEY (`request_id`) REFERENCES `request`(`id`)' +
        ') ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `notification_delivery` (' +
        '`id` int UNSIGNED NOT NULL AUTO_INCREMENT, ' +
        '`notification_id` int UNSIGNED NOT NULL, ' +
        // The recipient again, so claiming a row locks nothing but the outbox.
        '`user_id` int UNSIGNED NOT NULL, ' +
        '`channel` varchar(20) NOT NULL, ' +
        '`touser` varchar(64) NOT NULL, ' +
        '`template_id` varchar(128) NOT NULL, ' +
        '`body` json NOT NULL, ' +
        '`status` varchar(20) NOT NULL, ' +
        '`attempts` smallint UNSIGNED NOT NULL DEFAULT 0, ' +
        // Pending: when to try next; sending: when the claim lapses (a crashed worker's rows come back).
        '`next_attempt_at` datetime(3) NOT NULL, ' +
        '`last_errcode` int NULL, ' +
        '`last_error` varchar(300) NULL, ' +
        '`msgid` varchar(32) NULL, ' +
        '`sent_at` datetime(3) NULL, ' +
        '`created_at` datetime(3) NOT NULL, ' +
        '`updated_at` datetime(3) NOT NULL, ' +
        'INDEX `IDX_delivery_due` (`status`, `next_attempt_at`), ' +
        'INDEX `IDX_delivery_notification` (`notification_id`), ' +
        'PRIMARY KEY (`id`), ' +
        'CONSTRAINT `FK_delivery_notification` FOREIGN KEY (`notification_id`) REFERENCES `notification`(`id`)' +
        ') ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `subscribe_credit` (' +
        '`user_id` int UNSIGNED NOT NULL, ' +
        '`template_id` varchar(128) NOT NULL, ' +
        '`credits` int UNSIGNED NOT NULL DEFAULT 0, ' +
        '`updated_at` datetime(3) NOT NULL, ' +
        'PRIMARY KEY (`user_id`, `template_id`), ' +
        'CONSTRAINT `FK_subscribe_credit_user` FOREIGN KEY (`user_id`) REFERENCES `user`(`id`)' +
        ') ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `wechat_access_token` (' +
        '`appid` varchar(64) NOT NULL, ' +
        // WeChat asks for at least 512 characters of room (WECHAT.md §2).
        '`token` varchar(1024) NULL, ' +
        '`expires_at` datetime(3) NULL, ' +
        '`fetched_at` datetime(3) NULL, ' +
        '`fetch_count` int UNSIGNED NOT NULL DEFAULT 0, ' +
        'PRIMARY KEY (`appid`)' +
        ') ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `official_account_link` (' +
        '`user_id` int UNSIGNED NOT NULL, ' +
        '`openid` varchar(64) NULL, ' +
        '`following` tinyint NULL, ' +
        '`bind_code` varchar(12) NULL, ' +
        '`bind_code_expires_at` datetime(3) NULL, ' +
        '`updated_at` datetime(3) NOT NULL, ' +
        'UNIQUE INDEX `IDX_oa_link_openid` (`openid`), ' +
        'UNIQUE INDEX `IDX_oa_link_bind_code` (`bind_code`), ' +
        'PRIMARY KEY (`user_id`), ' +
        'CONSTRAINT `FK_oa_link_user` FOREIGN KEY (`user_id`) REFERENCES `user`(`id`)' +
        ') ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'official_account_link',
      'wechat_access_token',
      'subscribe_credit',
      'notification_delivery',
      'notification',
    ]) {
      await queryRunner.query(`DROP TABLE \`${table}\``);
    }
  }
}
