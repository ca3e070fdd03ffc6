import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { StaffMember } from '../organization/staff-member.entity';
import type { ServiceRequest } from '../requests/request.entity';

export type ProjectScope = { all: true } | { all: false; projectIds: number[] };

/**
 * Who may see and act on which records, in one place (immich's access.ts). Everything a
 * caller may not see is answered as "not found", so refusals never reveal that a record exists.
 */
@Injectable()
export class AccessService {
  constructor(@InjectRepository(StaffMember) private readonly staff: Repository<StaffMember>) {}

  /** Projects a staff-side user serves; admins see the whole company. Residents serve none. */
  async projectScope(auth: AuthUser): Promise<ProjectScope> {
    if (auth.role === 'admin') return { all: true };
    if (auth.role === 'resident') return { all: false, projectIds: [] };
    const member = await this.staff.findOne({ where: { userId: auth.userId }, relations: { projects: true } });
    return { all: false, projectIds: member?.projects?.map((project) => project.id) ?? [] };
  }

  async canServeProject(auth: AuthUser, projectId: number): Promise<boolean> {
    const scope = await this.projectScope(auth);
    return scope.all || scope.projectIds.includes(projectId);
  }

  async requireProject(auth: AuthUser, projectId: number, what: string): Promise<void> {
    if (!(await this.canServeProject(auth, projectId))) throw AppError.notFound(what);
  }

  /** A resident sees their own requests; staff see those of the projects they serve. */
  async requireRequestView(auth: AuthUser, request: ServiceRequest | null): Promise<ServiceRequest> {
    if (request) {
      if (
        auth.role === 'resident'
          ? request.residentUserId === auth.userId
          : await this.canServeProject(auth, request.projectId)
      ) {
        return request;
      }
    }
    throw AppError.notFound('诉求');
  }
}
