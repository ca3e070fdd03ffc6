import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Repairs carry how urgent they are (一般 / 紧急（急修）): residents read that instead of the
 * complaint grades A–E, which classify complaints (issue 12).
 */
export class RepairUrgency1765600000000 implements MigrationInterface {
  name = 'RepairUrgency1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `request` ADD `urgency` varchar(10) NOT NULL DEFAULT 'normal'");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `request` DROP COLUMN `urgency`');
  }
}
