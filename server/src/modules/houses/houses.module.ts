import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '../notifications/notifications.module';
import { Project } from '../organization/project.entity';
import { WechatModule } from '../wechat/wechat.module';
import { Building } from './building.entity';
import { HouseBindingEvent } from './house-binding-event.entity';
import { HouseBinding } from './house-binding.entity';
import { HouseBindingsController } from './house-bindings.controller';
import { HousesService } from './houses.service';
import { LocationsController } from './locations.controller';
import { OwnerRegisterEntry } from './owner-register.entity';
import { Room } from './room.entity';
import { Unit } from './unit.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([Project, Building, Unit, Room, OwnerRegisterEntry, HouseBinding, HouseBindingEvent]),
    WechatModule,
    NotificationsModule,
  ],
  controllers: [LocationsController, HouseBindingsController],
  providers: [HousesService],
  exports: [HousesService],
})
export class HousesModule {}
