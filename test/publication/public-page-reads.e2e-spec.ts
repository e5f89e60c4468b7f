import { PublicationsRepository } from '../../src/publication/publications.repository';
import { type ReportEdition } from '../../src/reports/report/report-edition.entity';
import { ictParkR2Report, importAsPublished, seedText } from '../imports/import-scenario';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { createTestApp, type TestApp } from '../support/test-app';

const CODE = '012041';
const ICT_PARK = '青少年ICTパークプロジェクト';

/** The ICT park project's R3 report: the year between its R2 and R4 ones, so that R4 has a 前年度. */
function ictParkR3Report(): string {
  return ictParkR2Report()
    .replace('(R2年度の実施年数)', '(R3年度の実施年数)')
    .replace('R2年度～R4年度 (初年度)', 'R2年度～R4年度 (2年度目)')
    .replace('④市予算事業(令和2年度)', '④市予算事業(令和3年度)')
    .replace(/\(R3\.3\)/g, '(R4.3)')
    .replace('(R3.3実績)', '(R4.3実績)');
}

/**
 * A public page not kept yet is built from the published editions, each of whose content (the snapshot of the
 * report as published) it reads once: the report itself, its project's other years for the ledger and 前年度, an
 * earlier edition, a year's reports and their projects' ledgers.
 */
describe('Public pages read each published edition once', () => {
  let t: TestApp;
  let cast: Cast;
  let ictParkR4: string;
  /** Every edition whose content a request read, as `reportId#edition`, in the order read. */
  let read: string[] = [];

  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const importPublished = async (text: string, sourceName: string) =>
    (
      await importAsPublished(t, cast.organizationId, cast.tokens.admin, {
        text,
        sourceName,
        departmentId: cast.departmentId,
      })
    ).imported;

  /** The editions with content a page read on its way: none twice. */
  async function readsOf(path: string): Promise<string[]> {
    read = [];
    await t.http().get(path).expect(200);
    return read;
  }

  const twice = (reads: string[]) => reads.filter((key, index) => reads.indexOf(key) !== index);

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    const r4 = await importPublished(seedText('asahikawa-r4-results-report.txt'), 'asahikawa-r4-results-report.txt');
    await importPublished(ictParkR2Report(), 'ict-park-r2.txt');
    await importPublished(ictParkR3Report(), 'ict-park-r3.txt');
    ictParkR4 = (r4.reports as { reportId: string; projectName: string }[]).find((report) =>
      report.projectName.includes(ICT_PARK),
    )!.reportId;
    // A correction, published: the report's edition 2, edition 1 stays readable.
    await t
      .http()
      .post(api(`/reports/${ictParkR4}/correct`))
      .set(as('admin'))
      .send({ reason: '誤記の訂正' })
      .expect(200);
    const { version } = (
      await t
        .http()
        .get(api(`/reports/${ictParkR4}`))
        .set(as('owner'))
        .expect(200)
    ).body;
    await t
      .http()
      .patch(api(`/reports/${ictParkR4}`))
      .set(as('owner'))
      .send({ version, effectNarrative: '訂正後の説明', effectLevelReason: '目標の達成に向けて事業が進んでいるため' })
      .expect(200);
    await t
      .http()
      .post(api(`/reports/${ictParkR4}/submit-correction`))
      .set(as('owner'))
      .expect(200);
    await t
      .http()
      .post(api(`/reports/${ictParkR4}/publish`))
      .set(as('planner'))
      .expect(200);

    const publications = t.app.get(PublicationsRepository);
    const record = (editions: (ReportEdition | null)[]) => {
      for (const edition of editions) if (edition?.snapshot) read.push(`${edition.reportId}#${edition.edition}`);
    };
    for (const method of ['currentEditions', 'edition', 'lastEditionsOf'] as const) {
      const original = publications[method].bind(publications) as (...args: unknown[]) => Promise<unknown>;
      jest.spyOn(publications, method).mockImplementation(async (...args: unknown[]) => {
        const found = await original(...args);
        record(Array.isArray(found) ? found : [found as ReportEdition | null]);
        return found as never;
      });
    }
  }, 120_000);

  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
  });

  const reportPath = `/public/${CODE}/reports`;

  it('reads a report’s current edition once, with its project’s other years for the ledger and 前年度', async () => {
    const reads = await readsOf(`${reportPath}/${ictParkR4}`);
    expect(twice(reads)).toEqual([]);
    expect(reads).toContain(`${ictParkR4}#2`);
    // R2, R3 and R4 of the project: the ledger's years, of which R3 is also R4's 前年度.
    expect(reads).toHaveLength(3);
  });

  it('reads an earlier edition once, and the current one only to name it', async () => {
    const reads = await readsOf(`${reportPath}/${ictParkR4}/editions/1`);
    expect(twice(reads)).toEqual([]);
    expect(reads).toEqual(expect.arrayContaining([`${ictParkR4}#1`, `${ictParkR4}#2`]));
  });

  it('reads the current edition once when it is asked for by its number', async () => {
    expect(twice(await readsOf(`${reportPath}/${ictParkR4}/editions/2`))).toEqual([]);
  });

  it('reads each of a year’s reports once for its summary, their projects’ other years besides', async () => {
    const reads = await readsOf(`/public/${CODE}/2022/summary`);
    expect(twice(reads)).toEqual([]);
    expect(reads).toContain(`${ictParkR4}#2`);
  });

  it('reads each of a year’s reports once for its list', async () => {
    expect(twice(await readsOf(`/public/${CODE}/2022/`))).toEqual([]);
  });
});
