import { Controller, Get, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { ReportListItem } from '../reports/reports.controller';
import { ReportsService } from '../reports/reports.service';
import { ACTIVE_ASSIGNMENT_STATUSES } from '../reports/rules/assignment-status';
import { AssignmentView } from '../reports/reviews/reviews.dto';
import { ReviewsService } from '../reports/reviews/reviews.service';
import { Role } from '../access/role';
import { todayInJapan } from '../common/dates';
import { PageRenderer } from './page-renderer';
import { allReports } from './reports/all-reports';
import { WebExceptionFilter } from './web-exception.filter';

/** An external expert's reports: what is assigned to them, by due date. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('o/:organizationId')
export class ExpertController {
  constructor(
    private readonly reports: ReportsService,
    private readonly reviews: ReviewsService,
    private readonly pages: PageRenderer,
  ) {}

  @Allow(Role.ExternalExpert)
  @Get('assignments')
  async assignments(@CurrentActor() actor: OrganizationActor, @Res() response: Response): Promise<void> {
    const today = todayInJapan();
    const rows = [];
    for (const report of await allReports(this.reports, actor, {})) {
      const own = (await this.reviews.listAssignments(actor, report.id)).find(
        (assignment) =>
          assignment.expertUserId === actor.userId && ACTIVE_ASSIGNMENT_STATUSES.includes(assignment.status),
      );
      if (own)
        rows.push({
          report: ReportListItem.from(report),
          assignment: AssignmentView.from(own),
          overdue: !own.opinionSubmittedAt && own.dueDate < today,
        });
    }
    rows.sort((a, b) => a.assignment.dueDate.localeCompare(b.assignment.dueDate));
    return this.pages.render(response, 'assignments.njk', {
      waiting: rows.filter((row) => !row.assignment.opinionSubmittedAt),
      done: rows.filter((row) => row.assignment.opinionSubmittedAt),
    });
  }
}
