import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { SharedStore } from '../../common/shared-store/shared-store';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { parseFlatXml, verifyPushSignature } from './official-account-push';
import { aesKeyOf, decryptMessage, encryptedReply, type PushKeys, verifyMsgSignature } from './push-crypto';

/** How far a push's timestamp may be from our clock (WeChat's own SDKs leave this to us). */
export const PUSH_WINDOW_MS = 300_000;
/** A nonce is remembered past both ends of the window, so a replay is either stale or seen. */
export const NONCE_TTL_MS = 600_000;

export interface OpenedPush {
  /** The message XML in clear. */
  xml: string;
  mode: 'safe' | 'plaintext';
  nonce: string;
}

type Query = Record<string, unknown>;

/** Whose pushes a verifier accepts: the account's token and key, as set next to its push URL. */
export interface PushAccount {
  /** 公众号 or 小程序, in the refusals' wording. */
  label: string;
  appid: string;
  callbackToken: string;
  aesKey: string | null;
  plaintext: 'allow' | 'deny';
  /** The variable that sets `aesKey`, named when it is missing. */
  aesKeyVariable: string;
  /** Nonces are remembered per account: the same nonce from two accounts is no replay. */
  noncePrefix: string;
}

/**
 * Decides whether a request to the official-account URL is WeChat's, fresh and seen once:
 * signed (in safe mode over the ciphertext too), within ±5 minutes of our clock, and with a
 * nonce no instance has accepted before (the shared store). A captured URL and body replayed
 * later, or again at once, changes nothing.
 */
export class PushVerifier {
  private readonly keys: PushKeys | null;

  constructor(
    private readonly account: PushAccount,
    private readonly store: SharedStore,
    private readonly clock: Clock,
  ) {
    this.keys = account.aesKey
      ? { token: account.callbackToken, aesKey: aesKeyOf(account.aesKey), appid: account.appid }
      : null;
  }

  /** A POSTed push: its XML in clear, or a 403 that says why. */
  async open(query: Query, body: string): Promise<OpenedPush> {
    const { timestamp, nonce } = this.stamp(query);
    if (query.encrypt_type === 'aes') {
      const keys = this.requireKeys();
      const ciphertext = parseFlatXml(body)?.Encrypt;
      if (!ciphertext || !this.msgSigned(query, timestamp, nonce, ciphertext)) throw forbidden('签名校验失败');
      await this.once(timestamp, nonce);
      return { xml: this.decrypt(keys, ciphertext), mode: 'safe', nonce };
    }
    if (this.account.plaintext !== 'allow') {
      throw forbidden(`只接受安全模式（加密）的推送，请在${this.account.label}后台选择安全模式`);
    }
    if (!verifyPushSignature(this.account.callbackToken, query)) throw forbidden('签名校验失败');
    await this.once(timestamp, nonce);
    return { xml: body, mode: 'plaintext', nonce };
  }

  /**
   * The URL check: official accounts sign echostr like a plaintext push even in safe mode;
   * an encrypted echostr (msg_signature over it, as WeCom sends) is answered decrypted.
   */
  async echo(query: Query): Promise<string> {
    const { timestamp, nonce } = this.stamp(query);
    const echostr = typeof query.echostr === 'string' ? query.echostr : '';
    if (typeof query.msg_signature === 'string') {
      const keys = this.requireKeys();
      if (!echostr || !this.msgSigned(query, timestamp, nonce, echostr)) throw forbidden('签名校验失败');
      await this.once(timestamp, nonce);
      return this.decrypt(keys, echostr);
    }
    if (!verifyPushSignature(this.account.callbackToken, query)) throw forbidden('签名校验失败');
    await this.once(timestamp, nonce);
    return echostr;
  }

  /** Our passive reply, encrypted and signed when the push came in safe mode. */
  reply(push: OpenedPush, xml: string): string {
    // "success" means "no reply" in both modes; WeChat takes it unencrypted.
    if (push.mode === 'plaintext' || xml === 'success' || !this.keys) return xml;
    const timestamp = String(Math.floor(this.clock.now().getTime() / 1000));
    return encryptedReply(this.keys, xml, timestamp, String(randomInt(100_000_000, 2_147_483_647)));
  }

  /**
   * Handling failed (the database, say): the nonce is let go so WeChat's retry of the same push
   * is not taken for a replay. A replay of a push that changed nothing changes nothing either.
   */
  async release(push: OpenedPush): Promise<void> {
    await this.store.delete(this.nonceKey(push.nonce));
  }

  private stamp(query: Query): { timestamp: string; nonce: string } {
    const { timestamp, nonce } = query;
    if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp)) throw forbidden('签名校验失败');
    // WeChat's nonces are decimal numbers; a bound keeps store keys small.
    if (typeof nonce !== 'string' || !/^[A-Za-z0-9]{1,64}$/.test(nonce)) throw forbidden('签名校验失败');
    return { timestamp, nonce };
  }

  private msgSigned(query: Query, timestamp: string, nonce: string, signed: string): boolean {
    const given = query.msg_signature;
    return typeof given === 'string' && verifyMsgSignature(this.account.callbackToken, timestamp, nonce, signed, given);
  }

  /** Fresh and first: checked only after the signature, so nobody can burn WeChat's nonces. */
  private async once(timestamp: string, nonce: string): Promise<void> {
    if (Math.abs(this.clock.now().getTime() - Number(timestamp) * 1000) > PUSH_WINDOW_MS) {
      throw forbidden('推送已过期（时间戳与服务器时间相差超过 5 分钟）');
    }
    if (!(await this.store.setIfAbsent(this.nonceKey(nonce), NONCE_TTL_MS))) throw forbidden('重复的推送，已拒绝');
  }

  private nonceKey(nonce: string): string {
    return `${this.account.noncePrefix}${nonce}`;
  }

  private requireKeys(): PushKeys {
    if (!this.keys) {
      throw forbidden(`未配置 EncodingAESKey（${this.account.aesKeyVariable}），无法解密安全模式的推送`);
    }
    return this.keys;
  }

  private decrypt(keys: PushKeys, ciphertext: string): string {
    const result = decryptMessage(keys, ciphertext);
    if (result.ok) return result.xml;
    throw forbidden(result.reason === 'appid' ? `推送不属于本${this.account.label}（AppID 不符）` : '推送无法解密');
  }
}

/** The official account's server URL (follows, texts). */
@Injectable()
export class PushVerification extends PushVerifier {
  constructor(@Inject(APP_CONFIG) config: AppConfig, store: SharedStore, clock: Clock) {
    super(
      {
        ...config.wechat.officialAccount,
        label: '公众号',
        aesKeyVariable: 'WECHAT_OA_AES_KEY',
        noncePrefix: 'oa-nonce:',
      },
      store,
      clock,
    );
  }
}

/** The mini-program's message push (消息推送): the verdicts of mediaCheckAsync. */
@Injectable()
export class MiniProgramPushVerification extends PushVerifier {
  constructor(@Inject(APP_CONFIG) config: AppConfig, store: SharedStore, clock: Clock) {
    super(
      {
        ...config.wechat.miniProgramPush,
        appid: config.wechat.appid,
        label: '小程序',
        aesKeyVariable: 'WECHAT_MP_AES_KEY',
        noncePrefix: 'mp-nonce:',
      },
      store,
      clock,
    );
  }
}

function forbidden(message: string): AppError {
  return new AppError('FORBIDDEN', message);
}
