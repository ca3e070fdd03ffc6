import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { AuthTokens } from '@linli/shared';
import { Repository } from 'typeorm';
import { User } from '../users/user.entity';
import { WechatClient } from '../wechat/wechat.client';
import { accountDisabled, TokenService } from './token.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly wechat: WechatClient,
    private readonly tokens: TokenService,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  /**
   * `Taro.login()` code → WeChat's code2Session → our own tokens. A first-time openid becomes
   * a resident; staff accounts exist beforehand (created by an admin or the demo seed).
   */
  async loginWithWechatCode(code: string): Promise<AuthTokens> {
    const session = await this.wechat.code2Session(code);
    // Upsert keyed on the unique openid: two first logins racing still make one user.
    await this.users
      .createQueryBuilder()
      .insert()
      .values({ openid: session.openid, unionid: session.unionid, sessionKey: session.sessionKey, role: 'resident' })
      .orUpdate(['session_key', 'unionid'], ['openid'])
      .execute();
    const user = await this.users.findOneByOrFail({ openid: session.openid });
    if (!user.active) throw accountDisabled();
    return this.tokens.issue(user);
  }
}
