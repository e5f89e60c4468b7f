import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module';
import { UsersModule } from '../users/users.module';
import { AuditExportController } from './audit-export.controller';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

@Module({
  imports: [ReportsModule, UsersModule],
  controllers: [ExportsController, AuditExportController],
  providers: [ExportsService],
  exports: [ExportsService],
})
export class ExportsModule {}
