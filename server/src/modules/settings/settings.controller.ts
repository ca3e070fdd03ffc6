import { Body, Controller, Delete, Get, Inject, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SettingView, WechatTemplatesView } from '@linli/shared';
import type { AuthUser } from '../../common/auth/auth-user';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { DEFAULT_TEMPLATE_CATALOG, templateCatalogReport } from '../../config/wechat-templates';
import { SettingsService } from './settings.service';

/** Managers read what is in force (it shapes their approvals and urges); only admins change it. */
const READERS = ['manager', 'admin'] as const;

@ApiTags('admin')
@Controller('admin')
export class SettingsController {
  constructor(
    private readonly settings: SettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('settings')
  @Authenticated({ roles: READERS })
  @ApiOperation({ summary: '系统设置：每组的当前值、环境默认值与是否已修改' })
  list(): Promise<SettingView[]> {
    return this.settings.list();
  }

  @Put('settings/:key')
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: '修改一组设置（整组替换，下一次请求起生效）' })
  put(@Auth() auth: AuthUser, @Param('key') key: string, @Body() body: unknown): Promise<SettingView> {
    return this.settings.put(auth, key, body);
  }

  @Delete('settings/:key')
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: '恢复环境默认值' })
  reset(@Auth() auth: AuthUser, @Param('key') key: string): Promise<SettingView> {
    return this.settings.reset(auth, key);
  }

  @Get('wechat-templates')
  @Authenticated({ roles: ['admin'] })
  @ApiOperation({ summary: '微信模板对应关系与校验结果（只读，来自 WECHAT_TEMPLATES）' })
  templates(): WechatTemplatesView {
    const catalog = this.config.wechat.templates;
    const slots = templateCatalogReport(catalog);
    return {
      source: catalog === DEFAULT_TEMPLATE_CATALOG ? 'demo' : 'environment',
      valid: slots.every((slot) => slot.problems.length === 0),
      slots,
    };
  }
}
