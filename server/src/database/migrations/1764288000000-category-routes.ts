import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-project routing overrides: a project may send a category to another department than the tree's default. */
export class CategoryRoutes1764288000000 implements MigrationInterface {
  name = 'CategoryRoutes1764288000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `category_route` (' +
        '`id` int UNSIGNED NOT NULL AUTO_INCREMENT, ' +
        '`category_id` int UNSIGNED NOT NULL, ' +
        '`project_id` int UNSIGNED NOT NULL, ' +
        '`department_id` int UNSIGNED NOT NULL, ' +
        'UNIQUE INDEX `IDX_category_route_category_project` (`category_id`, `project_id`), ' +
        'PRIMARY KEY (`id`), ' +
        'CONSTRAINT `FK_category_route_category` FOREIGN KEY (`category_id`) REFERENCES `category`(`id`), ' +
        'CONSTRAINT `FK_category_route_project` FOREIGN KEY (`project_id`) REFERENCES `project`(`id`), ' +
        'CONSTRAINT `FK_category_route_department` FOREIGN KEY (`department_id`) REFERENCES `department`(`id`)' +
        ') ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `category_route`');
  }
}
