import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AccountsModule } from '../accounts/accounts.module';
import { ReviewLinksModule } from '../review-links/review-links.module';
import { AuthModule } from '../auth/auth.module';
import { CommitteePacksModule } from '../committee-packs/committee-packs.module';
import { CyclesModule } from '../cycles/cycles.module';
import { ImportsModule } from '../imports/imports.module';
import { InvitationsModule } from '../invitations/invitations.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ProjectsModule } from '../projects/projects.module';
import { PublicationModule } from '../publication/publication.module';
import { ReportsModule } from '../reports/reports.module';
import { TasksModule } from '../tasks/tasks.module';
import { UsersModule } from '../users/users.module';
import { AccountPagesController } from './account-pages.controller';
import { AdminController } from './admin.controller';
import { AssessmentOptionsPagesController } from './assessment-options-pages.controller';
import { ReviewSettingsPagesController } from './review-settings-pages.controller';
import { AuditPageController } from './audit-page.controller';
import { CsrfMiddleware } from './csrf.middleware';
import { FormSubmissions } from './form-submissions';
import { RepeatedSubmissionInterceptor } from './repeated-submission.interceptor';
import { CycleDeadlinesPagesController } from './cycles/cycle-deadlines-pages.controller';
import { CyclePagesController } from './cycles/cycle-pages.controller';
import { ExpertController } from './expert.controller';
import { ImportPageController } from './imports/import-page.controller';
import { InboxPageController } from './inbox-page.controller';
import { InvitationPagesController } from './invitation-pages.controller';
import { MemberAccountPagesController } from './member-account-pages.controller';
import { PageRenderer } from './page-renderer';
import { PasswordResetPagesController } from './password-reset-pages.controller';
import { PublicExceptionFilter } from './public/public-exception.filter';
import { PublicFeedController } from './public/public-feed.controller';
import { PublicPagesController } from './public/public-pages.controller';
import { SitemapController } from './public/sitemap.controller';
import { CommitteePackPagesController } from './planning/committee-pack-pages.controller';
import { PlanningController } from './planning/planning.controller';
import { ExpertsPageController } from './planning/experts-page.controller';
import { YearAcceptancePagesController } from './planning/year-acceptance-pages.controller';
import { YearPublicationPagesController } from './planning/year-publication-pages.controller';
import { LedgerPageController } from './projects/ledger-page.controller';
import { ProjectPagesController } from './projects/project-pages.controller';
import { ReportActionsController } from './reports/report-actions.controller';
import { ReportFormController } from './reports/report-form.controller';
import { ReportPageExceptionFilter } from './reports/report-page-exception.filter';
import { ReportPages } from './reports/report-pages';
import { ReportViewController } from './reports/report-view.controller';
import { ReviewLinkPagesController } from './review-link-pages.controller';
import { SignInController } from './sign-in.controller';
import { UploadMiddleware } from './upload.middleware';
import { WebExceptionFilter } from './web-exception.filter';
import { KeptChoicesReader } from './kept-choices-reader';

/** Every page controller; a forged form to one of these gets an explanatory page (the API answers 403 JSON). */
const PAGE_CONTROLLERS = [
  SignInController,
  ReportFormController,
  ProjectPagesController,
  LedgerPageController,
  ReportViewController,
  ReportActionsController,
  ExpertController,
  PlanningController,
  ExpertsPageController,
  YearAcceptancePagesController,
  YearPublicationPagesController,
  CommitteePackPagesController,
  AdminController,
  AuditPageController,
  CyclePagesController,
  CycleDeadlinesPagesController,
  InboxPageController,
  ImportPageController,
  InvitationPagesController,
  PasswordResetPagesController,
  ReviewLinkPagesController,
  MemberAccountPagesController,
  AssessmentOptionsPagesController,
  ReviewSettingsPagesController,
  AccountPagesController,
];

/**
 * Server-rendered pages for owners, experts, the planning division and administrators. Controllers call the same
 * services as the API, so authorization and workflow rules are enforced in one place.
 */
@Module({
  imports: [
    AuthModule,
    UsersModule,
    OrganizationsModule,
    ProjectsModule,
    ReportsModule,
    NotificationsModule,
    CyclesModule,
    ImportsModule,
    CommitteePacksModule,
    InvitationsModule,
    AccountsModule,
    ReviewLinksModule,
    TasksModule,
    PublicationModule,
  ],
  // The public site sets no cookie, so a shared cache may keep its pages: no CSRF middleware, no session.
  controllers: [...PAGE_CONTROLLERS, SitemapController, PublicPagesController, PublicFeedController],
  providers: [
    PageRenderer,
    ReportPages,
    WebExceptionFilter,
    KeptChoicesReader,
    ReportPageExceptionFilter,
    PublicExceptionFilter,
    FormSubmissions,
    // App-wide as Nest binds interceptors, but it acts only on what the page forms carry.
    { provide: APP_INTERCEPTOR, useClass: RepeatedSubmissionInterceptor },
  ],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // The uploads' forms carry their CSRF token in the multipart body: read it first.
    consumer.apply(UploadMiddleware).forRoutes(CommitteePackPagesController, ImportPageController);
    consumer.apply(CsrfMiddleware).forRoutes(...PAGE_CONTROLLERS);
  }
}
