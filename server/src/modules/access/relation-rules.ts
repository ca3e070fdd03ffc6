import type { ServiceRequest } from '../requests/request.entity';
import type { StaffProfile } from './action-rules';

/**
 * Who handles a request and so may read the resident's contact details and the staff's notes
 * (seed 004: "shown only to people handling that request"): its assignee, the desk of its
 * project, its department's supervisor, the project's manager, its first-contact owner (首问负责制:
 * they answer for it until it closes) and admins. Everyone else serving the project reads a
 * summary: contact masked, no internal steps.
 */
export function handlesRequest(
  profile: StaffProfile,
  request: Pick<ServiceRequest, 'projectId' | 'departmentId' | 'assigneeUserId' | 'firstContactUserId'>,
): boolean {
  if (profile.role === 'resident') return false;
  if (profile.projectIds === 'all') return true;
  if (!profile.projectIds.includes(request.projectId)) return false;
  if (request.assigneeUserId === profile.userId || request.firstContactUserId === profile.userId) return true;
  if (profile.role === 'receptionist' || profile.role === 'manager') return true;
  return (
    profile.role === 'supervisor' && profile.departmentId !== null && profile.departmentId === request.departmentId
  );
}
