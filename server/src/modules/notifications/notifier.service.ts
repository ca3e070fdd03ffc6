import { Inject, Injectable } from '@nestjs/common';
import { templateData, type RequestTopic, type Role, type TimelineAction } from '@linli/shared';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { SLOT_FIELDS } from '../../config/wechat-templates';
import type { ServiceRequest } from '../requests/request.entity';
import { ReferenceDataService } from '../reference/reference-data.service';
import type { ReferenceSnapshot } from '../reference/reference-snapshot';
import { CreditLedger } from './credit-ledger';
import type { DeliveryBody } from './delivery.entity';
import {
  bindingRequestedContent,
  bindingResultContent,
  notificationContent,
  withForwardReason,
  officialAccountSlot,
  subscribeSlot,
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
import { climb, ladderFor, RecipientDirectory, type RequestContext } from './recipient-directory';

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
  recipient: Recipient;
  topic: RequestTopic;
  /** Set when the notice climbed to them: which levels below were empty or unreachable. */
  why: string | null;
}

interface Entry {
  addressee: Addressee;
  content: NotificationContent;
  requestId: number;
  page: string;
}

/** A claim to a room that residents already hold, as houses.service hands it over. */
export interface BindingClaim {
  roomLabel: string;
  /** The residents bound to the room; the claimant is never among them. */
  ownerUserIds: number[];
  now: Date;
}

/** A reviewer's decision on a claim, as houses.service hands it over. */
export interface BindingResult {
  /** The resident who made the claim. */
  userId: number;
  bindingId: number;
  roomLabel: string;
  approved: boolean;
  reason: string | null;
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
    private readonly worker: OutboxWorker,
    private readonly reference: ReferenceDataService,
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
    const snapshot = await this.reference.snapshot();
    const addressees = await this.addressees(manager, snapshot, change, rules);
    if (addressees.length === 0) return;
    const context = await this.directory.requestContext(manager, snapshot, change.request);
    const entries: Entry[] = [];
    for (const addressee of addressees) {
      const worded = notificationContent(addressee.topic, {
        ...context,
        request: change.request,
        recipient: addressee.recipient,
        actorName: change.actor.name,
        note: change.note,
        approval: change.approval,
      });
      const content = addressee.why ? withForwardReason(worded, addressee.why) : worded;
      // A resident whose request was merged into this one opens their own.
      const requestId =
        addressee.role === 'resident' && addressee.userId !== change.request.residentUserId
          ? ((await this.directory.childOf(manager, change.request.id, addressee.userId)) ?? change.request.id)
          : change.request.id;
      entries.push({ addressee, content, requestId, page: pageFor(addressee, requestId, change.approval?.id) });
    }
    await this.write(manager, change, entries, context);
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

  /**
   * Tells the resident how the desk decided their claim, in the decision's own transaction: the
   * message-centre entry (it opens the claim, to correct it after a refusal), and the house
   * template's subscribe message when it is configured and the resident allowed one on the
   * submitting tap.
   */
  async recordBindingResult(manager: EntityManager, result: BindingResult): Promise<void> {
    const content = bindingResultContent(result);
    const page = `/pages/house-bind/index?id=${result.bindingId}`;
    const inserted = (await manager.query(
      'INSERT INTO notification (user_id, request_id, event_id, topic, title, body, page, read_at, created_at) ' +
        'VALUES (?, NULL, NULL, ?, ?, ?, ?, NULL, ?)',
      [result.userId, 'binding_result', content.title, content.body, page, result.now],
    )) as { insertId: number };
    const template = this.config.wechat.templates.subscribe.binding;
    if (!template || !(await this.credits.take(manager, result.userId, template.id))) return;
    const body: DeliveryBody = {
      touser: '',
      template_id: template.id,
      page: page.slice(1),
      miniprogram_state: this.config.wechat.miniprogramState,
      lang: 'zh_CN',
      data: templateData(pick(template.keys, SLOT_FIELDS.binding), {
        title: result.roomLabel,
        status: content.phrase,
        note: content.detail,
        time: result.now,
      }),
    };
    await manager.query(
      `INSERT INTO notification_delivery
         (notification_id, user_id, channel, touser, template_id, body, status, attempts, next_attempt_at, created_at, updated_at)
       SELECT ?, u.id, 'subscribe', u.openid, ?, JSON_SET(?, '$.touser', u.openid), 'pending', 0, ?, ?, ?
         FROM \`user\` u WHERE u.id = ? AND u.openid IS NOT NULL`,
      [inserted.insertId, template.id, JSON.stringify(body), result.now, result.now, result.now, result.userId],
    );
  }

