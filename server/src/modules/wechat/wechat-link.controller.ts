import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { STAFF_SIDE_ROLES, type WechatLinkView } from '@linli/shared';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { OfficialAccountLinks } from './official-account-links';

@ApiTags('notifications')
@Controller('me/wechat-link')
export class WechatLinkController {
  constructor(private readonly links: OfficialAccountLinks) {}

  @Get()
  @Authenticated({ roles: STAFF_SIDE_ROLES })
  @ApiOperation({ summary: '我的公众号绑定状态（工单模板消息发到公众号）' })
  view(@Auth() auth: AuthUser): Promise<WechatLinkView> {
    return this.links.view(auth.userId);
  }

  @Post('code')
  @HttpCode(200)
  @Authenticated({ roles: STAFF_SIDE_ROLES })
  @RateLimit('link_code')
  @ApiOperation({
    summary:
      '获取绑定码：10 位数字（如 1234 567890），关注公众号后发送给公众号即可绑定（30 分钟内有效，输错 3 次失效）',
  })
  code(@Auth() auth: AuthUser): Promise<WechatLinkView> {
    return this.links.issueBindCode(auth.userId);
  }
}
