import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditCheckpointFiles } from './audit-checkpoint-files';
import { AuditEntriesRepository } from './audit-entries.repository';
import { AuditController } from './audit.controller';
import { AuditEntry } from './audit-entry.entity';
import { AuditLog } from './audit-log';
import { AuditSealer } from './audit-sealer';
import { AuditSigningKey } from './audit-signing-key';
import { AuditTrail } from './audit-trail';

/** Global: every module writes to the audit log. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntry])],
  controllers: [AuditController],
  providers: [AuditEntriesRepository, AuditLog, AuditSealer, AuditTrail, AuditSigningKey, AuditCheckpointFiles],
  exports: [AuditLog, AuditSealer, AuditTrail, AuditSigningKey, AuditCheckpointFiles],
})
export class AuditModule {}
