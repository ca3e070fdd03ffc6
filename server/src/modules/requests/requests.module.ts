import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CategoriesModule } from '../categories/categories.module';
import { HousesModule } from '../houses/houses.module';
import { Department } from '../organization/department.entity';
import { RequestEvent } from './request-event.entity';
import { RequestNumberAllocator } from './request-number.allocator';
import { ServiceRequest } from './request.entity';
import { RequestsController } from './requests.controller';
import { RequestsService } from './requests.service';

@Module({
  imports: [TypeOrmModule.forFeature([ServiceRequest, RequestEvent, Department]), HousesModule, CategoriesModule],
  controllers: [RequestsController],
  providers: [RequestsService, RequestNumberAllocator],
})
export class RequestsModule {}
