import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { OrganizationScopeInterceptor } from '../access/organization-scope.interceptor';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditCheckpointsModule } from '../audit/audit-checkpoints.module';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { CyclesModule } from '../cycles/cycles.module';
import { CommitteePacksModule } from '../committee-packs/committee-packs.module';
import { ExportsModule } from '../exports/exports.module';
import { HealthModule } from '../health/health.module';
import { ImportsModule } from '../imports/imports.module';
import { InvitationsModule } from '../invitations/invitations.module';
import { AppConfig } from '../infra/config/app-config';
import { ConfigModule } from '../infra/config/config.module';
import { DatabaseModule } from '../infra/database/database.module';
import { LoggingModule } from '../infra/logging/logging.module';
import { QueueModule } from '../infra/queue/queue.module';
import { RedisModule } from '../infra/redis/redis.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { OutboxModule } from '../outbox/outbox.module';
import { ProjectsModule } from '../projects/projects.module';
import { ReportsModule } from '../reports/reports.module';
import { ReviewLinksModule } from '../review-links/review-links.module';
import { TasksModule } from '../tasks/tasks.module';
import { UsersModule } from '../users/users.module';
import { WebModule } from '../web/web.module';
import { WorkersModule } from './workers.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        DatabaseModule,
        RedisModule,
        QueueModule,
        AuditModule,
        OutboxModule,
        OrganizationsModule,
        AuditCheckpointsModule.forRoot(OrganizationsModule),
        UsersModule,
        AuthModule,
        InvitationsModule,
        AccountsModule,
        ReviewLinksModule,
        ProjectsModule,
        ReportsModule,
        CyclesModule,
        TasksModule,
        ImportsModule,
        ExportsModule,
        CommitteePacksModule,
        NotificationsModule,
        HealthModule,
        WebModule,
        ...(config.runWorker ? [WorkersModule] : []),
      ],
      providers: [{ provide: APP_INTERCEPTOR, useClass: OrganizationScopeInterceptor }],
    };
  }
}
