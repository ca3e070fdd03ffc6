import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A new install has no staff: its first 公司管理员 is invited by `npm run invite-admin` on the
 * server, with nobody to name as the inviter. Such an invitation has no inviter (the system's).
 */
export class SystemInvitations1766500000000 implements MigrationInterface {
  name = 'SystemInvitations1766500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `staff_invitation` MODIFY `invited_by_user_id` int UNSIGNED NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM `staff_invitation` WHERE `invited_by_user_id` IS NULL');
    await queryRunner.query('ALTER TABLE `staff_invitation` MODIFY `invited_by_user_id` int UNSIGNED NOT NULL');
  }
}
