import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProjectsModule } from '../projects/projects.module';
import { BudgetLine } from './budget-line.entity';
import { KpiResult } from './kpi-result.entity';
import { ReportChanges } from './report-changes';
import { ReportRevision } from './report-revision.entity';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';
import { ResultReport } from './result-report.entity';

@Module({
  imports: [ProjectsModule, TypeOrmModule.forFeature([ResultReport, BudgetLine, KpiResult, ReportRevision])],
  controllers: [ReportsController],
  providers: [ReportsService, ReportsRepository, ReportChanges],
  exports: [ReportsService, ReportsRepository, ReportChanges],
})
export class ReportsModule {}
