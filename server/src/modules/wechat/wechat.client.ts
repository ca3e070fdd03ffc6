import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { AppError } from '../../common/errors/app-error';
import { AccessTokenError, AccessTokenService } from './access-token.service';
import { callWechat, type WechatCallResult } from './wechat-http';

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
