import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CategoriesController } from './categories.controller';
import { CategoryAdminController } from './category-admin.controller';
import { CategoryAdminService } from './category-admin.service';
import { CategoriesService } from './categories.service';
import { CategoryRoute } from './category-route.entity';
import { Category } from './category.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Category, CategoryRoute])],
  controllers: [CategoriesController, CategoryAdminController],
  providers: [CategoriesService, CategoryAdminService],
  exports: [CategoriesService],
})
export class CategoriesModule {}
