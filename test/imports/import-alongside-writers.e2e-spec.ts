import { seedReports } from '../../bench/support/seed-reports';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { enterSeedReport } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import { as, type Municipality, municipality } from './import-scenario';

/** 100 copies of the five Asahikawa reports, each of a new project: long enough to outlast a transition on a busy machine. */
const LARGE_FILE = seedReports(100).toString('utf8');

describe("Imports: a large confirmation alongside the organization's other writers", () => {
  let t: TestApp;
  let town: Municipality;

  beforeAll(async () => {
    t = await createTestApp();
    town = await municipality(t, '012041', '旭川市');
  });

  afterAll(() => t.close());

  const api = (path: string) => `/api/v1/organizations/${town.organizationId}${path}`;

  /** Polls until a transaction of the app has written rows: the import, the only other client of the suite's database. */
  async function importWriting(stillRunning: () => boolean): Promise<void> {
    while (stillRunning()) {
      const [{ writing }] = await t.dataSource.query(
        `SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
           AND xact_start IS NOT NULL AND state <> 'idle' AND query LIKE 'INSERT%') AS writing`,
      );
      if (writing) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('The import ended before it was seen writing: make the file larger.');
  }

  it('the import does not block a transition', async () => {
    // A draft of another department's project, complete, whose owner submits it while planning imports 500 reports.
    const draft = await enterSeedReport(t, town.tokens.owner, town.organizationId, town.departments.economy, {
      ...ASAHIKAWA_R4_REPORTS[0],
      projectName: '比較用の事業',
    });
    const body = { text: LARGE_FILE, departmentId: town.departments.tourism };
    const checked = (await t.http().post(api('/imports/dry-run')).set(as(town.tokens.planning)).send(body).expect(200))
      .body;
    expect(checked.counts).toMatchObject({ reports: 500, errors: 0 });

    const arrived: string[] = [];
    const importing = t
      .http()
      .post(api('/imports'))
      .set(as(town.tokens.planning))
      .send({ ...body, checksum: checked.checksum })
      .then((response) => {
        arrived.push('import');
        return response;
      });
    await importWriting(() => !arrived.includes('import'));
    const submitted = await t
      .http()
      .post(api(`/reports/${draft.id}/submit`))
      .set(as(town.tokens.owner));
    arrived.push('transition');

    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    expect((await importing).status).toBe(201);
    expect(arrived).toEqual(['transition', 'import']);
  });
});
