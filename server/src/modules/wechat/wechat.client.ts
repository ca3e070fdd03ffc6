import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { AppError } from '../../common/errors/app-error';

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

/**
 * The only way the server reaches WeChat: plain HTTP at `WECHAT_API_BASE`, which is WeChat
 * itself in production and our sandbox in development and tests.
 */
@Injectable()
export class WechatClient {
  private readonly logger = new Logger(WechatClient.name);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

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
