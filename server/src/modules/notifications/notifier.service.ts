import { Inject, Injectable } from '@nestjs/common';
import { templateData, type RequestTopic, type Role, type TimelineAction } from '@linli/shared';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { SLOT_FIELDS } from '../../config/wechat-templates';
import type { ServiceRequest } from '../requests/request.entity';
import { OfficialAccountLinks } from '../wechat/official-account-links';
import { CreditLedger } from './credit-ledger';
import type { DeliveryBody } from './delivery.entity';
import { NotificationDelivery } from './delivery.entity';
import {
  bindingRequestedContent,
  notificationContent,
  officialAccountSlot,
  subscribeSlot,
  type ContentFacts,
  type NotificationContent,
} from './notification-content';
import {
  BINDING_REQUESTED_RULE,
  NOTIFICATION_RULES,
  TASK_RECIPIENTS,
  type ChangeFacts,
  type Recipient,
} from './notification-rules';
import { Notification } from './notification.entity';
import { OutboxWorker } from './outbox/outbox.worker';
import { RecipientDirectory } from './recipient-directory';

/** One recorded lifecycle step, as the workflow hands it over inside its transaction. */
export interface LifecycleChange {
  request: ServiceRequest;
  before: ChangeFacts['before'];
  action: TimelineAction;
  actor: { userId: number | null; role: Role | 'system'; name: string };
  escalation?: ChangeFacts['escalation'];
  approval?: ChangeFacts['approval'];
  eventId: number;
  note: string | null;
  now: Date;
}

interface Addressee {
  userId: number;
  role: Role;
  openid: string;
  recipient: Recipient;
  topic: RequestTopic;
}

/** A claim to a room that residents already hold, as houses.service hands it over. */
export interface BindingClaim {
  roomLabel: string;
  /** The residents bound to the room; the claimant is never among them. */
  ownerUserIds: number[];
  now: Date;
}

/**
 * Turns a lifecycle step into notifications, in the step's own transaction: a committed change
 * always has its notifications and a rolled-back one never does. The message-centre entry is
 * always written; the WeChat message is queued in the outbox when the channel allows it.
 */
