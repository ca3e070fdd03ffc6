import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { UserView } from '@linli/shared';
import { Repository } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { User } from './user.entity';
import { toUserView } from './user.view';

@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  async getView(userId: number): Promise<UserView> {
    const user = await this.users.findOneBy({ id: userId });
    if (!user) throw new AppError('UNAUTHENTICATED', '账号不存在，请重新登录');
    return toUserView(user);
  }
}
