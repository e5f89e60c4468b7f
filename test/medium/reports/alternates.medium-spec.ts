import { ConflictException } from '@nestjs/common';
import { ReviewAlternatesService } from '../../../src/reports/reviews/review-alternates.service';
import { ReportStatus } from '../../../src/reports/rules/report-status';
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

  it('is a change of the report: a new version, audited with the lists before and after', async () => {
    const report = await inReview();
    const read = await app.footprint(report.id);

    const saved = await alternates.replace(town.planner.actor, report.id, [town.expertA.id], read.version);

    expect(saved.changed).toBe(true);
    expect(await app.footprint(report.id)).toMatchObject({ version: read.version! + 1, revisions: read.revisions });
    expect((await app.auditEntries(report.id)).at(-1)).toMatchObject({
      action: 'alternates.changed',
      details: { from: [], to: [town.expertA.id], version: read.version! + 1 },
    });
  });

  it('saved from a version read before another planner’s list is refused, naming that change; nothing is written', async () => {
    const report = await inReview();
    const read = await app.footprint(report.id);
    await alternates.replace(town.planner.actor, report.id, [town.expertA.id], read.version);
    const first = await app.footprint(report.id);

    const refusal = await refusalOf(alternates.replace(town.admin.actor, report.id, [town.expertB.id], read.version));

    expect(refusal).toBeInstanceOf(ConflictException);
    expect(refusal.message).toContain(
      `has changed since version ${read.version} was read (now version ${first.version}; since then: alternates.changed)`,
    );
    expect(refusal.getResponse()).toMatchObject({ details: { currentVersion: first.version } });
    expect(await app.footprint(report.id)).toEqual(first);
    expect(await listed(report.id)).toEqual([town.expertA.id]);

    // Saved again on the version it now is, knowingly: the list is replaced.
    await alternates.replace(town.admin.actor, report.id, [town.expertB.id], first.version);
    expect(await listed(report.id)).toEqual([town.expertB.id]);
  });

  it('saved again as it was writes nothing: no version, no entry', async () => {
    const report = await inReview();
    const read = await app.footprint(report.id);
    await alternates.replace(town.planner.actor, report.id, [town.expertA.id, town.expertB.id], read.version);
    const saved = await app.footprint(report.id);

    const again = await alternates.replace(
      town.planner.actor,
      report.id,
      [town.expertA.id, town.expertB.id],
      saved.version,
    );

    expect(again.changed).toBe(false);
    expect(await app.footprint(report.id)).toEqual(saved);
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
