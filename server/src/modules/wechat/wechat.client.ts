import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { AppError } from '../../common/errors/app-error';
import { AccessTokenError, AccessTokenService } from './access-token.service';
import { callWechat, parseWechatJson, type WechatCallResult } from './wechat-http';

export interface WechatSession {
  openid: string;
  sessionKey: string;
  unionid: string | null;
}

interface WechatErrorBody {
  errcode?: number;
  errmsg?: string;
}

/** Login codes the user can fix by trying again (WECHAT.md §1). */
const CODE_ERRORS: Record<number, string> = {
  40029: '登录凭证无效或已过期，请重新登录',
  40163: '登录凭证已被使用，请重新登录',
  40226: '微信判定该账号存在风险，暂时无法登录',
};

const REQUEST_TIMEOUT_MS = 5000;
/** An access token WeChat no longer takes: fetch a fresh one once and retry once (WECHAT.md §2). */
const TOKEN_ERRCODES = new Set([40001, 42001]);
/** getPhoneNumber codes are single use and live 5 minutes; WeChat answers 40029 for all three. */
const PHONE_CODE_ERRORS = new Set([40029, 41008]);
/** WeChat's per-minute limit on the API (45011): the person may try again in a minute. */
const MINUTE_QUOTA = 45011;

/**
 * A resident waits for the check before their request is filed: past this, WeChat counts as
 * unreachable and the text is stored and checked again later.
 */
const SECURITY_TIMEOUT_MS = 3000;

/** msgSecCheck's scenes: 1 profile, 2 comment, 3 forum post, 4 social log. */
export type ContentScene = 1 | 2 | 3 | 4;

/** No verdict: WeChat could not be reached or was busy (check again later), or refused the call itself. */
export type SecurityFailure = { kind: 'unreachable'; reason: string } | { kind: 'refused'; errcode: number };

export type ContentCheckAnswer =
  { kind: 'verdict'; suggest: 'pass' | 'review' | 'risky'; label: number; traceId: string | null } | SecurityFailure;

export type MediaCheckAnswer = { kind: 'accepted'; traceId: string } | SecurityFailure;

/** The number WeChat verified for the user who tapped the getPhoneNumber button. */
export interface VerifiedPhone {
  /** Without country code for mainland numbers: what the owner register holds. */
  purePhoneNumber: string;
  countryCode: string;
}

/**
 * The only way the server reaches WeChat: plain HTTP at `WECHAT_API_BASE`, which is WeChat
 * itself in production and our sandbox in development and tests.
 */
@Injectable()
export class WechatClient {
  private readonly logger = new Logger(WechatClient.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: AccessTokenService,
  ) {}

  async code2Session(code: string): Promise<WechatSession> {
    const { apiBase, appid, secret } = this.config.wechat;
    const url = new URL('/sns/jscode2session', apiBase);
    url.search = new URLSearchParams({ appid, secret, js_code: code, grant_type: 'authorization_code' }).toString();
    const body = await this.getJson<WechatErrorBody & { openid?: string; session_key?: string; unionid?: string }>(url);
    if (body.errcode) {
      if (CODE_ERRORS[body.errcode]) throw new AppError('WECHAT_CODE_INVALID', CODE_ERRORS[body.errcode]);
      this.logger.error({ errcode: body.errcode, errmsg: body.errmsg }, 'code2Session failed');
      throw new AppError('WECHAT_UNAVAILABLE', `微信登录暂时不可用（${body.errcode}），请稍后再试`);
    }
    if (!body.openid || !body.session_key)
      throw new AppError('WECHAT_UNAVAILABLE', '微信登录返回数据不完整，请稍后再试');
    return { openid: body.openid, sessionKey: body.session_key, unionid: body.unionid ?? null };
  }

