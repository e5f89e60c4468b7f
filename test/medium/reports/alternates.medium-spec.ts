import { ConflictException } from '@nestjs/common';
import { PanelRating } from '../../../src/reports/report/assessment';
import { ReviewAlternatesService } from '../../../src/reports/reviews/review-alternates.service';
import { AssignmentStatus } from '../../../src/reports/rules/assignment-status';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { WorkflowService } from '../../../src/reports/workflow/workflow.service';
import type { GivenMunicipality } from '../support/given';
import { createMediumApp, type MediumApp, refusalOf } from '../support/medium-app';

describe('ReviewAlternatesService: the list of alternates, as read and saved by two planners at once', () => {
  let app: MediumApp;
  let alternates: ReviewAlternatesService;
  let town: GivenMunicipality;

  beforeAll(async () => {
    app = await createMediumApp();
    alternates = app.get(ReviewAlternatesService);
    town = await app.given.municipality();
  });

  afterAll(() => app?.close());

  const inReview = async () =>
    app.given.report(await app.given.project(town.department), { status: ReportStatus.InExpertReview });
  const listed = async (reportId: string) =>
    (await alternates.list(town.planner.actor, reportId)).map((alternate) => alternate.expertUserId);

  it('is kept beside the report: audited with the lists before and after, the version and revisions as they were', async () => {
    const report = await inReview();
    const read = await app.footprint(report.id);

    const saved = await alternates.replace(town.planner.actor, report.id, [town.expertA.id], []);

    expect(saved.changed).toBe(true);
    expect(await app.footprint(report.id)).toMatchObject({ version: read.version, revisions: read.revisions });
    expect((await app.auditEntries(report.id)).at(-1)).toMatchObject({
      action: 'alternates.changed',
      details: { from: [], to: [town.expertA.id], version: read.version },
    });
  });

  it('leaves an evaluation opened before it current: it is taken on the version read', async () => {
    const report = await inReview();
    await app.given.assignment(report, town.expertA, { status: AssignmentStatus.Accepted, opinion: '有効である。' });
    const read = await app.footprint(report.id);

    await alternates.replace(town.admin.actor, report.id, [town.expertB.id], []);
    const view = await app.get(WorkflowService).evaluate(town.planner.actor, report.id, {
      rating: PanelRating.Effective,
      opinion: '委員の意見を取りまとめた。',
      version: read.version!,
    });

    expect(view.status).toBe(ReportStatus.Evaluated);
  });

  it('saved over a list read before another planner’s is refused (409) with the list now; nothing is written', async () => {
    const report = await inReview();
    await alternates.replace(town.planner.actor, report.id, [town.expertA.id], []);
    const first = await app.footprint(report.id);

    const refusal = await refusalOf(alternates.replace(town.admin.actor, report.id, [town.expertB.id], []));

    expect(refusal).toBeInstanceOf(ConflictException);
    expect(refusal.message).toContain('The alternates were changed since they were read');
    expect(refusal.getResponse()).toMatchObject({ details: { currentAlternates: [town.expertA.id] } });
    expect(await app.footprint(report.id)).toEqual(first);
    expect(await listed(report.id)).toEqual([town.expertA.id]);

    // Saved again over the list as it now is, knowingly: the list is replaced.
    await alternates.replace(town.admin.actor, report.id, [town.expertB.id], [town.expertA.id]);
    expect(await listed(report.id)).toEqual([town.expertB.id]);
  });

  it('saved as it is now answers unchanged whatever was read (sent twice, or chosen alike): no entry, no notification', async () => {
    const report = await inReview();
    const both = [town.expertA.id, town.expertB.id];
    await alternates.replace(town.planner.actor, report.id, both, []);
    const saved = await app.footprint(report.id);

    const twice = await alternates.replace(town.planner.actor, report.id, both, []);
    const alike = await alternates.replace(town.admin.actor, report.id, both, both);

    expect([twice.changed, alike.changed]).toEqual([false, false]);
    expect(await app.footprint(report.id)).toEqual(saved);
  });

  it('without the list read (an API client sending none), replaces whatever is listed', async () => {
    const report = await inReview();
    await alternates.replace(town.planner.actor, report.id, [town.expertA.id], []);

    expect((await alternates.replace(town.admin.actor, report.id, [town.expertB.id])).changed).toBe(true);
    expect(await listed(report.id)).toEqual([town.expertB.id]);
  });

  it('is kept only while experts are asked: outside expert review it is refused (409)', async () => {
    const report = await app.given.report(await app.given.project(town.department), {
      status: ReportStatus.Evaluated,
    });
    const read = await app.footprint(report.id);

    expect(await refusalOf(alternates.replace(town.planner.actor, report.id, [town.expertA.id]))).toBeInstanceOf(
      ConflictException,
    );
    expect(await app.footprint(report.id)).toEqual(read);
  });
});
