import { z } from 'zod';

/** A limit of `limit` hits per `windowSeconds`, counted per IP, per signed-in user, or both. */
export interface RateRule {
  limit: number;
  windowSeconds: number;
}
export interface RatePolicy {
  perIp?: RateRule;
  perUser?: RateRule;
}

/**
 * The defaults: generous for a person at a phone, tight for a script. Every write not named here
 * falls under `write`. A property desk works behind one office IP, so per-IP limits sit well
 * above per-user ones. Each is overridable with `RATE_LIMITS` (docs/security.md).
 */
export const DEFAULT_RATE_POLICIES = {
  login: { perIp: { limit: 30, windowSeconds: 60 } },
  refresh: { perIp: { limit: 60, windowSeconds: 60 } },
  file_request: { perIp: { limit: 60, windowSeconds: 60 }, perUser: { limit: 5, windowSeconds: 60 } },
  intake: { perIp: { limit: 120, windowSeconds: 60 }, perUser: { limit: 30, windowSeconds: 60 } },
  // The caller lookup shows a phone's owners unmasked: enough for a desk on the phone, not for a scrape.
  caller_lookup: { perIp: { limit: 300, windowSeconds: 60 }, perUser: { limit: 60, windowSeconds: 60 } },
  binding: { perIp: { limit: 30, windowSeconds: 60 }, perUser: { limit: 5, windowSeconds: 600 } },
  // Each call spends a getPhoneNumber code at WeChat, whose per-minute quota is the app's.
  verify_phone: { perIp: { limit: 30, windowSeconds: 60 }, perUser: { limit: 10, windowSeconds: 600 } },
  photo_upload: { perIp: { limit: 120, windowSeconds: 60 }, perUser: { limit: 30, windowSeconds: 60 } },
  link_code: { perIp: { limit: 30, windowSeconds: 60 }, perUser: { limit: 5, windowSeconds: 600 } },
  // Read by every guest's home page; many phones share a carrier's address, so a wide limit.
  public_info: { perIp: { limit: 300, windowSeconds: 60 } },
  // A PC asks for a new QR every two minutes while the login page is open; a desk has a few PCs.
  pc_login: { perIp: { limit: 30, windowSeconds: 60 } },
  // Each waiting PC polls every two seconds (30 a minute): room for a busy office behind one IP.
  pc_login_poll: { perIp: { limit: 900, windowSeconds: 60 } },
  write: { perIp: { limit: 600, windowSeconds: 60 }, perUser: { limit: 120, windowSeconds: 60 } },
} satisfies Record<string, RatePolicy>;

export type RatePolicyName = keyof typeof DEFAULT_RATE_POLICIES;
export type RatePolicies = Record<RatePolicyName, RatePolicy>;

const ruleSchema = z.object({
  limit: z.number().int().min(1),
  windowSeconds: z.number().int().min(1).max(86_400),
});
const overridesSchema = z.partialRecord(
  z.enum(Object.keys(DEFAULT_RATE_POLICIES) as [RatePolicyName, ...RatePolicyName[]]),
  z.object({ perIp: ruleSchema.optional(), perUser: ruleSchema.optional() }).strict(),
);

/**
 * `RATE_LIMITS` (JSON, per policy, e.g. {"login":{"perIp":{"limit":10,"windowSeconds":60}}})
 * over the defaults; `factor` multiplies every limit (load tests, a big office behind one IP).
 */
export function parseRatePolicies(json: string | undefined, factor: number): RatePolicies | { error: string } {
  let overrides: z.infer<typeof overridesSchema> = {};
  if (json) {
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch {
      return { error: 'RATE_LIMITS: not valid JSON' };
    }
    const parsed = overridesSchema.safeParse(raw);
    if (!parsed.success) {
      return { error: `RATE_LIMITS: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}` };
    }
    overrides = parsed.data;
  }
  const scale = (rule: RateRule | undefined): RateRule | undefined =>
    rule && { limit: Math.max(1, Math.round(rule.limit * factor)), windowSeconds: rule.windowSeconds };
  const policies = {} as RatePolicies;
  for (const name of Object.keys(DEFAULT_RATE_POLICIES) as RatePolicyName[]) {
    const merged: RatePolicy = { ...DEFAULT_RATE_POLICIES[name], ...overrides[name] };
    policies[name] = { perIp: scale(merged.perIp), perUser: scale(merged.perUser) };
  }
  return policies;
}
