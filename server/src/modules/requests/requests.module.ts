import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CategoriesModule } from '../categories/categories.module';
import { ContentCheckModule } from '../content-check/content-check.module';
import { DispatchModule } from '../dispatch/dispatch.module';
import { HousesModule } from '../houses/houses.module';
import { Department } from '../organization/department.entity';
import { StaffMember } from '../organization/staff-member.entity';
import { NotificationsModule } from '../notifications/notifications.module';
import { PhotosModule } from '../photos/photos.module';
import { SlaModule } from '../sla/sla.module';
import { User } from '../users/user.entity';
import { CallerLookupService } from './callers/caller-lookup.service';
import { CallersController } from './callers/callers.controller';
import { RequestEvent } from './request-event.entity';
import { RequestFilingService } from './request-filing.service';
import { RequestNumberAllocator } from './request-number.allocator';
import { RequestListsService } from './lists/request-lists.service';
import { RequestQueriesService } from './request-queries.service';
import { RequestRating } from './request-rating.entity';
import { ServiceRequest } from './request.entity';
import { RequestsController } from './requests.controller';
import { TasksController } from './tasks.controller';
import { RequestWorkflowService } from './workflow/request-workflow.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([ServiceRequest, RequestEvent, RequestRating, Department, StaffMember, User]),
    HousesModule,
    CategoriesModule,
    DispatchModule,
    PhotosModule,
    ContentCheckModule,
    NotificationsModule,
    SlaModule,
  ],
  controllers: [RequestsController, TasksController, CallersController],
  providers: [
    RequestFilingService,
    RequestQueriesService,
    RequestListsService,
    RequestWorkflowService,
    RequestNumberAllocator,
    CallerLookupService,
  ],
  exports: [RequestWorkflowService],
})
export class RequestsModule {}