  /**
   * Exchanges a getPhoneNumber code (WECHAT.md §6). A code that is unknown, expired or already
   * used is the caller's to fix (tap the button again): a field error on `phoneCode`.
   */
  async phoneNumber(code: string): Promise<VerifiedPhone> {
    let answer: WechatCallResult;
    try {
      let token = await this.tokens.get('miniProgram');
      answer = await this.postPhoneCode(token, code);
      if (answer.kind === 'answer' && TOKEN_ERRCODES.has(answer.errcode)) {
        token = await this.tokens.refresh('miniProgram', token);
        answer = await this.postPhoneCode(token, code);
      }
    } catch (error) {
      if (!(error instanceof AccessTokenError)) throw error;
      this.logger.error({ errcode: error.errcode }, 'getuserphonenumber: no access token');
      throw new AppError('WECHAT_UNAVAILABLE', '暂时无法验证手机号，请稍后再试');
    }
    if (answer.kind === 'transport') {
      this.logger.error({ reason: answer.reason, status: answer.status }, 'getuserphonenumber unreachable');
      throw new AppError('WECHAT_UNAVAILABLE', '暂时无法验证手机号，请稍后再试');
    }
    if (PHONE_CODE_ERRORS.has(answer.errcode)) {
      throw AppError.validation([{ field: 'phoneCode', message: '手机号验证已失效，请重新获取' }]);
    }
    if (answer.errcode === MINUTE_QUOTA) {
      throw new AppError('TOO_MANY_REQUESTS', '获取手机号太频繁，请一分钟后再试', [], { retryAfterSeconds: 60 });
    }
    const info = answer.body.phone_info as { purePhoneNumber?: unknown; countryCode?: unknown } | undefined;
    // countryCode may arrive as a number or a string.
    const countryCode = typeof info?.countryCode === 'number' ? String(info.countryCode) : info?.countryCode;
    if (answer.errcode !== 0 || typeof info?.purePhoneNumber !== 'string' || typeof countryCode !== 'string') {
      this.logger.error({ errcode: answer.errcode, errmsg: answer.errmsg }, 'getuserphonenumber failed');
      throw new AppError('WECHAT_UNAVAILABLE', `暂时无法验证手机号（${answer.errcode}），请稍后再试`);
    }
    return { purePhoneNumber: info.purePhoneNumber, countryCode };
  }

