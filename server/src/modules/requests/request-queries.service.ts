import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { URGE_INTERVAL_MS, type RequestDetail, type StaffRef } from '@linli/shared';
import { Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AccessService } from '../access/access.service';
import { handlesRequest } from '../access/relation-rules';
import { StaffMember } from '../organization/staff-member.entity';
import { PhotosService } from '../photos/photos.service';
import type { ContactAccessKind } from '../privacy/contact-access.entity';
import { ContactAccessService } from '../privacy/contact-access.service';
import { User } from '../users/user.entity';
import { RequestEvent } from './request-event.entity';
import { RequestRating } from './request-rating.entity';
import { ServiceRequest } from './request.entity';
import { REQUEST_LIST_RELATIONS, toRequestDetail } from './request.view';
import { audienceOf, eventsFor, shapeFor, type Audience } from './request-exposure';

/** A request's page (the lists are in lists/). */
@Injectable()
export class RequestQueriesService {
  constructor(
    @InjectRepository(ServiceRequest) private readonly requests: Repository<ServiceRequest>,
    @InjectRepository(RequestEvent) private readonly events: Repository<RequestEvent>,
    @InjectRepository(RequestRating) private readonly ratings: Repository<RequestRating>,
    @InjectRepository(StaffMember) private readonly staff: Repository<StaffMember>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly access: AccessService,
    private readonly photos: PhotosService,
    private readonly contactAccess: ContactAccessService,
    private readonly clock: Clock,
  ) {}

  /**
   * `what` names how the caller reads it (the page, the answer to a step, a registration): a
   * staff member shown the unmasked contact leaves one row in the access log.
   */
  async detail(auth: AuthUser, id: number, what: ContactAccessKind = 'detail'): Promise<RequestDetail> {
    const request = await this.access.requireRequestView(
      auth,
      await this.requests.findOne({ where: { id }, relations: REQUEST_LIST_RELATIONS }),
    );
    const profile = await this.access.profile(auth);
    const audience: Audience = audienceOf(profile, handlesRequest(profile, request));
    const [events, ratings, photosByEvent] = await Promise.all([
      this.events.find({ where: { requestId: id }, order: { createdAt: 'ASC', id: 'ASC' } }),
      this.ratings.find({ where: { requestId: id }, order: { round: 'ASC' } }),
      this.photos.viewsFor(id),
    ]);
    const nextUrge = request.lastUrgedAt ? request.lastUrgedAt.getTime() + URGE_INTERVAL_MS : 0;
    const showContact = audience !== 'unrelated_staff';
    const detail = toRequestDetail(
      request,
      {
        events: eventsFor(events, audience, auth.userId),
        photosByEvent,
        ratings,
        actions: this.access.actionsFor(profile, request, request.department?.dispatchMode ?? null),
        contactPhone: request.contactPhone,
        assignee: await this.assigneeRef(request, showContact),
        firstContactName: request.firstContactUserId
          ? ((await this.users.findOneBy({ id: request.firstContactUserId }))?.name ?? null)
          : null,
        nextUrgeAt: nextUrge > this.clock.now().getTime() ? new Date(nextUrge) : null,
      },
      this.clock.now(),
    );
    if (audience === 'handling_staff') await this.contactAccess.record(auth.userId, request, what);
    return shapeFor(detail, request, audience);
  }

  private async assigneeRef(request: ServiceRequest, showPhone: boolean): Promise<StaffRef | null> {
    if (!request.assignee) return null;
    const member = await this.staff.findOne({
      where: { userId: request.assignee.id },
      relations: { department: true },
    });
    return {
      userId: request.assignee.id,
      name: request.assignee.name,
      title: member?.title ?? '',
      departmentName: member?.department?.name ?? null,
      phone: showPhone ? request.assignee.phone : null,
    };
  }
}
