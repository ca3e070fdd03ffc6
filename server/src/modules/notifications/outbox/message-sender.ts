import { Inject, Injectable } from '@nestjs/common';
import type { DeliveryChannel } from '@linli/shared';
import type { AppConfig } from '../../../config/config';
import { APP_CONFIG } from '../../../config/config.module';
import { AccessTokenError, AccessTokenService, type WechatApp } from '../../wechat/access-token.service';
import { callWechat, type WechatCallResult } from '../../wechat/wechat-http';
import type { DeliveryBody } from '../delivery.entity';
import { classify, TOKEN_ERRCODES, type SendOutcome } from './send-outcome';

const SEND_TIMEOUT_MS = 5000;

const CHANNELS: Record<DeliveryChannel, { app: WechatApp; path: string }> = {
  subscribe: { app: 'miniProgram', path: '/cgi-bin/message/subscribe/send' },
  template: { app: 'officialAccount', path: '/cgi-bin/message/template/send' },
};

/** One WeChat send with WeChat's token rule: on 40001/42001 fetch a fresh token once and retry once. */
@Injectable()
export class MessageSender {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: AccessTokenService,
  ) {}

  async send(channel: DeliveryChannel, body: DeliveryBody & { client_msg_id?: string }): Promise<SendOutcome> {
    const { app, path } = CHANNELS[channel];
    try {
      let token = await this.tokens.get(app);
      let result = await this.post(path, token, body);
      if (result.kind === 'answer' && TOKEN_ERRCODES.has(result.errcode)) {
        token = await this.tokens.refresh(app, token);
        result = await this.post(path, token, body);
      }
      return classify(result);
    } catch (error) {
      if (error instanceof AccessTokenError) {
        return error.transient
          ? { result: 'retry', errcode: error.errcode, reason: error.message }
          : { result: 'failed', errcode: error.errcode, reason: error.message };
      }
      throw error;
    }
  }

  private post(path: string, token: string, body: unknown): Promise<WechatCallResult> {
    return callWechat(this.config.wechat.apiBase, {
      method: 'POST',
      path,
      query: { access_token: token },
      body,
      timeoutMs: SEND_TIMEOUT_MS,
    });
  }
}
