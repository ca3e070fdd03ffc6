import type { MigrationInterface, QueryRunner } from 'typeorm';

const CREATE_ADMIN_CHANGE =
  'CREATE TABLE `admin_change` (' +
  '`id` int UNSIGNED NOT NULL AUTO_INCREMENT, ' +
  '`actor_user_id` int UNSIGNED NULL, ' +
  '`entity` varchar(20) NOT NULL, ' +
  '`entity_id` int UNSIGNED NULL, ' +
  '`entity_key` varchar(60) NULL, ' +
  // No foreign key: the log outlives what it records (a project deleted, a category removed).
  '`project_id` int UNSIGNED NULL, ' +
  '`action` varchar(30) NOT NULL, ' +
  '`before` json NULL, ' +
  '`after` json NULL, ' +
  '`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), ' +
  // The list pages newest first: filtered by subject (and one record's history), or by project
  // (a manager's own projects).
  'INDEX `IDX_admin_change_entity` (`entity`, `entity_id`, `id`), ' +
  'INDEX `IDX_admin_change_project` (`project_id`, `id`), ' +
  'PRIMARY KEY (`id`), ' +
  'CONSTRAINT `FK_admin_change_actor` FOREIGN KEY (`actor_user_id`) REFERENCES `user`(`id`)' +
  ') ENGINE=InnoDB';

/**
 * One change log (issue 14 §5): the estate screens wrote `estate_change`, categories, routes and
 * settings `setup_change`, staff and invitations `admin_change`, and 操作记录 read only the last.
 * All three become `admin_change`, with the project a change concerns (so a manager sees their
 * projects') and a key for subjects without a numeric id (a setting, a calendar year). The table
 * is rebuilt rather than appended to, so that its ids — the list's order — follow the time of
 * every change, old and new.
 *
 * The rows carried over: an estate room batch named its project as its id (it is now the
 * project, with no id); a building's, unit's or room's project is the one its record before the
 * edit held; `setup_change` kept no action, so it is read from what was recorded (nothing
 * before: created; nothing after: removed, a route cleared, a setting reset).
 */
export class OneChangeLog1766900000000 implements MigrationInterface {
  name = 'OneChangeLog1766900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The constraint's name is the database's: it goes before the new table takes it.
    await queryRunner.query('ALTER TABLE `admin_change` DROP FOREIGN KEY `FK_admin_change_actor`');
    await queryRunner.query('RENAME TABLE `admin_change` TO `admin_change_old`');
    await queryRunner.query(CREATE_ADMIN_CHANGE);
    await queryRunner.query(
      `INSERT INTO admin_change (actor_user_id, entity, entity_id, entity_key, project_id, action, \`before\`, \`after\`, created_at)
       SELECT actor, entity, entity_id, entity_key, project_id, action, \`before\`, \`after\`, created_at FROM (
         SELECT 0 AS source, id AS source_id, actor_user_id AS actor, entity, entity_id,
                CAST(NULL AS CHAR(60)) AS entity_key, CAST(NULL AS UNSIGNED) AS project_id,
                action, \`before\`, \`after\`, created_at
           FROM admin_change_old
         UNION ALL
         SELECT 1, id, actor_user_id, entity,
                IF(entity = 'room' AND action = 'batch', NULL, entity_id),
                NULL,
                CASE WHEN entity = 'project' OR (entity = 'room' AND action = 'batch') THEN entity_id
                     WHEN entity IN ('building', 'unit', 'room') THEN CAST(JSON_VALUE(\`before\`, '$.projectId') AS UNSIGNED)
                END,
                action, \`before\`, \`after\`, created_at
           FROM estate_change
         UNION ALL
         SELECT 2, id, user_id, subject,
                IF(subject IN ('category', 'category_route'), CAST(SUBSTRING_INDEX(subject_key, ':', 1) AS UNSIGNED), NULL),
                IF(subject IN ('category', 'category_route'), NULL, subject_key),
                IF(subject = 'category_route', CAST(SUBSTRING_INDEX(subject_key, ':', -1) AS UNSIGNED), NULL),
                CASE subject
                  WHEN 'category_route' THEN IF(\`after\` IS NULL, 'clear', 'set')
                  WHEN 'setting' THEN IF(\`after\` IS NULL, 'reset', 'update')
                  ELSE IF(\`before\` IS NULL, 'create', IF(\`after\` IS NULL, 'delete', 'update'))
                END,
                \`before\`, \`after\`, created_at
           FROM setup_change
       ) AS c
       ORDER BY created_at, source, source_id`,
    );
    await queryRunner.query('DROP TABLE `admin_change_old`');
    await queryRunner.query('DROP TABLE `estate_change`');
    await queryRunner.query('DROP TABLE `setup_change`');
  }

  /**
   * Back to three tables, but `estate_change` and `setup_change` come back empty: every change
   * stays in `admin_change` (the older code lists all of its rows), and copying them back could
   * not fit rows those tables never allowed (the system as actor, time limits, imports).
   */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `setup_change` (' +
        '`id` int UNSIGNED NOT NULL AUTO_INCREMENT, ' +
        '`user_id` int UNSIGNED NOT NULL, ' +
        '`subject` varchar(30) NOT NULL, ' +
        '`subject_key` varchar(60) NOT NULL, ' +
        '`before` json NULL, ' +
        '`after` json NULL, ' +
        '`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), ' +
        'INDEX `IDX_setup_change_subject` (`subject`, `subject_key`, `id`), ' +
        'PRIMARY KEY (`id`), ' +
        'CONSTRAINT `FK_setup_change_user` FOREIGN KEY (`user_id`) REFERENCES `user`(`id`)' +
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
    await queryRunner.query(
      'ALTER TABLE `admin_change` DROP INDEX `IDX_admin_change_project`, DROP COLUMN `project_id`, DROP COLUMN `entity_key`',
    );
  }
}
