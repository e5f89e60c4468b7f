import { DynamicModule, Module } from '@nestjs/common';
import { AuditCheckpointsModule } from '../audit/audit-checkpoints.module';
import { AuditModule } from '../audit/audit.module';
import { AppConfig } from '../infra/config/app-config';
import { ConfigModule } from '../infra/config/config.module';
import { DatabaseModule } from '../infra/database/database.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { UsersModule } from '../users/users.module';
import { AuditCheckpointCommand } from './audit-checkpoint.command';
import { AuditVerifyCommand } from './audit-verify.command';
import { CreateAdminCommand } from './create-admin.command';
import { GrantOperatorCommand } from './grant-operator.command';

/** Commands for operators (npm run cli -- <command>); no HTTP server, no worker. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        AuditModule,
        OrganizationsModule,
        AuditCheckpointsModule.forRoot(OrganizationsModule),
        UsersModule,
      ],
      providers: [CreateAdminCommand, AuditVerifyCommand, AuditCheckpointCommand, GrantOperatorCommand],
    };
  }
}
