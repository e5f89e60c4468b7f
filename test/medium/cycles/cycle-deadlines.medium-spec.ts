import { BadRequestException } from '@nestjs/common';
import { fiscalYearInJapan } from '../../../src/common/dates';
import { CycleDeadlinesService } from '../../../src/cycles/cycle-deadlines.service';
import { CycleView } from '../../../src/cycles/cycles.dto';
import { CyclesService } from '../../../src/cycles/cycles.service';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { dueInDays, type GivenMunicipality } from '../support/given';
import { createMediumApp, type MediumApp, refusalOf } from '../support/medium-app';

describe('CycleDeadlinesService: telling the departments of a moved submission deadline', () => {
  let app: MediumApp;
  let deadlines: CycleDeadlinesService;
  let cycles: CyclesService;

  beforeAll(async () => {
    app = await createMediumApp();
    deadlines = app.get(CycleDeadlinesService);
    cycles = app.get(CyclesService);
  });

  /** The checksum of the year's deadlines as read now, sent with a change as a page or client does. */
  const read = async (town: GivenMunicipality, cycleId: string) =>
    CycleView.from(await cycles.get(town.organization.id, cycleId)).deadlinesChecksum;

  afterAll(() => app?.close());

  const notices = async (town: GivenMunicipality) =>
    (await app.outbox({ organizationId: town.organization.id })).filter(
      (notice) => notice.type === 'cycle.deadline_changed',
    );

  it('tells each department with a report of the year still to submit, once, with the old and new deadline', async () => {
    const town = await app.given.municipality();
    const tourism = await app.given.department(town.organization, '観光課');
    const allSubmitted = await app.given.department(town.organization, '農政課');
    const otherYearOnly = await app.given.department(town.organization, '建設課');
    await app.given.report(await app.given.project(town.department), { fiscalYear: 2024 });
    await app.given.report(await app.given.project(town.department), { fiscalYear: 2024 });
    // A returned report is a draft again: its department still has it to submit.
    const returned = await app.given.report(await app.given.project(tourism), { fiscalYear: 2024 });
    await app.given.returned(returned, town.planner);
    await app.given.report(await app.given.project(allSubmitted), {
      fiscalYear: 2024,
      status: ReportStatus.Submitted,
    });
    await app.given.report(await app.given.project(otherYearOnly), { fiscalYear: 2023 });
    const cycle = await app.given.cycle(town.organization, 2024, '2027-01-29', town.admin);

    await deadlines.change(town.planner.actor, cycle.id, {
      submissionDueDate: '2027-01-15',
      deadlinesChecksum: await read(town, cycle.id),
    });

    const told = await notices(town);
    expect(told.map((notice) => notice.payload.departmentId).sort()).toEqual([town.department.id, tourism.id].sort());
    expect(told[0].payload).toEqual({
      departmentId: expect.any(String),
      fiscalYear: 2024,
      fiscalYearLabel: 'R6年度',
      submissionDueDate: '2027-01-15',
      previousSubmissionDueDate: '2027-01-29',
    });
  });

  it('tells no department when only the review due date moves, or nothing does', async () => {
    const town = await app.given.municipality();
    await app.given.report(await app.given.project(town.department), { fiscalYear: 2024 });
    const cycle = await app.given.cycle(town.organization, 2024, dueInDays(10), town.admin);

    await deadlines.change(town.planner.actor, cycle.id, {
      submissionDueDate: dueInDays(10),
      deadlinesChecksum: await read(town, cycle.id),
    });
    await deadlines.change(town.planner.actor, cycle.id, {
      submissionDueDate: dueInDays(10),
      reviewDueDate: dueInDays(30),
      deadlinesChecksum: await read(town, cycle.id),
    });

    expect(await notices(town)).toEqual([]);
  });
});

describe('CycleDeadlinesService: a submission deadline gone by', () => {
  let app: MediumApp;
  let deadlines: CycleDeadlinesService;
  let cycles: CyclesService;
  const thisYear = fiscalYearInJapan();

  beforeAll(async () => {
    app = await createMediumApp();
    deadlines = app.get(CycleDeadlinesService);
    cycles = app.get(CyclesService);
  });

  afterAll(() => app?.close());

  const read = async (town: GivenMunicipality, cycleId: string) =>
    CycleView.from(await cycles.get(town.organization.id, cycleId)).deadlinesChecksum;
  const audited = async (town: GivenMunicipality) =>
    (
      await app.dataSource.query(
        `SELECT count(*)::int AS count FROM audit_entries WHERE organization_id = $1 AND action = 'cycle.deadlines_changed'`,
        [town.organization.id],
      )
    )[0].count as number;

  it('is refused (400, naming the field) as the new deadline of the year under way, and nothing changes', async () => {
    const town = await app.given.municipality();
    await app.given.report(await app.given.project(town.department), { fiscalYear: thisYear });
    const cycle = await app.given.cycle(town.organization, thisYear, dueInDays(10), town.admin);

    const refusal = await refusalOf(
      deadlines.change(town.planner.actor, cycle.id, {
        submissionDueDate: dueInDays(-1),
        deadlinesChecksum: await read(town, cycle.id),
      }),
    );

    expect(refusal).toBeInstanceOf(BadRequestException);
    expect(refusal.getResponse()).toMatchObject({
      details: [{ path: '/submissionDueDate', message: 'submissionDueDate must be today or later' }],
    });
    expect(await cycles.get(town.organization.id, cycle.id)).toMatchObject({ submissionDueDate: dueInDays(10) });
    expect(await audited(town)).toBe(0);
    expect(await app.outbox({ organizationId: town.organization.id })).toEqual([]);
  });

  it('is not checked again when it stays as it is: the review due date still moves', async () => {
    const town = await app.given.municipality();
    const cycle = await app.given.cycle(town.organization, thisYear, dueInDays(-3), town.admin);

    const { changed } = await deadlines.change(town.planner.actor, cycle.id, {
      submissionDueDate: dueInDays(-3),
      reviewDueDate: dueInDays(20),
      deadlinesChecksum: await read(town, cycle.id),
    });

    expect(changed).toBe(true);
    expect(await cycles.get(town.organization.id, cycle.id)).toMatchObject({
      submissionDueDate: dueInDays(-3),
      reviewDueDate: dueInDays(20),
    });
  });

  it('may be recorded for a year whose verification year is over', async () => {
    const town = await app.given.municipality();
    const cycle = await app.given.cycle(town.organization, thisYear - 2, dueInDays(10), town.admin);

    await deadlines.change(town.planner.actor, cycle.id, {
      submissionDueDate: dueInDays(-30),
      deadlinesChecksum: await read(town, cycle.id),
    });

    expect(await cycles.get(town.organization.id, cycle.id)).toMatchObject({ submissionDueDate: dueInDays(-30) });
  });
});
