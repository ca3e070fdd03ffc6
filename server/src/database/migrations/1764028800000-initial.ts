import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The walking skeleton's schema: organisation, houses, users, categories, requests and their timeline. */
export class Initial1764028800000 implements MigrationInterface {
  name = 'Initial1764028800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `refresh_token` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `user_id` int UNSIGNED NOT NULL, `token_hash` char(64) NOT NULL, `expires_at` datetime(3) NOT NULL, `revoked_at` datetime(3) NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX `IDX_6bbe63d2fe75e7f0ba1710351d` (`user_id`), UNIQUE INDEX `IDX_f0812282fad2e352cdaf83ef0a` (`token_hash`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `company` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `name` varchar(100) NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), UNIQUE INDEX `IDX_a76c5cd486f7779bd9c319afd2` (`name`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      "CREATE TABLE `department` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `company_id` int UNSIGNED NOT NULL, `code` varchar(40) NOT NULL, `name` varchar(50) NOT NULL, `dispatch_mode` varchar(20) NOT NULL DEFAULT 'supervisor', `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), UNIQUE INDEX `IDX_62690f4fe31da9eb824d909285` (`code`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      "CREATE TABLE `category` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `parent_id` int UNSIGNED NULL, `kind` varchar(20) NOT NULL, `name` varchar(50) NOT NULL, `default_department_id` int UNSIGNED NULL, `default_grade` char(1) NOT NULL DEFAULT 'C', `sort` int NOT NULL DEFAULT '0', `active` tinyint NOT NULL DEFAULT 1, UNIQUE INDEX `IDX_cfc312cf0bcf7b7a8e1a4ecd12` (`kind`, `parent_id`, `name`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      "CREATE TABLE `project` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `company_id` int UNSIGNED NOT NULL, `name` varchar(100) NOT NULL, `kind` varchar(20) NOT NULL DEFAULT 'residential', `area_sqm` int UNSIGNED NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), UNIQUE INDEX `IDX_dedfea394088ed136ddadeee89` (`name`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      "CREATE TABLE `building` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `project_id` int UNSIGNED NOT NULL, `name` varchar(30) NOT NULL, `sort` int NOT NULL DEFAULT '0', UNIQUE INDEX `IDX_2536e49776e34b27331edeeb1b` (`project_id`, `name`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      "CREATE TABLE `user` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `openid` varchar(64) NOT NULL, `unionid` varchar(64) NULL, `session_key` varchar(64) NULL, `role` varchar(20) NOT NULL, `name` varchar(40) NOT NULL DEFAULT '', `phone` varchar(20) NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX `IDX_e3f6feab5c4faea9df84b9fc81` (`unionid`), UNIQUE INDEX `IDX_0fda9260b0aaff9a5b8f38ac16` (`openid`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      "CREATE TABLE `unit` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `building_id` int UNSIGNED NOT NULL, `name` varchar(30) NOT NULL, `sort` int NOT NULL DEFAULT '0', UNIQUE INDEX `IDX_544251c6816c7db4c0ff7a546d` (`building_id`, `name`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      'CREATE TABLE `room` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `project_id` int UNSIGNED NOT NULL, `building_id` int UNSIGNED NOT NULL, `unit_id` int UNSIGNED NOT NULL, `floor` smallint NOT NULL, `name` varchar(20) NOT NULL, UNIQUE INDEX `IDX_1ea3b9dda49e9fcc98f2d6c7cf` (`unit_id`, `name`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `house_binding` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `user_id` int UNSIGNED NOT NULL, `room_id` int UNSIGNED NOT NULL, `name` varchar(40) NOT NULL, `phone` varchar(20) NOT NULL, `status` varchar(20) NOT NULL, `reviewed_by_user_id` int UNSIGNED NULL, `reviewed_at` datetime(3) NULL, `reject_reason` varchar(200) NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX `IDX_46a550c81f1c58d4a91eff892e` (`status`), UNIQUE INDEX `IDX_b6d8fc34b62901a28799eefd99` (`user_id`, `room_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      "CREATE TABLE `owner_register` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `room_id` int UNSIGNED NOT NULL, `name` varchar(40) NOT NULL, `phone` varchar(20) NOT NULL, `relation` varchar(20) NOT NULL DEFAULT 'owner', `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), UNIQUE INDEX `IDX_07dbe4e74176950678962f387b` (`room_id`, `phone`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      'CREATE TABLE `staff_member` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `user_id` int UNSIGNED NOT NULL, `department_id` int UNSIGNED NULL, `title` varchar(50) NOT NULL, `on_duty` tinyint NOT NULL DEFAULT 1, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), UNIQUE INDEX `REL_c85429c32a0be87e67198581c7` (`user_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `request` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `number` varchar(20) NOT NULL, `kind` varchar(20) NOT NULL, `status` varchar(20) NOT NULL, `grade` char(1) NOT NULL, `valid` tinyint NULL, `source` varchar(20) NOT NULL, `project_id` int UNSIGNED NOT NULL, `area` varchar(50) NULL, `room_id` int UNSIGNED NULL, `house_binding_id` int UNSIGNED NULL, `resident_user_id` int UNSIGNED NULL, `contact_name` varchar(40) NOT NULL, `contact_phone` varchar(20) NOT NULL, `category_id` int UNSIGNED NOT NULL, `content` text NOT NULL, `subject_of_complaint` varchar(100) NULL, `occurred_at` datetime(3) NULL, `occurred_place` varchar(100) NULL, `demand` varchar(200) NULL, `repair_scope` varchar(20) NULL, `repair_item` varchar(100) NULL, `repair_location` varchar(100) NULL, `repair_model` varchar(100) NULL, `appointment_at` datetime(3) NULL, `department_id` int UNSIGNED NULL, `assignee_user_id` int UNSIGNED NULL, `first_contact_user_id` int UNSIGNED NULL, `created_by_user_id` int UNSIGNED NULL, `result` text NULL, `resolved_at` datetime(3) NULL, `closed_at` datetime(3) NULL, `parent_request_id` int UNSIGNED NULL, `version` int NOT NULL, `created_at` datetime(3) NOT NULL, `updated_at` datetime(3) NOT NULL, INDEX `IDX_9d307219bc5f40f87146ea2093` (`project_id`, `status`), INDEX `IDX_7bb2dcb366439e6a681d98128a` (`resident_user_id`, `created_at`), UNIQUE INDEX `IDX_ff9ae4c48ce4e00f58800a2658` (`number`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `request_event` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `request_id` int UNSIGNED NOT NULL, `actor_user_id` int UNSIGNED NULL, `actor_role` varchar(20) NOT NULL, `actor_name` varchar(40) NOT NULL, `action` varchar(20) NOT NULL, `from_status` varchar(20) NULL, `to_status` varchar(20) NOT NULL, `note` text NULL, `internal` tinyint NOT NULL DEFAULT 0, `created_at` datetime(3) NOT NULL, INDEX `IDX_6d786c4277d647cdc2d19dd246` (`request_id`, `created_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `staff_member_project` (`staff_member_id` int UNSIGNED NOT NULL, `project_id` int UNSIGNED NOT NULL, INDEX `IDX_1126113b2b54ef90d69fb72938` (`staff_member_id`), INDEX `IDX_44e75b9da45fb05f8787012d0b` (`project_id`), PRIMARY KEY (`staff_member_id`, `project_id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'ALTER TABLE `department` ADD CONSTRAINT `FK_f840e8ae1c80c7acb64dc668118` FOREIGN KEY (`company_id`) REFERENCES `company`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE `category` ADD CONSTRAINT `FK_1117b4fcb3cd4abb4383e1c2743` FOREIGN KEY (`parent_id`) REFERENCES `category`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE `category` ADD CONSTRAINT `FK_3a2815181aa5755b6c6fa954898` FOREIGN KEY (`default_department_id`) REFERENCES `department`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE `project` ADD CONSTRAINT `FK_e207ffcc87db476eb97b3e0a0f2` FOREIGN KEY (`company_id`) REFERENCES `company`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE `building` ADD CONSTRAINT `FK_5c988f745a276f46c772e475002` FOREIGN KEY (`project_id`) REFERENCES `project`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE `unit` ADD CONSTRAINT `FK_10957865e0fd42ab859753f882e` FOREIGN KEY (`building_id`) REFERENCES `building`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE `room` ADD CONSTRAINT `FK_b538620ee07f9b2d43f35429a8a` FOREIGN KEY (`project_id`) REFERENCES `project`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE `room` ADD CONSTRAINT `FK_a60af3e73dc64bf32778ae73906` FOREIGN KEY (`building_id`) REFERENCES `building`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE `room` ADD CONSTRAINT `FK_3ecf12c3d733b3a99b8db9b42ad` FOREIGN KEY (`unit_id`) REFERENCES `unit`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE `house_binding` ADD CONSTRAINT `FK_a9db172c1dcb921c8d353b2a352` FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE `house_binding` ADD CONSTRAINT `FK_be7ee1c4142b4ce0fd5e42c2f8a` FOREIGN KEY (`room_id`) REFERENCES `room`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE `owner_register` ADD CONSTRAINT `FK_994afb13b340e05611df0c31872` FOREIGN KEY (`room_id`) REFERENCES `room`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE `staff_member` ADD CONSTRAINT `FK_c85429c32a0be87e67198581c7b` FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE `staff_member` ADD CONSTRAINT `FK_eeaa798f28fa27ec39c9f8dc97d` FOREIGN KEY (`department_id`) REFERENCES `department`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE `request` ADD CONSTRAINT `FK_2c36c5e24a1674ec4be086748b5` FOREIGN KEY (`project_id`) REFERENCES `project`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE `request` ADD CONSTRAINT `FK_558b26f95959b49074fdb7d4ae6` FOREIGN KEY (`room_id`) REFERENCES `room`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE `request` ADD CONSTRAINT `FK_6edfe600924b759a8ad53ffdf48` FOREIGN KEY (`resident_user_id`) REFERENCES `user`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE `request` ADD CONSTRAINT `FK_8079798af540d12456087609099` FOREIGN KEY (`category_id`) REFERENCES `category`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE `request` ADD CONSTRAINT `FK_7dc33dff36ed971756ca26aa1db` FOREIGN KEY (`department_id`) REFERENCES `department`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE `request` ADD CONSTRAINT `FK_54695b8f38078a6946b9bd8d793` FOREIGN KEY (`assignee_user_id`) REFERENCES `user`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE `request_event` ADD CONSTRAINT `FK_2dc1adeba3dad9d1748e262c2fb` FOREIGN KEY (`request_id`) REFERENCES `request`(`id`) ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE `staff_member_project` ADD CONSTRAINT `FK_1126113b2b54ef90d69fb729385` FOREIGN KEY (`staff_member_id`) REFERENCES `staff_member`(`id`) ON DELETE CASCADE ON UPDATE CASCADE',
    );
    await queryRunner.query(
      'ALTER TABLE `staff_member_project` ADD CONSTRAINT `FK_44e75b9da45fb05f8787012d0bb` FOREIGN KEY (`project_id`) REFERENCES `project`(`id`) ON DELETE CASCADE ON UPDATE CASCADE',
    );
    await queryRunner.query(
      'CREATE TABLE `request_number_sequence` (`day_key` varchar(12) NOT NULL, `last_value` int UNSIGNED NOT NULL, PRIMARY KEY (`day_key`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('SET FOREIGN_KEY_CHECKS = 0');
    await queryRunner.query('DROP TABLE `request_number_sequence`');
    await queryRunner.query('DROP TABLE `staff_member_project`');
    await queryRunner.query('DROP TABLE `request_event`');
    await queryRunner.query('DROP TABLE `request`');
    await queryRunner.query('DROP TABLE `staff_member`');
    await queryRunner.query('DROP TABLE `owner_register`');
    await queryRunner.query('DROP TABLE `house_binding`');
    await queryRunner.query('DROP TABLE `room`');
    await queryRunner.query('DROP TABLE `unit`');
    await queryRunner.query('DROP TABLE `user`');
    await queryRunner.query('DROP TABLE `building`');
    await queryRunner.query('DROP TABLE `project`');
    await queryRunner.query('DROP TABLE `category`');
    await queryRunner.query('DROP TABLE `department`');
    await queryRunner.query('DROP TABLE `company`');
    await queryRunner.query('DROP TABLE `refresh_token`');
    await queryRunner.query('SET FOREIGN_KEY_CHECKS = 1');
  }
}
