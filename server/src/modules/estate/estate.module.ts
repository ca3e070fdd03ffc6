import { Module } from '@nestjs/common';
import { DepartmentsAdminController } from '../organization/departments-admin.controller';
import { DepartmentsAdminService } from '../organization/departments-admin.service';
import { DutyController } from './duty.controller';
import { EstateAdminController } from './estate-admin.controller';
import { EstateAdminService } from './estate-admin.service';

/** The company's set-up screens: projects, buildings, units, rooms, departments (issue 14). */
@Module({
  controllers: [EstateAdminController, DepartmentsAdminController, DutyController],
  providers: [EstateAdminService, DepartmentsAdminService],
})
export class EstateModule {}
