import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { WechatModule } from '../wechat/wechat.module';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { StaffAdminController } from './staff-admin.controller';
import { StaffAdminService } from './staff-admin.service';

/** Staff invitations, 成员管理 and deactivation (issue 14). */
@Module({
  imports: [AuthModule, WechatModule],
  controllers: [StaffAdminController, InvitationsController],
  providers: [StaffAdminService, InvitationsService],
})
export class StaffAdminModule {}
