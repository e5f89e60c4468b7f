import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProjectsModule } from '../projects/projects.module';
import { UsersModule } from '../users/users.module';
import { PlanFollowers } from './changes/plan-followers';
import { ReportChanges } from './changes/report-changes';
import { ReportDrafts } from './changes/report-drafts';
import { ReportEditions } from './changes/report-editions';
import { ReportRevisions } from './changes/report-revisions';
import { AssessmentOptionsController } from './assessment-options.controller';
import { AssessmentOptionsService } from './assessment-options.service';
import { LedgerController } from './ledger/ledger.controller';
import { AssessmentOption } from './report/assessment-option.entity';
import { AssessmentOptions } from './report/assessment-options';
import { AssessmentOptionsRepository } from './report/assessment-options.repository';
import { LedgerService } from './ledger/ledger.service';
import { BudgetLine } from './report/budget-line.entity';
import { KpiResult } from './report/kpi-result.entity';
import { ReportEdition } from './report/report-edition.entity';
import { ReportEditionsRepository } from './report/report-editions.repository';
import { ReportPlan } from './report/report-plan.entity';
import { ReportReader } from './report/report-reader';
import { ReportRevision } from './report/report-revision.entity';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './report/reports.repository';
import { ReportsService } from './reports.service';
import { ResultReport } from './report/result-report.entity';
import { ReportComment } from './reviews/report-comment.entity';
import { ReviewAlternate } from './reviews/review-alternate.entity';
import { ReviewAlternatesController } from './reviews/review-alternates.controller';
import { ReviewAlternatesRepository } from './reviews/review-alternates.repository';
import { ReviewAlternatesService } from './reviews/review-alternates.service';
import { ReviewAssignment } from './reviews/review-assignment.entity';
import { ReviewSettings } from './reviews/review-settings.entity';
import { ReminderTemplate } from './reviews/reminder-template.entity';
import { ReminderTemplatesRepository } from './reviews/reminder-templates.repository';
import { ReviewSettingsController } from './reviews/review-settings.controller';
import { ReviewSettingsService } from './reviews/review-settings.service';
import { ReviewSettingsRepository } from './reviews/review-settings.repository';
import { ReviewsController } from './reviews/reviews.controller';
import { ExpertStatisticsController } from './reviews/expert-statistics.controller';
import { ReviewsRepository } from './reviews/reviews.repository';
import { ReviewsService } from './reviews/reviews.service';
import { BulkAcceptanceController } from './workflow/bulk-acceptance.controller';
import { BulkAcceptanceService } from './workflow/bulk-acceptance.service';
import { BulkChanges } from './workflow/bulk-changes';
import { BulkPublicationController } from './workflow/bulk-publication.controller';
import { BulkPublicationService } from './workflow/bulk-publication.service';
import { WorkflowController } from './workflow/workflow.controller';
import { WorkflowService } from './workflow/workflow.service';

/**
 * The report aggregate: the report and its status, the rules, the change runner, the transitions and the reviews.
 * One module, because they share one row lock and one change path.
 */
@Module({
  imports: [
    ProjectsModule,
    UsersModule,
    TypeOrmModule.forFeature([
      ResultReport,
      BudgetLine,
      KpiResult,
      ReportRevision,
      ReportPlan,
      ReportEdition,
      ReviewAssignment,
      ReportComment,
      ReviewSettings,
      ReminderTemplate,
      ReviewAlternate,
      AssessmentOption,
    ]),
  ],
  controllers: [
    ReportsController,
    WorkflowController,
    BulkPublicationController,
    BulkAcceptanceController,
    ReviewsController,
    ReviewAlternatesController,
    ExpertStatisticsController,
    ReviewSettingsController,
    LedgerController,
    AssessmentOptionsController,
  ],
  providers: [
    ReportsService,
    ReportsRepository,
    ReportReader,
    ReportChanges,
    ReportDrafts,
    ReportRevisions,
    ReportEditions,
    ReportEditionsRepository,
    PlanFollowers,
    WorkflowService,
    BulkChanges,
    BulkPublicationService,
    BulkAcceptanceService,
    ReviewsService,
    ReviewsRepository,
    ReviewSettingsRepository,
    ReviewAlternatesRepository,
    ReviewAlternatesService,
    ReminderTemplatesRepository,
    ReviewSettingsService,
    LedgerService,
    AssessmentOptions,
    AssessmentOptionsRepository,
    AssessmentOptionsService,
  ],
  exports: [
    ReportsService,
    ReportsRepository,
    ReportReader,
    ReportChanges,
    ReportDrafts,
    WorkflowService,
    BulkPublicationService,
    BulkAcceptanceService,
    ReviewsService,
    ReviewsRepository,
    ReviewSettingsRepository,
    ReviewAlternatesService,
    ReminderTemplatesRepository,
    ReviewSettingsService,
    LedgerService,
    AssessmentOptions,
    AssessmentOptionsService,
  ],
})
export class ReportsModule {}
