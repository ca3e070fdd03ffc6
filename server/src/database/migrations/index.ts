import { Initial1764028800000 } from './1764028800000-initial';
import { Photos1764115200000 } from './1764115200000-photos';
import { Lifecycle1764201600000 } from './1764201600000-lifecycle';
import { CategoryRoutes1764288000000 } from './1764288000000-category-routes';
import { Notifications1764374400000 } from './1764374400000-notifications';
import { TimeLimits1764460800000 } from './1764460800000-time-limits';
import { Escalations1764547200000 } from './1764547200000-escalations';
import { Approvals1764633600000 } from './1764633600000-approvals';
import { GroupComplaints1764720000000 } from './1764720000000-group-complaints';
import { SessionRevocation1764806403000 } from './1764806403000-session-revocation';
import { IdempotencyKeys1764806404000 } from './1764806404000-idempotency-keys';
import { ContactAccessLog1764806405000 } from './1764806405000-contact-access-log';
import { BindCodeSecrets1764806401000 } from './1764806401000-bind-code-secrets';
import { VerifiedPhone1764806406000 } from './1764806406000-verified-phone';
import { ReferenceVersion1764806407000 } from './1764806407000-reference-version';
import { ListIndexes1764900000000 } from './1764900000000-list-indexes';
import { DeskSearch1765100000000 } from './1765100000000-desk-search';
import { BindingRecovery1765300000000 } from './1765300000000-binding-recovery';
import { RatingWait1765400000000 } from './1765400000000-rating-wait';
import { InfoRequest1765500000000 } from './1765500000000-info-request';
import { RepairUrgency1765600000000 } from './1765600000000-repair-urgency';
import { ContentCheck1765700000000 } from './1765700000000-content-check';
import { SubscribeAsks1765900000000 } from './1765900000000-subscribe-asks';
import { EstateAdmin1766000000000 } from './1766000000000-estate-admin';
import { OwnerRegisterImport1766100000000 } from './1766100000000-owner-register-import';
import { StaffAdmin1766200000000 } from './1766200000000-staff-admin';
import { PcLogin1766300000000 } from './1766300000000-pc-login';
import { Settings1766400000000 } from './1766400000000-settings';
import { SystemInvitations1766500000000 } from './1766500000000-system-invitations';
import { DeadlineStarts1766700000000 } from './1766700000000-deadline-starts';
import { RequestSummary1766800000000 } from './1766800000000-request-summary';
import { MaliciousComplaints1766800000001 } from './1766800000001-malicious-complaints';
import { OneChangeLog1766900000000 } from './1766900000000-one-change-log';

/** Listed explicitly (not globbed) so the same list works compiled and under Jest. */
export const MIGRATIONS = [
  Initial1764028800000,
  Photos1764115200000,
  Lifecycle1764201600000,
  CategoryRoutes1764288000000,
  Notifications1764374400000,
  TimeLimits1764460800000,
  Escalations1764547200000,
  Approvals1764633600000,
  GroupComplaints1764720000000,
  SessionRevocation1764806403000,
  IdempotencyKeys1764806404000,
  ContactAccessLog1764806405000,
  BindCodeSecrets1764806401000,
  VerifiedPhone1764806406000,
  ReferenceVersion1764806407000,
  ListIndexes1764900000000,
  DeskSearch1765100000000,
  BindingRecovery1765300000000,
  RatingWait1765400000000,
  InfoRequest1765500000000,
  RepairUrgency1765600000000,
  ContentCheck1765700000000,
  SubscribeAsks1765900000000,
  EstateAdmin1766000000000,
  OwnerRegisterImport1766100000000,
  StaffAdmin1766200000000,
  PcLogin1766300000000,
  Settings1766400000000,
  SystemInvitations1766500000000,
  DeadlineStarts1766700000000,
  RequestSummary1766800000000,
  MaliciousComplaints1766800000001,
  OneChangeLog1766900000000,
];