@Injectable()
export class NotifierService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly directory: RecipientDirectory,
    private readonly credits: CreditLedger,
    private readonly links: OfficialAccountLinks,
    private readonly worker: OutboxWorker,
  ) {}

  async record(manager: EntityManager, change: LifecycleChange): Promise<void> {
    const facts: ChangeFacts = {
      request: change.request,
      before: change.before,
      actorRole: change.actor.role,
      escalation: change.escalation,
      approval: change.approval,
    };
    const rules = NOTIFICATION_RULES.filter(
      (rule) => rule.on.includes(change.action) && (!rule.when || rule.when(facts)),
    );
    if (rules.length === 0) return;
    const addressees = await this.addressees(manager, change, rules);
    if (addressees.length === 0) return;
    const context = await this.directory.requestContext(manager, change.request);
    for (const addressee of addressees) {
      const content = notificationContent(addressee.topic, {
        ...context,
        request: change.request,
        recipient: addressee.recipient,
        actorName: change.actor.name,
        note: change.note,
        approval: change.approval,
      });
      await this.write(manager, change, addressee, content, context);
    }
  }

  /**
   * Tells the residents bound to a room that someone asked to bind it, in the claim's own
   * transaction. Message centre only (BINDING_REQUESTED_RULE says why); no page to open.
   */
  async recordBindingClaim(manager: EntityManager, claim: BindingClaim): Promise<void> {
    const { title, body } = bindingRequestedContent(claim.roomLabel);
    for (const userId of new Set(claim.ownerUserIds)) {
      await manager.insert(Notification, {
        userId,
        requestId: null,
        eventId: null,
        topic: BINDING_REQUESTED_RULE.topic,
        title,
        body,
        page: null,
        readAt: null,
        createdAt: claim.now,
      });
    }
  }

  /** After the transaction commits: the worker need not wait for its next poll. */
  committed(): void {
    this.worker.wake();
  }

  private async addressees(
    manager: EntityManager,
    change: LifecycleChange,
    rules: typeof NOTIFICATION_RULES,
  ): Promise<Addressee[]> {
    const seen = new Set<number>();
    const result: Addressee[] = [];
    for (const rule of rules) {
      const userIds = await this.directory.resolve(
        manager,
        rule.tell,
        change.request,
        change.before,
        change.escalation,
        change.approval,
      );
      const users = await this.directory.users(manager, userIds);
      for (const user of users) {
        // Nobody is told of their own step, and nobody twice of one step.
        if (user.id === change.actor.userId || seen.has(user.id)) continue;
        seen.add(user.id);
        result.push({ userId: user.id, role: user.role, openid: user.openid, recipient: rule.tell, topic: rule.topic });
      }
    }
    return result;
  }

  private async write(
    manager: EntityManager,
    change: LifecycleChange,
    addressee: Addressee,
    content: NotificationContent,
    context: Omit<ContentFacts, 'request' | 'recipient' | 'actorName' | 'note'>,
  ): Promise<void> {
    // A resident whose request was merged into this one opens their own.
    const requestId =
      addressee.role === 'resident' && addressee.userId !== change.request.residentUserId
        ? ((await this.directory.childOf(manager, change.request.id, addressee.userId)) ?? change.request.id)
        : change.request.id;
    const page = pageFor(addressee, requestId);
    const inserted = await manager.insert(Notification, {
      userId: addressee.userId,
      requestId,
      eventId: change.eventId,
      topic: addressee.topic,
      title: content.title,
      body: content.body,
      page,
      readAt: null,
      createdAt: change.now,
    });
    const notificationId = inserted.identifiers[0].id as number;
    const fields = {
      number: change.request.number,
      title: `${context.categoryName}：${change.request.content}`,
      status: content.phrase,
      time: change.now,
      note: content.detail,
      reason: content.detail,
      result: content.detail,
      location: context.location,
      amount: change.request.feeTotalFen ?? 0,
    };
    const delivery = await this.channelFor(manager, addressee, page, fields);
    if (!delivery) return;
    await manager.insert(NotificationDelivery, {
      notificationId,
      userId: addressee.userId,
      channel: delivery.channel,
      touser: delivery.body.touser,
      templateId: delivery.body.template_id,
      body: delivery.body,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: change.now,
      lastErrcode: null,
      lastError: null,
      msgid: null,
      sentAt: null,
      createdAt: change.now,
      updatedAt: change.now,
    });
  }

  /** The WeChat message for this person, or null when only the message centre can reach them. */
  private async channelFor(
    manager: EntityManager,
    addressee: Addressee,
    page: string,
    fields: Record<string, string | number | Date>,
  ): Promise<{ channel: 'subscribe' | 'template'; body: DeliveryBody } | null> {
    const { templates, miniprogramState, appid } = this.config.wechat;
    if (addressee.role === 'resident') {
      const slot = subscribeSlot(addressee.topic);
      const template = templates.subscribe[slot];
      if (!(await this.credits.take(manager, addressee.userId, template.id))) return null;
      return {
        channel: 'subscribe',
        body: {
          touser: addressee.openid,
          template_id: template.id,
          page: page.slice(1),
          miniprogram_state: miniprogramState,
          lang: 'zh_CN',
          data: templateData(pick(template.keys, SLOT_FIELDS[slot]), fields),
        },
      };
    }
    const openid = await this.links.openidOf(manager, addressee.userId);
    if (!openid) return null;
    const slot = officialAccountSlot(addressee.topic);
    const template = templates.officialAccount[slot];
    return {
      channel: 'template',
      body: {
        touser: openid,
        template_id: template.id,
        miniprogram: { appid, pagepath: page.slice(1) },
        data: templateData(pick(template.keys, SLOT_FIELDS[slot]), fields),
      },
    };
  }
}

/** Only the slot's own fields: a mapping may not carry keys the template lacks. */
function pick(keys: Record<string, string>, fields: readonly string[]): Record<string, string> {
  return Object.fromEntries(fields.map((field) => [field, keys[field]]));
}

/** Residents open their request; whoever works the task opens it in the staff pages; the rest at the desk. */
export function pageFor(addressee: { role: Role; recipient: Recipient }, requestId: number): string {
  if (addressee.role === 'resident') return `/pages/request-detail/index?id=${requestId}`;
  const worksIt =
    addressee.role === 'staff' || (addressee.role === 'supervisor' && TASK_RECIPIENTS.has(addressee.recipient));
  return worksIt ? `/staff/pages/task/index?id=${requestId}` : `/desk/pages/request/index?id=${requestId}`;
}
