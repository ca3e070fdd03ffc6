import { createSecretKey } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ReferenceModule } from './modules/reference/reference.module';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppLogger } from './common/logging/app-logger';
import { loggerParams } from './common/logging/request-logging';
import { AuthGuard } from './common/auth/auth.guard';
import { ClockModule } from './common/clock/clock';
import { IdempotencyModule } from './common/idempotency/idempotency.module';
import { RateLimitGuard } from './common/rate-limit/rate-limit.guard';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import { SharedStoreModule } from './common/shared-store/shared-store.module';
import { GlobalExceptionFilter } from './common/errors/global-exception.filter';
import type { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions, openDataSource } from './database/data-source';
import { AccessModule } from './modules/access/access.module';
import { PrivacyModule } from './modules/privacy/privacy.module';
import { AuthModule } from './modules/auth/auth.module';
import { CategoriesModule } from './modules/categories/categories.module';
import { DevModule } from './modules/dev/dev.module';
import { HealthModule } from './modules/health/health.module';
import { HousesModule } from './modules/houses/houses.module';
import { PhotosModule } from './modules/photos/photos.module';
import { PublicModule } from './modules/public/public.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { RequestsModule } from './modules/requests/requests.module';
import { SlaModule } from './modules/sla/sla.module';
import { EscalationsModule } from './modules/escalations/escalations.module';
import { ApprovalsModule } from './modules/approvals/approvals.module';
import { ScheduleModule } from '@nestjs/schedule';
import { UsersModule } from './modules/users/users.module';
import { EstateModule } from './modules/estate/estate.module';
import { OwnerRegisterModule } from './modules/owner-register/owner-register.module';
import { SettingsModule } from './modules/settings/settings.module';
import { AdminAuditModule } from './modules/admin-audit/admin-audit.module';
import { StaffAdminModule } from './modules/staff-admin/staff-admin.module';

export interface AppModuleOptions {
  /** Where request logs go instead of stdout (tests read them). */
  logStream?: DestinationStream;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, options.logStream)),
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(config.databaseUrl, config.database),
          dataSourceFactory: (options) => openDataSource(options!, config.database),
        }),
        JwtModule.register({
          global: true,
          // A KeyObject once: given the string, jsonwebtoken re-parses it as a key on every verify (~0.5 ms).
          secret: createSecretKey(Buffer.from(config.tokenSecret, 'utf8')) as unknown as string,
          // Pinned both ways: a token in any other algorithm is forged, whatever its signature.
          signOptions: { algorithm: 'HS256' },
          verifyOptions: { algorithms: ['HS256'] },
        }),
        ClockModule,
        ReferenceModule,
        SharedStoreModule,
        RateLimitModule,
        IdempotencyModule,
        AccessModule,
        PrivacyModule,
        HealthModule,
        PublicModule,
        UsersModule,
        AuthModule,
        HousesModule,
        CategoriesModule,
        RequestsModule,
        PhotosModule,
        NotificationsModule,
        SlaModule,
        ScheduleModule.forRoot(),
        EscalationsModule,
        ApprovalsModule,
        EstateModule,
        OwnerRegisterModule,
        SettingsModule,
        AdminAuditModule,
        StaffAdminModule,
        ...(config.demoLogin === 'off' ? [] : [DevModule]),
      ],
      providers: [
        AppLogger,
        // In this order: limits count per user, so they need the caller the auth guard found.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_FILTER, useClass: GlobalExceptionFilter },
      ],
    };
  }
}
