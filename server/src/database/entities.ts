import { IdempotencyKey } from '../common/idempotency/idempotency-key.entity';
import { RefreshToken } from '../modules/auth/refresh-token.entity';
import { CategoryRoute } from '../modules/categories/category-route.entity';
import { Category } from '../modules/categories/category.entity';
import { Building } from '../modules/houses/building.entity';
import { HouseBindingEvent } from '../modules/houses/house-binding-event.entity';
import { HouseBinding } from '../modules/houses/house-binding.entity';
import { OwnerRegisterEntry } from '../modules/houses/owner-register.entity';
import { Room } from '../modules/houses/room.entity';
import { Unit } from '../modules/houses/unit.entity';
import { Company } from '../modules/organization/company.entity';
import { Department } from '../modules/organization/department.entity';
import { Project } from '../modules/organization/project.entity';
import { StaffMember } from '../modules/organization/staff-member.entity';
import { Photo } from '../modules/photos/photo.entity';
import { RequestEvent } from '../modules/requests/request-event.entity';
import { RequestRating } from '../modules/requests/request-rating.entity';
import { ServiceRequest } from '../modules/requests/request.entity';
import { User } from '../modules/users/user.entity';
import { Approval } from '../modules/approvals/approval.entity';
import { Escalation } from '../modules/escalations/escalation.entity';
import { WorkCalendarDay } from '../modules/sla/calendar-day.entity';
import { SlaPolicy } from '../modules/sla/sla-policy.entity';
import { NotificationDelivery } from '../modules/notifications/delivery.entity';
import { Notification } from '../modules/notifications/notification.entity';
import { SubscribeAsk } from '../modules/notifications/subscribe-ask.entity';
import { PcLogin } from '../modules/auth/pc-login.entity';
import { SubscribeCredit } from '../modules/notifications/subscribe-credit.entity';
import { WechatAccessToken } from '../modules/wechat/access-token.entity';
import { OfficialAccountLink } from '../modules/wechat/official-account-link.entity';
import { ContactAccess } from '../modules/privacy/contact-access.entity';
import { AdminChange } from '../modules/admin-audit/admin-change.entity';
import { StaffInvitation } from '../modules/staff-admin/staff-invitation.entity';

export const ENTITIES = [
  Company,
  Project,
  Department,
  StaffMember,
  User,
  RefreshToken,
  Building,
  Unit,
  Room,
  OwnerRegisterEntry,
  HouseBinding,
  HouseBindingEvent,
  Category,
  CategoryRoute,
  ServiceRequest,
  RequestEvent,
  RequestRating,
  Photo,
  Notification,
  NotificationDelivery,
  SubscribeCredit,
  SubscribeAsk,
  WechatAccessToken,
  OfficialAccountLink,
  SlaPolicy,
  WorkCalendarDay,
  Escalation,
  Approval,
  IdempotencyKey,
  ContactAccess,
  PcLogin,
  AdminChange,
  StaffInvitation,
];
