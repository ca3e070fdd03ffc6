import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { EscalationSweeper } from './escalation-sweeper';
import { OversightController } from './oversight.controller';
import { OversightService } from './oversight.service';

/**
 * Late and much-urged work climbing the ladder (assignee → supervisor → manager → general
 * manager), and what leads watch: the live board and their escalations.
 */
@Module({
  imports: [NotificationsModule],
  controllers: [OversightController],
  providers: [EscalationSweeper, OversightService],
  exports: [EscalationSweeper],
})
export class EscalationsModule {}
