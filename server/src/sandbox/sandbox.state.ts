import { randomBytes } from 'node:crypto';
import { DEFAULT_CONTENT_RULES, type ContentRules } from './content-check';
import { WechatErrcode } from './errors';
import { FaultRules } from './faults';
import type { MediaCheck, MediaRule } from './media-check';
import type {
  AppKind,
  SandboxAppOptions,
  SandboxCall,
  MiniProgramCallback,
  SandboxCallback,
  SandboxFollower,
  SandboxMessage,
  SandboxOptions,
  SandboxTemplate,
  SandboxUser,
} from './sandbox.types';
import { TokenStore } from './tokens';

export const LOGIN_CODE_LIFETIME_MS = 300_000;
/** A getPhoneNumber code: single use, 5 minutes (WECHAT.md §6). */
export const PHONE_CODE_LIFETIME_MS = 300_000;
/** Old calls are dropped beyond this, so a long demo session does not grow without bound. */
const MAX_CALLS = 1000;

/** Used when an option is left out: the demo values main.ts also uses. */
export const SANDBOX_DEFAULTS = {
  miniProgram: {
    appid: 'wx-linli-demo',
    secret: 'linli-demo-secret',
    originalId: 'gh_linli_mp_demo',
    /** The server's development default for the mini-program's message push (WECHAT_MP_AES_KEY). */
    encodingAesKey: 'LinliDevelopmentMiniProgramAesKey0000000000',
  },
  officialAccount: {
    appid: 'wx-linli-oa-demo',
    secret: 'linli-oa-demo-secret',
    originalId: 'gh_linli_demo',
    /** Public, like the rest of these: the server's development default is the same key. */
    encodingAesKey: 'LinliDevelopmentEncodingAesKey0000000000000',
  },
} as const;

interface LoginCode {
  openid: string;
  unionid?: string;
  issuedAt: number;
  used: boolean;
}

interface PhoneCode {
  openid: string;
  phoneNumber: string;
  countryCode: string;
  issuedAt: number;
  used: boolean;
}

/** What getuserphonenumber reveals: the number the user's WeChat account holds. */
export interface VerifiedPhone {
  phoneNumber: string;
  purePhoneNumber: string;
  countryCode: string;
}

interface MiniProgramUser {
  openid: string;
  unionid?: string;
  lastLoginAt?: number;
}

export interface Follower {
  openid: string;
  unionid?: string;
  following: boolean;
  /** When the user last followed (ms), for user/info's subscribe_time. */
  subscribedAt?: number;
}

export interface ResolvedApp {
  appid: string;
  secret: string;
  templates: Map<string, SandboxTemplate>;
}

export type RedeemResult =
  | { ok: true; user: MiniProgramUser }
  | { ok: false; errcode: typeof WechatErrcode.InvalidCode | typeof WechatErrcode.CodeBeenUsed };

/** Everything the sandbox remembers; all in memory, all cleared by reset(). */
export class SandboxState {
  readonly now: () => number;
  readonly apps: Record<AppKind, ResolvedApp>;
  /** Copied from the options on reset; POST /__sandbox/content-rules adds words. */
  contentRules: ContentRules = { risky: [], review: [] };
  /** Photo verdicts by media_url (POST /__sandbox/media-rules); none: pass. */
  mediaRules: MediaRule[] = [];
  /** getwxacodeunlimit codes made per Beijing day, for its daily quota (45009). */
  readonly wxacodes = new Map<string, number>();
  /** media_check_async calls in order, with whether their result was pushed yet. */
  readonly mediaChecks: MediaCheck[] = [];
  readonly tokens: TokenStore;
  readonly users = new Map<string, MiniProgramUser>();
  readonly followers = new Map<string, Follower>();
  readonly messages: SandboxMessage[] = [];
  readonly calls: SandboxCall[] = [];
  readonly faultRules = new FaultRules();
  /** The official account's original id (gh_…), ToUserName of every push. */
  readonly originalId: string;
  /** Where official-account pushes go, and how; set by option or POST /__sandbox/callback. */
  callback: Required<SandboxCallback> | undefined;
  /** The mini-program's original id, ToUserName of its pushes. */
  readonly miniProgramOriginalId: string;
  /** The mini-program's message-push URL (媒体检测结果), set by option or POST /__sandbox/mini-program-callback. */
  miniProgramCallback: ResolvedMiniProgramCallback | undefined;
  private readonly codes = new Map<string, LoginCode>();
  private readonly phoneCodes = new Map<string, PhoneCode>();
  private readonly credits = new Map<string, number>();
  private nextMessageId = 1;
  private nextCallId = 1;
  private nextMsgid = randomMsgidBase();

