import { Module } from '@nestjs/common';
import { OwnerRegisterController } from './owner-register.controller';
import { OwnerRegisterService } from './owner-register.service';

/** Issue 14.3: the owner register's import (dry run, commit) and export for admins and managers. */
@Module({ controllers: [OwnerRegisterController], providers: [OwnerRegisterService] })
export class OwnerRegisterModule {}
