import { Module } from '@nestjs/common';
import { WechatModule } from '../wechat/wechat.module';
import { ContentCheckService } from './content-check.service';
import { ContentRecheckJob } from './content-recheck.job';
import { MediaCheckService } from './media-check.service';
import { MiniProgramPushController } from './mini-program-push.controller';

/** WeChat's content security on what residents and staff write and upload (WECHAT.md §5). */
@Module({
  imports: [WechatModule],
  controllers: [MiniProgramPushController],
  providers: [ContentCheckService, MediaCheckService, ContentRecheckJob],
  exports: [ContentCheckService, MediaCheckService],
})
export class ContentCheckModule {}
