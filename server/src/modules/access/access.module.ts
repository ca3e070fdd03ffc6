import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StaffMember } from '../organization/staff-member.entity';
import { AccessService } from './access.service';

@Global()
@Module({ imports: [TypeOrmModule.forFeature([StaffMember])], providers: [AccessService], exports: [AccessService] })
export class AccessModule {}
