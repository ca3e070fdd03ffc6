import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 恶意投诉 (issue 15 §13; seed 002, 004): when a manager approved that a complaint is malicious. Such
 * a complaint is not valid (`valid = 0`, out of the reports' valid counts); this says why.
 */
export class MaliciousComplaints1766800000001 implements MigrationInterface {
  name = 'MaliciousComplaints1766800000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `request` ADD `malicious_at` datetime(3) NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `request` DROP `malicious_at`');
  }
}
