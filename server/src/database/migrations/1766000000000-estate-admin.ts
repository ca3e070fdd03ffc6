import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Until now a department's supervisor was whoever had the supervisor role in it, and the projects
 * it served were those its members served: the new columns start from exactly that.
 */
export const BACKFILL_DEPARTMENT_SET_UP = [
  `UPDATE department d SET d.supervisor_user_id = (
     SELECT MIN(u.id) FROM staff_member m JOIN \`user\` u ON u.id = m.user_id
      WHERE m.department_id = d.id AND u.role = 'supervisor')
    WHERE d.supervisor_user_id IS NULL`,
  `INSERT IGNORE INTO department_project (department_id, project_id)
   SELECT DISTINCT m.department_id, p.project_id
     FROM staff_member m JOIN staff_member_project p ON p.staff_member_id = m.id
    WHERE m.department_id IS NOT NULL`,
];

/**
 * The company's own set-up screens (issue 14): projects carry households and can be archived
 * (never deleted once they hold requests), rooms are marked occupied or vacant, departments can
 * be disabled, name a supervisor and the projects they serve. Until the shared change log lands
 * (admin_change), each edit of this area is recorded in `estate_change`.
 */
export class EstateAdmin1766000000000 implements MigrationInterface {
  name = 'EstateAdmin1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `project` ADD `households` int UNSIGNED NULL, ADD `archived_at` datetime(3) NULL',
    );
    await queryRunner.query('ALTER TABLE `room` ADD `occupied` tinyint NOT NULL DEFAULT 1');
    await queryRunner.query(
      'ALTER TABLE `department` ADD `active` tinyint NOT NULL DEFAULT 1, ADD `supervisor_user_id` int UNSIGNED NULL, ' +
        'ADD CONSTRAINT `FK_department_supervisor` FOREIGN KEY (`supervisor_user_id`) REFERENCES `user`(`id`)',
    );
    await queryRunner.query(
      'CREATE TABLE `department_project` (' +
        '`department_id` int UNSIGNED NOT NULL, ' +
        '`project_id` int UNSIGNED NOT NULL, ' +
        'PRIMARY KEY (`department_id`, `project_id`), ' +
        'INDEX `IDX_department_project_project` (`project_id`), ' +
        'CONSTRAINT `FK_department_project_department` FOREIGN KEY (`department_id`) REFERENCES `department`(`id`) ON DELETE CASCADE, ' +
        'CONSTRAINT `FK_department_project_project` FOREIGN KEY (`project_id`) REFERENCES `project`(`id`) ON DELETE CASCADE' +
        ') ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `estate_change` (' +
        '`id` int UNSIGNED NOT NULL AUTO_INCREMENT, ' +
        '`actor_user_id` int UNSIGNED NOT NULL, ' +
        '`entity` varchar(20) NOT NULL, ' +
        '`entity_id` int UNSIGNED NOT NULL, ' +
        '`action` varchar(20) NOT NULL, ' +
        '`before` json NULL, ' +
        '`after` json NULL, ' +
        '`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), ' +
        'INDEX `IDX_estate_change_entity` (`entity`, `entity_id`), ' +
        'PRIMARY KEY (`id`), ' +
        'CONSTRAINT `FK_estate_change_actor` FOREIGN KEY (`actor_user_id`) REFERENCES `user`(`id`)' +
        ') ENGINE=InnoDB',
    );
    for (const sql of BACKFILL_DEPARTMENT_SET_UP) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `estate_change`');
    await queryRunner.query('DROP TABLE `department_project`');
    await queryRunner.query('ALTER TABLE `department` DROP FOREIGN KEY `FK_department_supervisor`');
    await queryRunner.query('ALTER TABLE `department` DROP COLUMN `supervisor_user_id`, DROP COLUMN `active`');
    await queryRunner.query('ALTER TABLE `room` DROP COLUMN `occupied`');
    await queryRunner.query('ALTER TABLE `project` DROP COLUMN `archived_at`, DROP COLUMN `households`');
  }
}
