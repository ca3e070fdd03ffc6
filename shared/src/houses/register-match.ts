/**
 * Whether a claim to a room matches the owner register (业主名册). The rule lives here once: the
 * server binds at once on it, and the reviewers' list shows its answer for the claims that wait.
 */

export type OwnerRelation = 'owner' | 'family' | 'tenant';

export const OWNER_RELATION_LABELS: Record<OwnerRelation, string> = {
  owner: '业主',
  family: '家庭成员',
  tenant: '租户',
};

/**
 * What keeps a claim from matching: `name` — no register entry with this name (beside this
 * phone, when the phone is in the register); `phone` — the phone is not in the room's register;
 * `identity` — the phone was typed, not verified by WeChat, so it says nothing of who claims it.
 */
export const BINDING_MISMATCHES = ['name', 'phone', 'identity'] as const;
export type BindingMismatch = (typeof BINDING_MISMATCHES)[number];

export const BINDING_MISMATCH_LABELS: Record<BindingMismatch, string> = {
  name: '姓名与名册不符',
  phone: '手机号不在名册中',
  identity: '手机号未经微信验证',
};

export interface BindingClaimFacts {
  name: string;
  phone: string;
  phoneVerified: boolean;
}

export interface RegisterLine {
  name: string;
  phone: string;
}

/** The fields that do not match, in BINDING_MISMATCHES order; empty when the claim matches an entry. */
export function bindingMismatches(claim: BindingClaimFacts, register: readonly RegisterLine[]): BindingMismatch[] {
  const name = claim.name.trim();
  const byPhone = register.filter((entry) => entry.phone === claim.phone);
  const found: BindingMismatch[] = [];
  // With the phone in the register, the name must be that entry's; without it, any entry's.
  const names = (byPhone.length > 0 ? byPhone : register).map((entry) => entry.name.trim());
  if (!names.includes(name)) found.push('name');
  if (byPhone.length === 0) found.push('phone');
  if (!claim.phoneVerified) found.push('identity');
  return found;
}

/** Binds at once (when nobody holds the room yet): a verified phone and the name of one register entry. */
export function matchesRegister(claim: BindingClaimFacts, register: readonly RegisterLine[]): boolean {
  return bindingMismatches(claim, register).length === 0;
}