  /** After the transaction commits: the worker need not wait for its next poll. */
  committed(): void {
    this.worker.wake();
  }

  private async addressees(
    manager: EntityManager,
    snapshot: ReferenceSnapshot,
    change: LifecycleChange,
    rules: typeof NOTIFICATION_RULES,
  ): Promise<Addressee[]> {
    const seen = new Set<number>();
    const chosen: Array<Omit<Addressee, 'role'> & { role: Role | null }> = [];
    for (const rule of rules) {
      const levels = ladderFor(snapshot, rule.tell, change.request, change.escalation, change.approval);
      const told = levels
        ? climb(snapshot, levels, change.actor.userId).told
        : (
            await this.directory.resolve(
              manager,
              snapshot,
              rule.tell,
              change.request,
              change.before,
              change.escalation,
              change.approval,
            )
          ).map((userId) => ({ userId, why: null }));
      const byId = new Map<number, string | null>();
      for (const { userId, why } of told) if (!byId.has(userId)) byId.set(userId, why);
      for (const userId of [...byId.keys()].sort((a, b) => a - b)) {
        // Nobody is told of their own step, and nobody twice of one step.
        if (userId === change.actor.userId || seen.has(userId)) continue;
        seen.add(userId);
        // Staff are in the set-up; residents are named only by the resident rules.
        const role = snapshot.staff.get(userId)?.role ?? (rule.tell === 'resident' ? 'resident' : null);
        chosen.push({ userId, role, recipient: rule.tell, topic: rule.topic, why: byId.get(userId) ?? null });
      }
    }
    const unknown = chosen.filter((addressee) => addressee.role === null).map((addressee) => addressee.userId);
    const roles = await this.directory.roles(manager, unknown);
    return chosen.flatMap((addressee) => {
      const role = addressee.role ?? roles.get(addressee.userId);
      return role ? [{ ...addressee, role }] : [];
    });
  }

