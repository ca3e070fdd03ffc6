import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { EscalationSweeper } from './escalation-sweeper';

/** Late and much-urged work climbing the ladder: assignee → supervisor → manager → general manager. */
@Module({ imports: [NotificationsModule], providers: [EscalationSweeper], exports: [EscalationSweeper] })
export class EscalationsModule {}
