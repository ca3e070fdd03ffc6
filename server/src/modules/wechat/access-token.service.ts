import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { WechatAccessToken } from './access-token.entity';
import { callWechat } from './wechat-http';

export type WechatApp = 'miniProgram' | 'officialAccount';

/**
 * stable_token issues a new token only in the last 5 minutes of the old one's life (WECHAT.md §2),
 * so refreshing inside that window gets a new one, and the old keeps working meanwhile.
 */
const REFRESH_BEFORE_EXPIRY_MS = 4 * 60_000;
const TOKEN_TIMEOUT_MS = 5000;

export class AccessTokenError extends Error {
  constructor(
    message: string,
    readonly errcode: number | null,
    /** Transport failures and -1 pass; a wrong secret or IP whitelist does not. */
    readonly transient: boolean,
  ) {
    super(message);
  }
}

interface Cached {
  token: string;
  refreshAt: number;
}

/**
 * The access token of each app lives in the database, shared by all instances. Whoever finds
 * it due locks its row and fetches; the others wait on the lock and read the new one, so one
 * token lifetime is fetched once however many instances run.
 */
@Injectable()
export class AccessTokenService {
  private readonly logger = new Logger(AccessTokenService.name);
  private readonly cache = new Map<string, Cached>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async get(app: WechatApp): Promise<string> {
    const { appid } = this.credentials(app);
    const now = this.clock.now().getTime();
    const cached = this.cache.get(appid);
    if (cached && cached.refreshAt > now) return cached.token;
    const row = await this.dataSource.manager.findOneBy(WechatAccessToken, { appid });
    if (row?.token && row.expiresAt && row.expiresAt.getTime() - REFRESH_BEFORE_EXPIRY_MS > now) {
      return this.remember(appid, row.token, row.expiresAt);
    }
    return this.refresh(app, row?.token ?? null);
  }

  /**
   * Fetches a new token unless another instance already replaced `stale`. Called when ours is
   * due, and once after WeChat answered 40001/42001 to a call made with `stale`.
   */
  async refresh(app: WechatApp, stale: string | null): Promise<string> {
    const { appid, secret } = this.credentials(app);
    this.cache.delete(appid);
    await this.dataSource.query('INSERT IGNORE INTO wechat_access_token (appid, fetch_count) VALUES (?, 0)', [appid]);
    return this.dataSource.transaction(async (manager) => {
      const row = await manager.findOneOrFail(WechatAccessToken, {
        where: { appid },
        lock: { mode: 'pessimistic_write' },
      });
      const now = this.clock.now().getTime();
      if (
        row.token &&
        row.token !== stale &&
        row.expiresAt &&
        row.expiresAt.getTime() - REFRESH_BEFORE_EXPIRY_MS > now
      ) {
        return this.remember(appid, row.token, row.expiresAt);
      }
      const answer = await callWechat(this.config.wechat.apiBase, {
        method: 'POST',
        path: '/cgi-bin/stable_token',
        query: {},
        body: { grant_type: 'client_credential', appid, secret, force_refresh: false },
        timeoutMs: TOKEN_TIMEOUT_MS,
      });
      if (answer.kind === 'transport')
        throw new AccessTokenError(`获取 access_token 失败：${answer.message}`, null, true);
      const token = answer.body.access_token;
      const expiresIn = answer.body.expires_in;
      if (answer.errcode !== 0 || typeof token !== 'string' || typeof expiresIn !== 'number') {
        this.logger.error({ appid, errcode: answer.errcode, errmsg: answer.errmsg }, 'stable_token failed');
        throw new AccessTokenError(
          `获取 access_token 失败（${answer.errcode}）：${answer.errmsg}`,
          answer.errcode,
          answer.errcode === -1,
        );
      }
      const expiresAt = new Date(now + expiresIn * 1000);
      await manager.update(
        WechatAccessToken,
        { appid },
        { token, expiresAt, fetchedAt: new Date(now), fetchCount: row.fetchCount + 1 },
      );
      return this.remember(appid, token, expiresAt);
    });
  }

  private remember(appid: string, token: string, expiresAt: Date): string {
    this.cache.set(appid, { token, refreshAt: expiresAt.getTime() - REFRESH_BEFORE_EXPIRY_MS });
    return token;
  }

  private credentials(app: WechatApp): { appid: string; secret: string } {
    const { wechat } = this.config;
    return app === 'miniProgram' ? { appid: wechat.appid, secret: wechat.secret } : wechat.officialAccount;
  }
}
