import { Controller, Get, Header, HttpCode, Inject, Logger, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/authenticated.decorator';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { AccessTokenService } from './access-token.service';
import { BindCodeRedemption } from './bind-code-redemption';
import { OfficialAccountLinks } from './official-account-links';
import { isKnownMsgType, parsePushXml, pushProblems, type PushMessage, textReply } from './official-account-push';
import { PushVerification } from './push-verification';
import { callWechat } from './wechat-http';

/**
 * The URL set as the official account's server address: WeChat checks it with GET (echostr)
 * and pushes follows, unfollows and texts with POST, each verified once (PushVerification).
 * Following links a staff member by unionid; a text with a binding code links them by code.
 */
@ApiExcludeController()
@Controller('wechat/official-account')
export class OfficialAccountController {
  private readonly logger = new Logger(OfficialAccountController.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly links: OfficialAccountLinks,
    private readonly codes: BindCodeRedemption,
    private readonly verification: PushVerification,
    private readonly tokens: AccessTokenService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Public()
  @Header('content-type', 'text/plain; charset=utf-8')
  verify(@Query() query: Record<string, unknown>): Promise<string> {
    return this.verification.echo(query);
  }

  @Post()
  @Public()
  @HttpCode(200)
  @Header('content-type', 'application/xml; charset=utf-8')
  async push(@Query() query: Record<string, unknown>, @Req() request: FastifyRequest): Promise<string> {
    const push = await this.verification.open(query, typeof request.body === 'string' ? request.body : '');
    const message = parsePushXml(push.xml);
    if (!message) throw new AppError('BAD_REQUEST', '不是微信推送的消息');
    const problems = pushProblems(message);
    if (problems.length) throw AppError.validation(problems, '推送的字段不合规');
    // WeChat expects "success" (or an empty body) for anything we do not answer.
    if (!isKnownMsgType(message)) return 'success';
    try {
      return this.verification.reply(push, await this.handle(message));
    } catch (error) {
      await this.verification.release(push);
      throw error;
    }
  }

  private async handle(message: PushMessage): Promise<string> {
    const openid = message.FromUserName;
    const reply = (content: string) => textReply(openid, message.ToUserName, content, this.clock.now());
    if (message.MsgType === 'event' && message.Event === 'subscribe') {
      const user = await this.linkByUnionid(openid);
      return reply(
        user
          ? `${user.name}，您好！已开启邻里工单微信通知。`
          : '欢迎关注！员工请在小程序「我的任务」获取绑定码，发送到这里即可开启工单通知。',
      );
    }
    if (message.MsgType === 'event' && message.Event === 'unsubscribe') {
      await this.links.setFollowing(openid, false);
      return 'success';
    }
    if (message.MsgType === 'text') {
      const answer = await this.codes.reply(openid, message.Content ?? '');
      return answer === null ? 'success' : reply(answer);
    }
    return 'success';
  }

  /** user/info gives the follower's unionid, the same as their mini-program account's. */
  private async linkByUnionid(openid: string) {
    try {
      const token = await this.tokens.get('officialAccount');
      const answer = await callWechat(this.config.wechat.apiBase, {
        method: 'GET',
        path: '/cgi-bin/user/info',
        query: { access_token: token, openid, lang: 'zh_CN' },
        timeoutMs: 3000,
      });
      const unionid = answer.kind === 'answer' && answer.errcode === 0 ? answer.body.unionid : undefined;
      if (typeof unionid !== 'string') {
        await this.links.setFollowing(openid, true);
        return null;
      }
      return this.links.linkByUnionid(openid, unionid);
    } catch (error) {
      // The follower can still link by code; the push itself must not fail.
      this.logger.warn({ err: error }, 'user/info failed');
      return null;
    }
  }
}
