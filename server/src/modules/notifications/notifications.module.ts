import { Module } from '@nestjs/common';
import { WechatModule } from '../wechat/wechat.module';
import { CreditLedger } from './credit-ledger';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';
import { MessageCentreService } from './message-centre.service';
import { NotificationsController } from './notifications.controller';
import { NotifierService } from './notifier.service';
import { MessageSender } from './outbox/message-sender';
import { OutboxWorker } from './outbox/outbox.worker';
import { RecipientDirectory } from './recipient-directory';
import { SubscribeAsks } from './subscribe-asks';

/**
 * Notifications: the rules (who is told of what), the message centre, and the outbox that
 * delivers WeChat messages. Other modules call `NotifierService.record` inside their
 * transaction and `committed()` after it.
 */
@Module({
  imports: [WechatModule],
  controllers: [NotificationsController, DeliveriesController],
  providers: [
    NotifierService,
    RecipientDirectory,
    CreditLedger,
    SubscribeAsks,
    MessageSender,
    OutboxWorker,
    MessageCentreService,
    DeliveriesService,
  ],
  exports: [NotifierService, OutboxWorker, CreditLedger],
})
export class NotificationsModule {}
