import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Department } from '../organization/department.entity';
import { DepartmentsController } from './departments.controller';
import { DispatchService } from './dispatch.service';

@Module({
  imports: [TypeOrmModule.forFeature([Department])],
  controllers: [DepartmentsController],
  providers: [DispatchService],
  exports: [DispatchService],
})
export class DispatchModule {}