  constructor(private readonly options: SandboxOptions) {
    this.now = options.now ?? Date.now;
    this.tokens = new TokenStore(this.now);
    this.apps = {
      miniProgram: resolveApp(this.appOptions('miniProgram')),
      officialAccount: resolveApp(this.appOptions('officialAccount')),
    };
    this.originalId = options.officialAccount?.originalId ?? SANDBOX_DEFAULTS.officialAccount.originalId;
    this.miniProgramOriginalId = options.miniProgram?.originalId ?? SANDBOX_DEFAULTS.miniProgram.originalId;
    this.reset();
  }

  /** Back to the configured start: preset users and templates, nothing received, no tokens. */
  reset(): void {
    this.wxacodes.clear();
    this.codes.clear();
    this.phoneCodes.clear();
    this.credits.clear();
    this.tokens.clear();
    this.messages.length = 0;
    this.calls.length = 0;
    this.users.clear();
    this.followers.clear();
    this.faultRules.clear();
    const rules = this.options.contentRules ?? DEFAULT_CONTENT_RULES;
    this.contentRules = { risky: [...rules.risky], review: [...rules.review] };
    this.mediaRules = [];
    this.mediaChecks.length = 0;
    const miniProgramCallback = this.options.miniProgram?.callback;
    this.miniProgramCallback = miniProgramCallback ? resolveMiniProgramCallback(miniProgramCallback) : undefined;
    const callback = this.options.officialAccount?.callback;
    this.callback = callback ? resolveCallback(callback) : undefined;
    for (const user of this.options.users ?? []) this.users.set(user.openid, { ...user });
    for (const follower of this.options.followers ?? []) this.setFollower(follower);
    // Templates registered through /__sandbox/templates are dropped as well.
    for (const kind of ['miniProgram', 'officialAccount'] as const) {
      this.apps[kind].templates = resolveApp(this.appOptions(kind)).templates;
    }
  }

  private appOptions(kind: AppKind): SandboxAppOptions {
    return this.options[kind] ?? SANDBOX_DEFAULTS[kind];
  }

  appByAppid(appid: string): AppKind | undefined {
    if (appid === this.apps.miniProgram.appid) return 'miniProgram';
    if (appid === this.apps.officialAccount.appid) return 'officialAccount';
    return undefined;
  }

  /** Stands for wx.login() on a phone: any openid may log in with a code the sandbox minted. */
  mintLoginCode(user: SandboxUser): string {
    const code = randomBytes(24).toString('base64url').slice(0, 32);
    this.codes.set(code, { ...user, issuedAt: this.now(), used: false });
    return code;
  }

  redeemLoginCode(code: string): RedeemResult {
    const entry = this.codes.get(code);
    if (!entry || this.now() - entry.issuedAt > LOGIN_CODE_LIFETIME_MS) {
      return { ok: false, errcode: WechatErrcode.InvalidCode };
    }
    if (entry.used) return { ok: false, errcode: WechatErrcode.CodeBeenUsed };
    entry.used = true;
    const known = this.users.get(entry.openid);
    const user: MiniProgramUser = {
      openid: entry.openid,
      unionid: entry.unionid ?? known?.unionid,
      lastLoginAt: this.now(),
    };
    this.users.set(user.openid, user);
    return { ok: true, user };
  }

  /**
   * Stands for tapping a `<button open-type="getPhoneNumber">` and allowing it: the code names
   * the phone number this WeChat user holds.
   */
  mintPhoneCode(openid: string, purePhoneNumber: string, countryCode = '86'): string {
    const code = randomBytes(24).toString('hex');
    this.phoneCodes.set(code, { openid, phoneNumber: purePhoneNumber, countryCode, issuedAt: this.now(), used: false });
    return code;
  }

  /** WeChat answers 40029 alike for an unknown, expired or already used code. */
  redeemPhoneCode(code: string): VerifiedPhone | undefined {
    const entry = this.phoneCodes.get(code);
    if (!entry || entry.used || this.now() - entry.issuedAt > PHONE_CODE_LIFETIME_MS) return undefined;
    entry.used = true;
    // Mainland numbers come without the country code; others as +<code> <number>.
    const phoneNumber = entry.countryCode === '86' ? entry.phoneNumber : `+${entry.countryCode} ${entry.phoneNumber}`;
    return { phoneNumber, purePhoneNumber: entry.phoneNumber, countryCode: entry.countryCode };
  }

