import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HousesModule } from '../houses/houses.module';
import { User } from '../users/user.entity';
import { UsersModule } from '../users/users.module';
import { WechatModule } from '../wechat/wechat.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { PcLoginController, SessionsController } from './pc-login.controller';
import { PcLogin } from './pc-login.entity';
import { PcLoginService } from './pc-login.service';
import { RefreshToken } from './refresh-token.entity';
import { TokenService } from './token.service';

@Module({
  imports: [TypeOrmModule.forFeature([RefreshToken, User, PcLogin]), WechatModule, UsersModule, HousesModule],
  controllers: [AuthController, PcLoginController, SessionsController],
  providers: [AuthService, TokenService, PcLoginService],
  exports: [TokenService],
})
export class AuthModule {}
