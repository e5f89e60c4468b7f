import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AppConfig } from '../infra/config/app-config';
import { ConfigModule } from '../infra/config/config.module';
import { DatabaseModule } from '../infra/database/database.module';

/** What a thread of audit:verify needs to verify a chain: the audit module on the database, nothing else. */
@Module({})
export class ChainVerifierModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ChainVerifierModule, imports: [ConfigModule.forRoot(config), DatabaseModule, AuditModule] };
  }
}