  setFollower(follower: SandboxFollower): Follower {
    const known = this.followers.get(follower.openid);
    const following = follower.following ?? true;
    const updated: Follower = {
      openid: follower.openid,
      unionid: follower.unionid ?? known?.unionid,
      following,
      subscribedAt: following && !known?.following ? this.now() : known?.subscribedAt,
    };
    this.followers.set(follower.openid, updated);
    return updated;
  }

  grantCredits(openid: string, templateIds: string[]): void {
    for (const id of templateIds) this.credits.set(creditKey(openid, id), this.creditsOf(openid, id) + 1);
  }

  creditsOf(openid: string, templateId: string): number {
    return this.credits.get(creditKey(openid, templateId)) ?? 0;
  }

  creditsByTemplate(openid: string): Record<string, number> {
    const result: Record<string, number> = {};
    for (const [key, count] of this.credits) {
      const [owner, templateId] = key.split('\u0000');
      if (owner === openid && count > 0) result[templateId] = count;
    }
    return result;
  }

  clearCredits(openid: string, templateId: string): void {
    this.credits.delete(creditKey(openid, templateId));
  }

  /** One credit per send; false when the user has not allowed (another) message of this template. */
  takeCredit(openid: string, templateId: string): boolean {
    const left = this.creditsOf(openid, templateId);
    if (left < 1) return false;
    this.credits.set(creditKey(openid, templateId), left - 1);
    return true;
  }

  recordMessage(message: Omit<SandboxMessage, 'id' | 'receivedAt' | 'msgid'>): SandboxMessage {
    const stored: SandboxMessage = {
      id: this.nextMessageId++,
      ...message,
      receivedAt: new Date(this.now()).toISOString(),
      msgid: this.newMsgid(),
    };
    this.messages.push(stored);
    return stored;
  }

  /** Sent messages and messages pushed to the developer server draw from one int64 sequence. */
  newMsgid(): string {
    return (this.nextMsgid++).toString();
  }

  recordMediaCheck(check: MediaCheck): void {
    this.mediaChecks.push(check);
    if (this.mediaChecks.length > MAX_CALLS) this.mediaChecks.splice(0, this.mediaChecks.length - MAX_CALLS);
  }

  /** Counts one getwxacodeunlimit against the day's quota; false once it is used up (45009). */
  takeWxacode(): boolean {
    const day = new Date(this.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const used = this.wxacodes.get(day) ?? 0;
    if (used >= (this.options.wxacodeDailyQuota ?? 100_000)) return false;
    this.wxacodes.set(day, used + 1);
    return true;
  }

  recordCall(call: Omit<SandboxCall, 'id' | 'at'>): void {
    this.calls.push({ ...call, id: this.nextCallId++, at: new Date(this.now()).toISOString() });
    if (this.calls.length > MAX_CALLS) this.calls.splice(0, this.calls.length - MAX_CALLS);
  }
}

/** Safe mode unless plaintext is asked for, with the default key when none is given. */
export function resolveCallback(callback: SandboxCallback): Required<SandboxCallback> {
  return {
    url: callback.url,
    token: callback.token,
    encodingAesKey: callback.encodingAesKey ?? SANDBOX_DEFAULTS.officialAccount.encodingAesKey,
    mode: callback.mode ?? 'safe',
  };
}

export type ResolvedMiniProgramCallback = Required<SandboxCallback> & { delayMs: number | null };

/** Like the official account's, with the mini-program's default key and a push delay of 1 s. */
export function resolveMiniProgramCallback(callback: MiniProgramCallback): ResolvedMiniProgramCallback {
  return {
    ...resolveCallback({
      ...callback,
      encodingAesKey: callback.encodingAesKey ?? SANDBOX_DEFAULTS.miniProgram.encodingAesKey,
    }),
    delayMs: callback.delayMs === undefined ? 1000 : callback.delayMs,
  };
}

function resolveApp(options: SandboxAppOptions): ResolvedApp {
  const templates = new Map<string, SandboxTemplate>();
  for (const template of options.templates ?? []) {
    const definition = typeof template === 'string' ? { id: template } : { ...template };
    templates.set(definition.id, definition);
  }
  return { appid: options.appid, secret: options.secret, templates };
}

function creditKey(openid: string, templateId: string): string {
  return `${openid}\u0000${templateId}`;
}

/** msgids are int64 values above 2^53, so a client parsing them as JS numbers loses digits. */
function randomMsgidBase(): bigint {
  return (1n << 60n) + BigInt(`0x${randomBytes(7).toString('hex')}`);
}
