import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Binding by verified phone (issue 10, finding 9): the user keeps when WeChat confirmed their
 * phone, and a claim looks up the room's bound residents by (room, status).
 */
export class VerifiedPhone1764806406000 implements MigrationInterface {
  name = 'VerifiedPhone1764806406000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `user` ADD `phone_verified_at` datetime(3) NULL');
    await queryRunner.query(
      'ALTER TABLE `house_binding` ADD INDEX `IDX_house_binding_room_status` (`room_id`, `status`)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `house_binding` DROP INDEX `IDX_house_binding_room_status`');
    await queryRunner.query('ALTER TABLE `user` DROP COLUMN `phone_verified_at`');
  }
}
