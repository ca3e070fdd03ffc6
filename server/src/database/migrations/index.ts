import { Initial1764028800000 } from './1764028800000-initial';
import { Photos1764115200000 } from './1764115200000-photos';
import { Lifecycle1764201600000 } from './1764201600000-lifecycle';
import { CategoryRoutes1764288000000 } from './1764288000000-category-routes';
import { Notifications1764374400000 } from './1764374400000-notifications';
import { TimeLimits1764460800000 } from './1764460800000-time-limits';
import { Escalations1764547200000 } from './1764547200000-escalations';
import { Approvals1764633600000 } from './1764633600000-approvals';
import { GroupComplaints1764720000000 } from './1764720000000-group-complaints';
import { VerifiedPhone1764806406000 } from './1764806406000-verified-phone';

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
  VerifiedPhone1764806406000,
];
