import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntriesRepository } from './audit-entries.repository';
import { AuditController } from './audit.controller';
import { AuditEntry } from './audit-entry.entity';
import { AuditLog } from './audit-log';
import { AuditTrail } from './audit-trail';

/** Global: every module writes to the audit log. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntry])],
  controllers: [AuditController],
  providers: [AuditEntriesRepository, AuditLog, AuditTrail],
  exports: [AuditLog, AuditTrail],
})
export class AuditModule {}
