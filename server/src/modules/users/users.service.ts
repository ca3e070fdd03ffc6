import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { UserView } from '@linli/shared';
import { Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { WechatClient } from '../wechat/wechat.client';
import { User } from './user.entity';
import { toUserView } from './user.view';

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly wechat: WechatClient,
    private readonly clock: Clock,
  ) {}

  async getView(userId: number): Promise<UserView> {
    const user = await this.users.findOneBy({ id: userId });
    if (!user) throw new AppError('UNAUTHENTICATED', '账号不存在，请重新登录');
    return toUserView(user);
  }

  /**
   * 微信手机号快捷填写: the number WeChat holds for this account (a getPhoneNumber code) becomes the
   * account's phone, verified now. Only mainland numbers: the owner register and the desk's caller
   * lookup know no others, so another one would verify nothing.
   */
  async verifyPhone(auth: AuthUser, phoneCode: string): Promise<UserView> {
    const phone = await this.wechat.phoneNumber(phoneCode);
    if (phone.countryCode !== '86') {
      throw AppError.validation([{ field: 'phoneCode', message: '仅支持中国大陆手机号，请在绑定房屋时手动填写' }]);
    }
    await this.users.update({ id: auth.userId }, { phone: phone.purePhoneNumber, phoneVerifiedAt: this.clock.now() });
    return this.getView(auth.userId);
  }
}
