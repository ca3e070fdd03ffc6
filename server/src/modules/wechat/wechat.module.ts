import { Module } from '@nestjs/common';
import { AccessTokenService } from './access-token.service';
import { BindCodeRedemption } from './bind-code-redemption';
import { OfficialAccountLinks } from './official-account-links';
import { OfficialAccountController } from './official-account.controller';
import { MiniProgramPushVerification, PushVerification } from './push-verification';
import { WechatLinkController } from './wechat-link.controller';
import { WechatClient } from './wechat.client';

/** Everything that talks to WeChat or keeps WeChat identities: login, tokens, the official account. */
@Module({
  controllers: [OfficialAccountController, WechatLinkController],
  providers: [
    WechatClient,
    AccessTokenService,
    OfficialAccountLinks,
    PushVerification,
    MiniProgramPushVerification,
    BindCodeRedemption,
  ],
  exports: [WechatClient, AccessTokenService, OfficialAccountLinks, MiniProgramPushVerification],
})
export class WechatModule {}
