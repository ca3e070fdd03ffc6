import type { Role } from '@linli/shared';

/**
 * The caller, as the database states it on this request: the token only says who is asking,
 * so a changed role or a switched-off account counts from the next request on.
 */
export interface AuthUser {
  userId: number;
  role: Role;
  name: string;
  /**
   * Read with the account on the same request (one statement): the department and projects a
   * staff-side caller serves. Absent for callers built elsewhere; the access module reads it then.
   */
  staff?: { departmentId: number | null; projectIds: number[] };
}

export interface AccessTokenClaims {
  sub: string;
  /** The role at issue time, for clients to read; the server decides on the stored role. */
  role: Role;
  name: string;
  /** The login (refresh-token family) this token belongs to; logout ends it. */
  sid: string;
  /** The user's token version at issue time; a bump retires every token issued before. */
  ver: number;
  exp?: number;
  iat?: number;
}
