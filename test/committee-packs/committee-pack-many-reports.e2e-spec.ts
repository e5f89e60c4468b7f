import { seedReports } from '../../bench/support/seed-reports';
import { type Cast, castAsahikawa, dueInDays } from '../support/organization-scenario';
import { createTestApp, type TestApp } from '../support/test-app';

/** 50 reports: with the contents and the matching sheet, more than the 50 sheets an import's workbook may have. */
const COPIES = 10;

describe('外部評価委員会資料 of a year with many reports in expert review', () => {
  let t: TestApp;
  let cast: Cast;

  const api = (rest: string) => `/api/v1/organizations/${cast.organizationId}${rest}`;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const binary = (response: any, callback: (error: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => callback(null, Buffer.concat(chunks)));
  };

  /** The seed's reports as drafts of new projects, each completed and submitted by its owner, all accepted at once. */
  async function manyUnderReview(): Promise<string[]> {
    const body = { text: seedReports(COPIES).toString('utf8'), departmentId: cast.departmentId };
    const checked = (await t.http().post(api('/imports/dry-run')).set(as('planner')).send(body).expect(200)).body;
    const { reports } = (
      await t
        .http()
        .post(api('/imports'))
        .set(as('planner'))
        .send({ ...body, checksum: checked.checksum })
        .expect(201)
    ).body;
    const reportIds: string[] = reports.map((report: { reportId: string }) => report.reportId);
    for (const reportId of reportIds) {
      const report = (
        await t
          .http()
          .get(api(`/reports/${reportId}`))
          .set(as('owner'))
          .expect(200)
      ).body;
      // Some of the seed's ⑥ levels differ from the suggested one: the form asks why.
      if (report.submission.problems.length > 0)
        await t
          .http()
          .patch(api(`/reports/${reportId}`))
          .set(as('owner'))
          .send({ version: report.version, effectLevelReason: '指標の実績と事業の成果を総合して判断した' })
          .expect(200);
      await t
        .http()
        .post(api(`/reports/${reportId}/submit`))
        .set(as('owner'))
        .expect(200);
    }
    await t
      .http()
      .post(api('/fiscal-years/2022/acceptances'))
      .set(as('planner'))
      .send({ reportIds, experts: [cast.userIds.expertA], dueDate: dueInDays(14) })
      .expect(201);
    return reportIds;
  }

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('reads back the untouched workbook it made: every report, no change, nothing refused', async () => {
    const reportIds = await manyUnderReview();
    expect(reportIds).toHaveLength(5 * COPIES);
    const pack = (
      await t.http().get(api('/committee-packs/R4.xlsx')).set(as('planner')).buffer(true).parse(binary).expect(200)
    ).body as Buffer;

    const checked = (
      await t
        .http()
        .post(api('/committee-packs/R4/import'))
        .set(as('planner'))
        .attach('file', pack, '外部評価委員会資料.xlsx')
        .expect(200)
    ).body;
    expect(checked.errors).toEqual([]);
    expect(checked.counts).toEqual({ reports: 5 * COPIES, changedReports: 0, changes: 0, errors: 0 });
    expect(checked.reports.map((report: { reportId: string }) => report.reportId).sort()).toEqual(reportIds.sort());
  });
});
