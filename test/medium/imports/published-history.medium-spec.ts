import { BadRequestException } from '@nestjs/common';
import { addDays, instantInJapan, todayInJapan } from '../../../src/common/dates';
import { ImportMode } from '../../../src/imports/import-model';
import { type ImportSettings, ImportsService } from '../../../src/imports/imports.service';
import { PublicRecordService } from '../../../src/publication/public-record.service';
import { type GivenMunicipality } from '../support/given';
import { asahikawaSheet } from '../support/import-sheets';
import { createMediumApp, detailPaths, type MediumApp, refusalOf } from '../support/medium-app';

const source = () => asahikawaSheet();

describe('Imports of published history: the reports carry the day they were originally published', () => {
  let app: MediumApp;
  let imports: ImportsService;
  let record: PublicRecordService;

  beforeAll(async () => {
    app = await createMediumApp();
    imports = app.get(ImportsService);
    record = app.get(PublicRecordService);
  });

  afterAll(() => app?.close());

  const published = (town: GivenMunicipality, publishedOn?: string): ImportSettings => ({
    departmentId: town.department.id,
    mode: ImportMode.Published,
    publishedOn,
  });

  async function importPublished(town: GivenMunicipality, publishedOn: string) {
    const checked = await imports.dryRun(town.admin.actor, source(), published(town, publishedOn));
    expect(checked).toMatchObject({ canConfirm: true, publishedOn });
    return imports.confirm(town.admin.actor, source(), published(town, publishedOn), checked.checksum);
  }

  it('dates every report, its first edition and the public record on the 公表日 given, not the day of the import', async () => {
    const town = await app.given.municipality();
    const imported = await importPublished(town, '2023-09-29');

    const day = instantInJapan('2023-09-29');
    const ids = imported.reports.map((report) => report.reportId);
    expect(ids).toHaveLength(5);
    const rows: { published_at: Date }[] = await app.dataSource.query(
      'SELECT published_at FROM result_reports WHERE id = ANY($1)',
      [ids],
    );
    expect(rows.map((row) => row.published_at)).toEqual(Array(5).fill(day));
    const organization = await record.organization(town.organization.localGovernmentCode);
    const current = await record.currentReports(organization, 2022);
    expect(current.map((report) => [report.edition, report.publishedAt])).toEqual(Array(5).fill([1, day]));
    const history = await record.report(organization, ids[0]);
    expect(history.editions).toEqual([{ edition: 1, publishedAt: day, correctionReason: null, withdrawal: null }]);
    // The year's pages changed when the import wrote them (their lastmod), though their reports give the day before.
    const [year] = await record.years(organization);
    expect(year).toEqual({ fiscalYear: 2022, reports: 5, lastPublishedAt: day, changedAt: expect.any(Date) });
    expect(year.changedAt.getTime()).toBeGreaterThan(day!.getTime());
    const [confirmed] = (await app.auditEntries(imported.checksum)).filter(
      (entry) => entry.action === 'import.confirmed',
    );
    expect(confirmed.details).toMatchObject({ mode: 'published', publishedOn: '2023-09-29' });
  });

  it('is refused without a 公表日, or with one in the future, before the file is read', async () => {
    const town = await app.given.municipality();
    const missing = await refusalOf(imports.dryRun(town.admin.actor, source(), published(town)));
    expect(missing).toBeInstanceOf(BadRequestException);
    expect(detailPaths(missing)).toEqual(['/publishedOn']);
    const tomorrow = addDays(todayInJapan(), 1);
    const future = await refusalOf(imports.dryRun(town.admin.actor, source(), published(town, tomorrow)));
    expect(detailPaths(future)).toEqual(['/publishedOn']);
    expect(await imports.dryRun(town.admin.actor, source(), published(town, todayInJapan()))).toMatchObject({
      canConfirm: true,
    });
  });

  it('finds a 公表日 before the reported year ended an error of each report', async () => {
    const town = await app.given.municipality();
    const checked = await imports.dryRun(town.admin.actor, source(), published(town, '2023-03-31'));
    expect(checked.canConfirm).toBe(false);
    expect(checked.reports.map((report) => report.errors.map(({ code, path }) => [code, path]))).toEqual(
      [0, 1, 2, 3, 4].map((index) => [['published_before_year_end', `/reports/${index}/publishedOn`]]),
    );
    expect(checked.reports[0].errors[0].message).toBe(
      '公表日 令和5年3月31日は、R4年度が終わる前の日付です。この報告が公表された日を入力してください。',
    );
  });

  it('keeps a draft import undated, whatever 公表日 the request holds', async () => {
    const town = await app.given.municipality();
    const settings = { ...published(town, '2023-09-29'), mode: ImportMode.Draft };
    const checked = await imports.dryRun(town.admin.actor, source(), settings);
    expect(checked.publishedOn).toBeNull();
    const imported = await imports.confirm(town.admin.actor, source(), settings, checked.checksum);
    const rows: { published_at: Date | null }[] = await app.dataSource.query(
      'SELECT published_at FROM result_reports WHERE id = $1',
      [imported.reports[0].reportId],
    );
    expect(rows).toEqual([{ published_at: null }]);
  });
});
