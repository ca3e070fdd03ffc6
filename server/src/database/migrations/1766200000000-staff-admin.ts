import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: every admin change recorded (who, when, before, after), and staff invitations — a
 * one-time code, stored only as its hash, that makes whoever accepts it staff with the rights named.
 */
export class StaffAdmin1766200000000 implements MigrationInterface {
  name = 'StaffAdmin1766200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `admin_change` (' +
        '`id` int UNSIGNED NOT NULL AUTO_INCREMENT, ' +
        '`actor_user_id` int UNSIGNED NULL, ' +
        '`entity` varchar(20) NOT NULL, ' +
        '`entity_id` int UNSIGNED NULL, ' +
        '`action` varchar(30) NOT NULL, ' +
        '`before` json NULL, ' +
        '`after` json NULL, ' +
        '`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), ' +
        // The list pages newest first, filtered by entity (and one record's history).
        'INDEX `IDX_admin_change_entity` (`entity`, `entity_id`, `id`), ' +
        'PRIMARY KEY (`id`), ' +
        'CONSTRAINT `FK_admin_change_actor` FOREIGN KEY (`actor_user_id`) REFERENCES `user`(`id`)' +
        ') ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `staff_invitation` (' +
        '`id` int UNSIGNED NOT NULL AUTO_INCREMENT, ' +
        '`code_hash` char(64) NOT NULL, ' +
        '`role` varchar(20) NOT NULL, ' +
        '`department_id` int UNSIGNED NULL, ' +
        '`project_ids` json NOT NULL, ' +
        '`name` varchar(40) NULL, ' +
        '`title` varchar(50) NULL, ' +
        '`invited_by_user_id` int UNSIGNED NOT NULL, ' +
        '`expires_at` datetime(3) NOT NULL, ' +
        '`used_at` datetime(3) NULL, ' +
        '`used_by_user_id` int UNSIGNED NULL, ' +
        '`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), ' +
        'UNIQUE INDEX `UQ_staff_invitation_code` (`code_hash`), ' +
        'PRIMARY KEY (`id`), ' +
        'CONSTRAINT `FK_staff_invitation_department` FOREIGN KEY (`department_id`) REFERENCES `department`(`id`), ' +
        'CONSTRAINT `FK_staff_invitation_inviter` FOREIGN KEY (`invited_by_user_id`) REFERENCES `user`(`id`), ' +
        'CONSTRAINT `FK_staff_invitation_used_by` FOREIGN KEY (`used_by_user_id`) REFERENCES `user`(`id`)' +
        ') ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `staff_invitation`');
    await queryRunner.query('DROP TABLE `admin_change`');
  }
}
