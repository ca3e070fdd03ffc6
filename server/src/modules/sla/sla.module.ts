import { Module } from '@nestjs/common';
import { SlaAdminController } from './sla-admin.controller';
import { SlaAdminService } from './sla-admin.service';
import { SlaService } from './sla.service';

/** Time limits: policies, the working-day calendar and the deadlines they give each request. */
@Module({
  controllers: [SlaAdminController],
  providers: [SlaService, SlaAdminService],
  exports: [SlaService],
})
export class SlaModule {}
