import { Module } from '@nestjs/common';
import { SettingsController } from './settings.controller';
import { SettingsService } from './settings.service';

/** 系统设置 kept in the database over the environment's defaults (issue 14 §7). */
@Module({ controllers: [SettingsController], providers: [SettingsService] })
export class SettingsModule {}
