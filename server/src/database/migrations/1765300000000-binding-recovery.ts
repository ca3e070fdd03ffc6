import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Binding recovery (issue 12, deliverable 6): a claim remembers whether WeChat verified its phone
 * (the reviewer sees it, and which field did not match), and every step of a claim — submitted,
 * corrected, withdrawn, approved, refused — is kept with who, when and why.
 */
export class BindingRecovery1765300000000 implements MigrationInterface {
  name = 'BindingRecovery1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `house_binding` ADD `phone_verified` tinyint NOT NULL DEFAULT 0');
    // Claims made since issue 10 with the phone WeChat verified for their resident.
    await queryRunner.query(
      'UPDATE `house_binding` b JOIN `user` u ON u.id = b.user_id SET b.phone_verified = 1 ' +
        'WHERE u.phone_verified_at IS NOT NULL AND u.phone = b.phone',
    );
    await queryRunner.query(
      'CREATE TABLE `house_binding_event` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `binding_id` int UNSIGNED NOT NULL, ' +
        '`actor_user_id` int UNSIGNED NOT NULL, `action` varchar(20) NOT NULL, `status` varchar(20) NOT NULL, ' +
        '`name` varchar(40) NOT NULL, `phone` varchar(20) NOT NULL, `phone_verified` tinyint NOT NULL, ' +
        '`note` varchar(200) NULL, `created_at` datetime(3) NOT NULL, ' +
        'INDEX `IDX_house_binding_event_binding` (`binding_id`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'ALTER TABLE `house_binding_event` ADD CONSTRAINT `FK_house_binding_event_binding` FOREIGN KEY (`binding_id`) ' +
        'REFERENCES `house_binding`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `house_binding_event`');
    await queryRunner.query('ALTER TABLE `house_binding` DROP COLUMN `phone_verified`');
  }
}
