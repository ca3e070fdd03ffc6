import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type PhotoView, type RequestDetail, type StaffRef } from '@linli/shared';
import { Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AccessService } from '../access/access.service';
import { handlesRequest } from '../access/relation-rules';
import { PhotosService } from '../photos/photos.service';
import { ReferenceDataService } from '../reference/reference-data.service';
import { dispatchWarning } from '../reference/reference-snapshot';
import type { ContactAccessKind } from '../privacy/contact-access.entity';
import { ContactAccessService } from '../privacy/contact-access.service';
import { ServiceRequest } from './request.entity';
import { readRequestRecord } from './request-detail.reader';
import { toRequestDetail } from './request.view';
import { audienceOf, eventsFor, shapeFor, type Audience } from './request-exposure';
import { CONTENT_REVIEW_ROLES } from '../content-check/content-check-state';

function withoutContentChecks(detail: RequestDetail): RequestDetail {
  return {
    ...detail,
    contentFlagged: false,
    events: detail.events.map(({ contentCheck: _hidden, ...event }) => event),
  };
}

/** A request's page (the lists are in lists/). */
@Injectable()
export class RequestQueriesService {
  constructor(
    @InjectRepository(ServiceRequest) private readonly requests: Repository<ServiceRequest>,
    private readonly access: AccessService,
    private readonly photos: PhotosService,
    private readonly contactAccess: ContactAccessService,
    private readonly reference: ReferenceDataService,
    private readonly clock: Clock,
  ) {}

  /**
   * `what` names how the caller reads it (the page, the answer to a step, a registration): a
   * staff member shown the unmasked contact leaves one row in the access log.
   */
  async detail(auth: AuthUser, id: number, what: ContactAccessKind = 'detail'): Promise<RequestDetail> {
    const record = await readRequestRecord(this.requests.manager, id);
    const request = await this.access.requireRequestView(auth, record?.request ?? null);
    const { events, ratings, photos } = record!;
    const profile = await this.access.profile(auth);
    const audience: Audience = audienceOf(profile, handlesRequest(profile, request));
    // A photo WeChat judged risky reaches the desk alone, marked; nobody else receives it.
    const reviewer = CONTENT_REVIEW_ROLES.includes(profile.role);
    const photosByEvent = new Map<number | null, PhotoView[]>();
    for (const photo of photos) {
      if (photo.mediaCheck === 'risky' && !reviewer) continue;
      const list = photosByEvent.get(photo.eventId) ?? [];
      list.push(this.photos.toView(photo));
      photosByEvent.set(photo.eventId, list);
    }
    const now = this.clock.now();
    const { intervalMinutes } = (await this.reference.snapshot()).settings.urge;
    const nextUrge = request.lastUrgedAt ? request.lastUrgedAt.getTime() + intervalMinutes * 60_000 : 0;
    const showContact = audience !== 'unrelated_staff';
    const assignee: StaffRef | null = request.assignee
      ? {
          userId: request.assignee.id,
          name: request.assignee.name,
          title: record!.assigneeTitle ?? '',
          departmentName: record!.assigneeDepartmentName,
          phone: showContact ? request.assignee.phone : null,
        }
      : null;
    const detail = toRequestDetail(
      request,
      {
        events: eventsFor(events, audience, auth.userId),
        photosByEvent,
        ratings,
        actions: this.access.actionsFor(profile, request, request.department?.dispatchMode ?? null, now),
        contactPhone: request.contactPhone,
        assignee,
        firstContactName: record!.firstContactName,
        nextUrgeAt: nextUrge > now.getTime() ? new Date(nextUrge) : null,
        dispatchWarning: audience === 'resident' ? null : dispatchWarning(await this.reference.snapshot(), request),
        pendingApprovalTypes: record!.pendingApprovalTypes,
        staffDeadlines: audience !== 'resident',
      },
      now,
    );
    if (audience === 'handling_staff') this.contactAccess.record(auth.userId, request, what);
    const shaped = shapeFor(detail, request, audience, events);
    // What WeChat's check said of the text is for staff; the resident reads their request as written.
    return audience === 'resident' ? withoutContentChecks(shaped) : shaped;
  }
}
