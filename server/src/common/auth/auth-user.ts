import type { Role } from '@linli/shared';

/** The caller, as the access token states it. */
export interface AuthUser {
  userId: number;
  role: Role;
  name: string;
}

export interface AccessTokenClaims {
  sub: string;
  role: Role;
  name: string;
}