  /**
   * The message-centre entries in one statement and their WeChat messages in another: the
   * addresses (the resident's mini-program openid, a staff member's official-account openid)
   * are joined in by the insert itself, so reaching five people costs what reaching one does.
   */
  private async write(
    manager: EntityManager,
    change: LifecycleChange,
    entries: Entry[],
    context: RequestContext,
  ): Promise<void> {
    const now = change.now;
    await manager.query(
      `INSERT INTO notification (user_id, request_id, event_id, topic, title, body, page, read_at, created_at) VALUES ${entries
        .map(() => '(?, ?, ?, ?, ?, ?, ?, NULL, ?)')
        .join(', ')}`,
      entries.flatMap(({ addressee, content, requestId, page }) => [
        addressee.userId,
        requestId,
        change.eventId,
        addressee.topic,
        content.title,
        content.body,
        page,
        now,
      ]),
    );
    const fields = {
      number: change.request.number,
      title: `${context.categoryName}：${change.request.content}`,
      time: now,
      location: context.location,
      amount: change.request.feeTotalFen ?? 0,
    };
    const messages: Array<{ userId: number; channel: 'subscribe' | 'template'; body: DeliveryBody }> = [];
    for (const { addressee, content, page } of entries) {
      const slotFields = {
        ...fields,
        status: content.phrase,
        note: content.detail,
        reason: content.detail,
        result: content.detail,
      };
      const message = await this.messageFor(manager, addressee, page, slotFields);
      if (message) messages.push({ userId: addressee.userId, ...message });
    }
    if (messages.length === 0) return;
    // touser is filled from the join: a staff member without a followed official account, or a
    // resident without an openid, simply gets no row (the message centre still has the entry).
    await manager.query(
      `INSERT INTO notification_delivery
         (notification_id, user_id, channel, touser, template_id, body, status, attempts, next_attempt_at, created_at, updated_at)
       SELECT n.id, n.user_id, v.channel, t.openid, v.template_id, JSON_SET(v.body, '$.touser', t.openid),
              'pending', 0, ?, ?, ?
         FROM (${messages.map(() => 'SELECT ? AS user_id, ? AS channel, ? AS template_id, ? AS body').join(' UNION ALL ')}) v
         JOIN notification n ON n.event_id = ? AND n.user_id = v.user_id
         JOIN (SELECT l.user_id, l.openid, 'template' AS channel FROM official_account_link l
                WHERE l.user_id IN (?) AND l.openid IS NOT NULL AND (l.following IS NULL OR l.following <> 0)
               UNION ALL
               SELECT u.id, u.openid, 'subscribe' FROM \`user\` u WHERE u.id IN (?)) t
           ON t.user_id = v.user_id AND t.channel = v.channel
        ORDER BY n.id`,
      [
        now,
        now,
        now,
        ...messages.flatMap((message) => [
          message.userId,
          message.channel,
          message.body.template_id,
          JSON.stringify(message.body),
        ]),
        change.eventId,
        idsOr0(messages.filter((message) => message.channel === 'template')),
        idsOr0(messages.filter((message) => message.channel === 'subscribe')),
      ],
    );
  }

  /** The WeChat message for this person (its address joined in later), or null for the message centre only. */
  private async messageFor(
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
          touser: '',
          template_id: template.id,
          page: page.slice(1),
          miniprogram_state: miniprogramState,
          lang: 'zh_CN',
          data: templateData(pick(template.keys, SLOT_FIELDS[slot]), fields),
        },
      };
    }
    const slot = officialAccountSlot(addressee.topic);
    const template = templates.officialAccount[slot];
    return {
      channel: 'template',
      body: {
        touser: '',
        template_id: template.id,
        miniprogram: { appid, pagepath: page.slice(1) },
        data: templateData(pick(template.keys, SLOT_FIELDS[slot]), fields),
      },
    };
  }
}

/** `IN (?)` needs at least one value; no user has id 0. */
const idsOr0 = (messages: Array<{ userId: number }>) => (messages.length ? messages.map((m) => m.userId) : [0]);

/** Only the slot's own fields: a mapping may not carry keys the template lacks. */
function pick(keys: Record<string, string>, fields: readonly string[]): Record<string, string> {
  return Object.fromEntries(fields.map((field) => [field, keys[field]]));
}

/**
 * Residents open their request (the rating form, for the invitation to rate); an approval waiting for staff (or decided for whoever asked)
 * opens that approval, where it is decided or read; whoever works the task opens it in the staff
 * pages; the rest at the desk.
 */
export function pageFor(
  addressee: { role: Role; recipient: Recipient; topic: RequestTopic },
  requestId: number,
  approvalId?: number,
): string {
  if (addressee.role === 'resident') {
    // The invitation to rate opens the rating form (or, once too late, says why it cannot).
    const action = addressee.topic === 'request_resolved' ? '&action=rate' : '';
    return `/pages/request-detail/index?id=${requestId}${action}`;
  }
  // A staff notice about an approval (waiting, decided, or late and escalated) opens the approval;
  // the notice of an invalid ruling itself carries none and opens the request.
  if (approvalId !== undefined) {
    return `/admin/pages/approval/index?id=${approvalId}`;
  }
  const worksIt =
    addressee.role === 'staff' || (addressee.role === 'supervisor' && TASK_RECIPIENTS.has(addressee.recipient));
  return worksIt ? `/staff/pages/task/index?id=${requestId}` : `/desk/pages/request/index?id=${requestId}`;
}
