import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { OrganizationActor } from '../access/actor';
import { actorEvent, AuditLog } from '../audit/audit-log';
import { todayInJapan } from '../common/dates';
import { fiscalYearLabel } from '../common/era-input';
import { Transactions } from '../infra/database/transactions';
import { OutboxRepository } from '../outbox/outbox.repository';
import { ReportsRepository } from '../reports/report/reports.repository';
import { ReviewsRepository } from '../reports/reviews/reviews.repository';
import { CycleDeadlinesRequest, CycleView } from './cycles.dto';
import { CyclesRepository } from './cycles.repository';
import { CycleStatus, FiscalYearCycle } from './fiscal-year-cycle.entity';
import { refusePassedSubmissionDueDate } from './submission-due-date';

/**
 * The workflow event of an opinion whose due date moved: ReviewDeadlines (src/notifications/review-deadlines.ts)
 * replaces its reminders with ones for the new date.
 */
const ASSIGNMENT_DUE_DATE_CHANGED_EVENT = 'assignment.due_date_changed';

/** The notice to a department with reports of the year still to submit that their submission deadline moved. */
const CYCLE_DEADLINE_CHANGED_EVENT = 'cycle.deadline_changed';

/**
 * 409 for deadlines sent from a read before another change (another tab, or another planner or administrator): sent
 * whole, as they are (a date left out is cleared), they would put back what that change moved. The year now is in the
 * details, to apply the change to.
 */
export class DeadlinesChangedMeanwhileException extends ConflictException {
  constructor(readonly current: CycleView) {
    super({
      message:
        "The year's deadlines were changed since they were read; nothing was changed. Read them again and apply your change.",
      details: { current },
    });
  }
}

/**
 * Moving the deadlines of a year under way (planning or an administrator). The submission deadline is read wherever
 * it is shown, and the departments that still have a report of the year to submit are told of a new one; opinions still awaited that were due on the year's review due date (the date offered when they were
 * asked) move with it, and their reminders follow. A due date set otherwise for one report stays as it was. Deadlines
 * read before another change (their checksum is no longer the year's) are refused: 409, nothing moved, audited or told.
 */
@Injectable()
export class CycleDeadlinesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly cycles: CyclesRepository,
    private readonly reports: ReportsRepository,
    private readonly reviews: ReviewsRepository,
    private readonly outbox: OutboxRepository,
    private readonly audit: AuditLog,
  ) {}

  async change(
    actor: OrganizationActor,
    cycleId: string,
    request: CycleDeadlinesRequest,
  ): Promise<{ cycle: FiscalYearCycle; movedAssignments: number; changed: boolean }> {
    const reviewDueDate = request.reviewDueDate ?? null;
    if (reviewDueDate && reviewDueDate < request.submissionDueDate)
      throw new BadRequestException({
        message: 'The review is due before the reports are.',
        details: [{ path: '/reviewDueDate', message: 'reviewDueDate must not be before submissionDueDate' }],
      });
    return this.transactions.run(async (manager) => {
      const cycle = await this.cycles.lock(manager, actor.organizationId, cycleId);
      if (!cycle) throw new NotFoundException('Cycle not found.');
      if (cycle.status === CycleStatus.Closed)
        throw new ConflictException('The deadlines of a closed cycle cannot be changed.');
      const previous = { submissionDueDate: cycle.submissionDueDate, reviewDueDate: cycle.reviewDueDate };
      // The deadlines as they are, sent again: nothing to change, whatever was read, as it puts nothing back.
      if (previous.submissionDueDate === request.submissionDueDate && previous.reviewDueDate === reviewDueDate)
        return { cycle, movedAssignments: 0, changed: false };
      // Before the dates' own checks: those of deadlines read before another change are not the ones to correct.
      const current = CycleView.from(cycle);
      if (request.deadlinesChecksum !== current.deadlinesChecksum)
        throw new DeadlinesChangedMeanwhileException(current);
      // A deadline kept as it was is not checked again: moving the review date alone still works once it has passed.
      if (request.submissionDueDate !== previous.submissionDueDate)
        refusePassedSubmissionDueDate(cycle.fiscalYear, request.submissionDueDate);
      // Moving awaited opinions to a day gone by would make them overdue at once.
      if (reviewDueDate && reviewDueDate !== previous.reviewDueDate && reviewDueDate < todayInJapan())
        throw new BadRequestException({
          message: 'The new review due date has already passed.',
          details: [{ path: '/reviewDueDate', message: 'reviewDueDate must be today or later' }],
        });
      cycle.submissionDueDate = request.submissionDueDate;
      cycle.reviewDueDate = reviewDueDate;
      await this.cycles.save(manager, cycle);
      const moved =
        previous.reviewDueDate && reviewDueDate && previous.reviewDueDate !== reviewDueDate
          ? await this.reviews.moveAwaitedDueDates(
              manager,
              actor.organizationId,
              cycle.fiscalYear,
              previous.reviewDueDate,
              reviewDueDate,
            )
          : [];
      const departmentsToTell =
        previous.submissionDueDate !== cycle.submissionDueDate
          ? await this.reports.departmentsWithReportsToSubmit(manager, actor.organizationId, cycle.fiscalYear)
          : [];
      await this.audit.append(
        manager,
        actorEvent(
          actor,
          'cycle.deadlines_changed',
          { type: 'fiscal_year_cycle', id: cycle.id },
          {
            fiscalYear: cycle.fiscalYear,
            submissionDueDate: { from: previous.submissionDueDate, to: cycle.submissionDueDate },
            reviewDueDate: { from: previous.reviewDueDate, to: cycle.reviewDueDate },
            movedAssignmentIds: moved.map((assignment) => assignment.id),
          },
        ),
      );
      await this.outbox.enqueue(manager, [
        ...moved.map((assignment) => ({
          organizationId: actor.organizationId,
          type: ASSIGNMENT_DUE_DATE_CHANGED_EVENT,
          reportId: assignment.reportId,
          actorUserId: actor.userId,
          payload: {
            assignmentId: assignment.id,
            expertUserId: assignment.expertUserId,
            dueDate: assignment.dueDate,
            previousDueDate: previous.reviewDueDate,
          },
        })),
        ...departmentsToTell.map((departmentId) => ({
          organizationId: actor.organizationId,
          type: CYCLE_DEADLINE_CHANGED_EVENT,
          actorUserId: actor.userId,
          payload: {
            departmentId,
            fiscalYear: cycle.fiscalYear,
            fiscalYearLabel: fiscalYearLabel(cycle.fiscalYear),
            submissionDueDate: cycle.submissionDueDate,
            previousSubmissionDueDate: previous.submissionDueDate,
          },
        })),
      ]);
      return { cycle, movedAssignments: moved.length, changed: true };
    });
  }
}
