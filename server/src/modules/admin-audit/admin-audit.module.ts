import { Global, Module } from '@nestjs/common';
import { AdminAuditController } from './admin-audit.controller';
import { AdminAudit } from './admin-audit.service';

/** Global: every admin module records its changes through `AdminAudit.record`. */
@Global()
@Module({ controllers: [AdminAuditController], providers: [AdminAudit], exports: [AdminAudit] })
export class AdminAuditModule {}