  /**
   * getwxacodeunlimit (WECHAT.md §7): a mini-program code opening `page` with `scene`, as PNG bytes.
   * WeChat answers the image itself on success and JSON (HTTP 200) on error, so the content type
   * decides. Refusals become what the admin can act on: a page the released version lacks, the
   * day's quota, or WeChat being unreachable.
   */
  async wxaCodeUnlimit(scene: string, page: string): Promise<Buffer> {
    const call = async (token: string) => {
      const url = new URL('/wxa/getwxacodeunlimit', this.config.wechat.apiBase);
      url.search = new URLSearchParams({ access_token: token }).toString();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scene, page, check_path: true, env_version: 'release', width: 430 }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (!response.ok) return { errcode: -2, errmsg: `HTTP ${response.status}` };
      const bytes = Buffer.from(await response.arrayBuffer());
      if ((response.headers.get('content-type') ?? '').startsWith('image/')) return { bytes };
      const body = parseWechatJson(bytes.toString('utf8'));
      const errcode = typeof body?.errcode === 'number' ? body.errcode : -2;
      return { errcode, errmsg: typeof body?.errmsg === 'string' ? body.errmsg : '' };
    };
    let answer: { bytes: Buffer } | { errcode: number; errmsg: string };
    try {
      let token = await this.tokens.get('miniProgram');
      answer = await call(token);
      if ('errcode' in answer && TOKEN_ERRCODES.has(answer.errcode)) {
        token = await this.tokens.refresh('miniProgram', token);
        answer = await call(token);
      }
    } catch (error) {
      this.logger.error({ err: error }, 'getwxacodeunlimit unreachable');
      throw new AppError('WECHAT_UNAVAILABLE', '暂时无法生成小程序码，请稍后再试，或先发送邀请链接');
    }
    if ('bytes' in answer) return answer.bytes;
    if (answer.errcode === 41030) {
      throw new AppError('CONFLICT', '邀请页尚未随小程序发布，暂时无法生成小程序码，请先发送邀请链接');
    }
    if (answer.errcode === 45009 || answer.errcode === MINUTE_QUOTA) {
      throw new AppError('TOO_MANY_REQUESTS', '今日生成小程序码的次数已用完，请明天再试，或先发送邀请链接', [], {
        retryAfterSeconds: answer.errcode === MINUTE_QUOTA ? 60 : 3600,
      });
    }
    this.logger.error({ errcode: answer.errcode, errmsg: answer.errmsg }, 'getwxacodeunlimit failed');
    throw new AppError('WECHAT_UNAVAILABLE', `暂时无法生成小程序码（${answer.errcode}），请稍后再试，或先发送邀请链接`);
  }

  /**
   * msgSecCheck v2 (WECHAT.md §5): WeChat's verdict on one text, or why there is none. v2 answers
   * errcode 0 even for risky text, so the verdict is `result.suggest`. Never throws: content checks
   * must not stop a resident from filing when WeChat cannot be reached.
   */
  async msgSecCheck(openid: string, content: string, scene: ContentScene): Promise<ContentCheckAnswer> {
    return this.securityCall('/wxa/msg_sec_check', { content, version: 2, scene, openid }, (body) => {
      const result = body.result as { suggest?: unknown; label?: unknown } | undefined;
      const suggest = result?.suggest;
      if (suggest !== 'pass' && suggest !== 'review' && suggest !== 'risky') return null;
      return {
        kind: 'verdict',
        suggest,
        label: typeof result?.label === 'number' ? result.label : 0,
        traceId: typeof body.trace_id === 'string' ? body.trace_id : null,
      };
    });
  }

  /** mediaCheckAsync v2: WeChat fetches `mediaUrl` and pushes its verdict (wxa_media_check) later, naming the trace id. */
  async mediaCheckAsync(openid: string, mediaUrl: string, scene: ContentScene): Promise<MediaCheckAnswer> {
    return this.securityCall(
      '/wxa/media_check_async',
      { media_url: mediaUrl, media_type: 2, version: 2, scene, openid },
      (body) =>
        typeof body.trace_id === 'string' && body.trace_id !== '' ? { kind: 'accepted', traceId: body.trace_id } : null,
    );
  }

  /** A content-security call with the shared token, retried once with a fresh one when WeChat asks. */
  private async securityCall<T>(
    path: string,
    body: Record<string, unknown>,
    read: (body: Record<string, unknown>) => T | null,
  ): Promise<T | SecurityFailure> {
    let answer: WechatCallResult;
    try {
      let token = await this.tokens.get('miniProgram');
      answer = await this.postSecurity(path, token, body);
      if (answer.kind === 'answer' && TOKEN_ERRCODES.has(answer.errcode)) {
        token = await this.tokens.refresh('miniProgram', token);
        answer = await this.postSecurity(path, token, body);
      }
    } catch (error) {
      if (!(error instanceof AccessTokenError)) throw error;
      return { kind: 'unreachable', reason: `no access token (${error.errcode ?? 'transport'})` };
    }
    if (answer.kind === 'transport') return { kind: 'unreachable', reason: answer.message };
    if (answer.errcode === 0) {
      const verdict = read(answer.body);
      if (verdict) return verdict;
      return { kind: 'unreachable', reason: 'answer without a verdict' };
    }
    // -1 and quota errors pass; the writer's openid WeChat does not take (40003, 43104) does not.
    if (answer.errcode === -1 || answer.errcode === 45009 || answer.errcode === 45011) {
      return { kind: 'unreachable', reason: `errcode ${answer.errcode}` };
    }
    this.logger.warn({ errcode: answer.errcode, errmsg: answer.errmsg, path }, 'content check refused the call');
    return { kind: 'refused', errcode: answer.errcode };
  }

  private postSecurity(path: string, token: string, body: Record<string, unknown>): Promise<WechatCallResult> {
    return callWechat(this.config.wechat.apiBase, {
      method: 'POST',
      path,
      query: { access_token: token },
      body,
      timeoutMs: SECURITY_TIMEOUT_MS,
    });
  }

  private postPhoneCode(token: string, code: string): Promise<WechatCallResult> {
    return callWechat(this.config.wechat.apiBase, {
      method: 'POST',
      path: '/wxa/business/getuserphonenumber',
      query: { access_token: token },
      body: { code },
      timeoutMs: REQUEST_TIMEOUT_MS,
    });
  }

  private async getJson<T>(url: URL): Promise<T> {
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (error) {
      this.logger.error({ err: error, path: url.pathname }, 'WeChat unreachable');
      throw new AppError('WECHAT_UNAVAILABLE', '暂时连不上微信服务，请稍后再试');
    }
    if (!response.ok) throw new AppError('WECHAT_UNAVAILABLE', `微信服务异常（HTTP ${response.status}），请稍后再试`);
    return (await response.json()) as T;
  }
}
