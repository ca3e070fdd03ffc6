import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per level a request reached for one reason (a deadline instance, or urging). The
 * unique key is what makes the sweep exactly-once across instances and crash-safe.
 */
export class Escalations1764547200000 implements MigrationInterface {
  name = 'Escalations1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `escalation` (' +
        '`id` int UNSIGNED NOT NULL AUTO_INCREMENT, ' +
        '`request_id` int UNSIGNED NOT NULL, ' +
        '`reason` varchar(20) NOT NULL, ' +
        // The deadline's due time as text ("urge" for urging): a moved deadline escalates anew.
        '`due_key` varchar(30) NOT NULL, ' +
        '`level` tinyint UNSIGNED NOT NULL, ' +
        '`event_id` int UNSIGNED NULL, ' +
        '`created_at` datetime(3) NOT NULL, ' +
        'UNIQUE INDEX `IDX_escalation_once` (`request_id`, `reason`, `due_key`, `level`), ' +
        'PRIMARY KEY (`id`), ' +
        'CONSTRAINT `FK_escalation_request` FOREIGN KEY (`request_id`) REFERENCES `request`(`id`)' +
        ') ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `escalation`');
  }
}
