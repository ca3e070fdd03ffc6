import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Requests for a manager's consent, with their proposal and the decision (issue 6). */
export class Approvals1764633600000 implements MigrationInterface {
  name = 'Approvals1764633600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `approval` (' +
        '`id` int UNSIGNED NOT NULL AUTO_INCREMENT, ' +
        '`request_id` int UNSIGNED NOT NULL, ' +
        '`project_id` int UNSIGNED NOT NULL, ' +
        '`type` varchar(30) NOT NULL, ' +
        '`status` varchar(20) NOT NULL, ' +
        '`reason` varchar(500) NOT NULL, ' +
        '`proposal` json NOT NULL, ' +
        '`approver_role` varchar(20) NOT NULL, ' +
        '`requested_by_user_id` int UNSIGNED NOT NULL, ' +
        '`requested_by_name` varchar(40) NOT NULL, ' +
        '`requested_at` datetime(3) NOT NULL, ' +
        '`decided_by_user_id` int UNSIGNED NULL, ' +
        '`decided_by_name` varchar(40) NULL, ' +
        '`decided_at` datetime(3) NULL, ' +
        '`comment` varchar(500) NULL, ' +
        'INDEX `IDX_approval_todo` (`status`, `approver_role`, `project_id`), ' +
        'INDEX `IDX_approval_request` (`request_id`, `status`), ' +
        'PRIMARY KEY (`id`), ' +
        'CONSTRAINT `FK_approval_request` FOREIGN KEY (`request_id`) REFERENCES `request`(`id`), ' +
        'CONSTRAINT `FK_approval_requested_by` FOREIGN KEY (`requested_by_user_id`) REFERENCES `user`(`id`)' +
        ') ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `approval`');
  }
}
