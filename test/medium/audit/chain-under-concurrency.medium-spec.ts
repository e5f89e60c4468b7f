import { AuditEntriesRepository } from '../../../src/audit/audit-entries.repository';
import { AuditSealer } from '../../../src/audit/audit-sealer';
import { AuditTrail } from '../../../src/audit/audit-trail';
import { Transactions } from '../../../src/infra/database/transactions';
import { WorkflowService } from '../../../src/reports/workflow/workflow.service';
import { type GivenMunicipality } from '../support/given';
import { createMediumApp, type MediumApp } from '../support/medium-app';

const PER_ORGANIZATION = 100;
// 200 concurrent transitions take seconds alone and several times that on a loaded two-core CI machine.
const TWO_MINUTES = 120_000;

describe('The audit chains under concurrent writes', () => {
  let app: MediumApp;

  beforeAll(() => createMediumApp().then((created) => (app = created)));
  afterAll(() => app?.close());

  async function draftsOf(town: GivenMunicipality): Promise<string[]> {
    const ids: string[] = [];
    for (let index = 0; index < PER_ORGANIZATION; index++) {
      const project = await app.given.project(town.department, { name: `同時提出の事業 ${index + 1}` });
      ids.push((await app.given.report(project)).id);
    }
    return ids;
  }

  /** A sealer as another worker process would run it: its own in-process state, the same database. */
  const anotherSealer = () => new AuditSealer(app.get(AuditEntriesRepository), app.get(Transactions));

  const unsealed = async (organizationId: string): Promise<number> =>
    (
      await app.dataSource.query(
        `SELECT count(*)::int AS count FROM audit_entries WHERE organization_id = $1 AND hash IS NULL`,
        [organizationId],
      )
    )[0].count;

  it(
    'stay whole and in order after 200 transitions at once across two organizations, sealed by two sealers racing them',
    async () => {
      const towns = [await app.given.municipality(), await app.given.municipality()];
      const drafts = await Promise.all(towns.map(draftsOf));
      const workflow = app.get(WorkflowService);
      const sealers = [anotherSealer(), anotherSealer()];
      let writing = true;
      const sealing = sealers.map(async (sealer) => {
        while (writing) await sealer.sealAll();
      });

      await Promise.all(
        towns.flatMap((town, index) => drafts[index].map((reportId) => workflow.submit(town.owner.actor, reportId))),
      );
      writing = false;
      await Promise.all(sealing);

      const trail = app.get(AuditTrail);
      for (const [index, town] of towns.entries()) {
        const verification = await trail.verify(town.organization.id);
        expect(verification).toMatchObject({ ok: true, problems: [] });
        const [{ submitted, sequences, last }] = await app.dataSource.query(
          `SELECT count(*) FILTER (WHERE action = 'report.submitted')::int AS submitted, count(*)::int AS sequences,
                max(sequence)::int AS last
           FROM audit_entries WHERE organization_id = $1`,
          [town.organization.id],
        );
        expect(submitted).toBe(drafts[index].length);
        // Every sequence from 1 to the last is there once: no gap, no duplicate.
        expect(last).toBe(sequences);
      }
    },
    TWO_MINUTES,
  );

  it('are sealed after a crash: what no sealer saw is chained by the next one, in the order it was written', async () => {
    const town = await app.given.municipality();
    const drafts = await draftsOf(town);
    const workflow = app.get(WorkflowService);
    // No worker runs here: the entries stay as a crashed worker would have left them.
    for (const reportId of drafts.slice(0, 10)) await workflow.submit(town.owner.actor, reportId);
    expect(await unsealed(town.organization.id)).toBeGreaterThanOrEqual(10);

    await anotherSealer().sealAll();

    expect(await unsealed(town.organization.id)).toBe(0);
    expect(await app.get(AuditTrail).verify(town.organization.id)).toMatchObject({ ok: true, problems: [] });
    const rows: { id: string; sequence: number }[] = await app.dataSource.query(
      `SELECT id, sequence FROM audit_entries WHERE organization_id = $1 ORDER BY sequence`,
      [town.organization.id],
    );
    expect(rows.map((row) => Number(row.id))).toEqual(rows.map((row) => Number(row.id)).sort((a, b) => a - b));
  });
});
