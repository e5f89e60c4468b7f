import { AuditTrail } from '../../../src/audit/audit-trail';
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

  it(
    'stay whole and in order after 200 transitions at once across two organizations',
    async () => {
      const towns = [await app.given.municipality(), await app.given.municipality()];
      const drafts = await Promise.all(towns.map(draftsOf));
      const workflow = app.get(WorkflowService);

      await Promise.all(
        towns.flatMap((town, index) => drafts[index].map((reportId) => workflow.submit(town.owner.actor, reportId))),
      );

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
});
