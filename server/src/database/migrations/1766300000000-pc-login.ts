import type { MigrationInterface, QueryRunner } from 'typeorm';

/** QR logins of PCs (issue 14): the desk scans a PC's code with the mini-program and confirms. */
export class PcLogin1766300000000 implements MigrationInterface {
  name = 'PcLogin1766300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `pc_login` (' +
        '`ticket_hash` char(64) NOT NULL, ' +
        '`step` varchar(12) NOT NULL, ' +
        '`user_id` int UNSIGNED NULL, ' +
        '`family_id` char(36) NULL, ' +
        '`user_agent` varchar(255) NOT NULL, ' +
        '`ip` varchar(64) NOT NULL, ' +
        '`expires_at` datetime(3) NOT NULL, ' +
        '`created_at` datetime(3) NOT NULL, ' +
        'INDEX `IDX_pc_login_family` (`family_id`), ' +
        'INDEX `IDX_pc_login_expires` (`expires_at`), ' +
        'PRIMARY KEY (`ticket_hash`), ' +
        'CONSTRAINT `FK_pc_login_user` FOREIGN KEY (`user_id`) REFERENCES `user`(`id`)' +
        ') ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `pc_login`');
  }
}
