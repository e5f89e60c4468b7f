import { AuditEntriesRepository } from '../../../src/audit/audit-entries.repository';
import { chainOf } from '../../../src/audit/audit-log';
import { AuditSealer } from '../../../src/audit/audit-sealer';
import { AuditTrail } from '../../../src/audit/audit-trail';
import { WorkflowService } from '../../../src/reports/workflow/workflow.service';
import { type GivenMunicipality } from '../support/given';
import { createMediumApp, type MediumApp } from '../support/medium-app';

const SUBMISSIONS = 8;

describe('Verifying the audit chains as the table holds them', () => {
  let app: MediumApp;

  beforeAll(() => createMediumApp().then((created) => (app = created)));
  afterAll(() => app?.close());

  /** A municipality whose chain holds an entry for each of SUBMISSIONS submissions, sealed. */
  async function townWithEntries(): Promise<GivenMunicipality & { chain: string; entries: number }> {
    const town = await app.given.municipality();
    for (let index = 0; index < SUBMISSIONS; index++) {
      const report = await app.given.report(await app.given.project(town.department));
      await app.get(WorkflowService).submit(town.owner.actor, report.id);
    }
    const chain = chainOf(town.organization.id);
    const { checked } = await app.get(AuditTrail).verify(town.organization.id);
    expect(checked).toBeGreaterThanOrEqual(SUBMISSIONS);
    return { ...town, chain, entries: checked };
  }

  /**
   * The town's chain verified with every other, as audit:verify does. With the table's statistics up to date (as
   * autovacuum keeps them) PostgreSQL reads all chains in one pass over the table, in the order it holds the entries.
   */
  async function verifiedWithTheRest(town: { chain: string }) {
    await app.asOwner((owner) => owner.query('ANALYZE audit_entries'));
    const trail = app.get(AuditTrail);
    const verifications = await trail.verifyChains(await trail.chains());
    return verifications.find((verification) => verification.chain === town.chain);
  }

  /** An attacker's statement, as the tables' owner with the triggers that keep the log append-only switched off. */
  const tamper = (statement: string) =>
    app.asOwner(async (owner) => {
      await owner.query('ALTER TABLE audit_entries DISABLE TRIGGER USER');
      try {
        await owner.query(statement);
      } finally {
        await owner.query('ALTER TABLE audit_entries ENABLE TRIGGER USER');
      }
    });

  /** Rewrites entries unchanged: PostgreSQL writes each anew at the end of the table, after the entries that follow. */
  const moveToEnd = (chain: string, sequences: number[]) =>
    tamper(
      `UPDATE audit_entries SET action = action WHERE chain = '${chain}' AND sequence IN (${sequences.join(',')})`,
    );

  const sequencesAsStored = async (chain: string): Promise<number[]> =>
    (await app.dataSource.query(`SELECT sequence FROM audit_entries WHERE chain = $1 ORDER BY ctid`, [chain])).map(
      (row: { sequence: number }) => row.sequence,
    );

  it('finds a chain whole however its entries came to lie in the table', async () => {
    const town = await townWithEntries();
    await moveToEnd(town.chain, [2, 4]);
    expect((await sequencesAsStored(town.chain)).slice(-2)).toEqual([2, 4]);

    expect(await verifiedWithTheRest(town)).toMatchObject({ ok: true, checked: town.entries, problems: [] });
    expect(await app.get(AuditTrail).verify(town.organization.id)).toMatchObject({ ok: true, checked: town.entries });
  });

  it('names the first broken entry in sequence order, not the first the table holds', async () => {
    const town = await townWithEntries();
    const [edited] = await app.dataSource.query(`SELECT id FROM audit_entries WHERE chain = $1 AND sequence = 3`, [
      town.chain,
    ]);
    // An entry deleted after one edited: the edit now lies at the end of the table, after the gap.
    await tamper(`UPDATE audit_entries SET details = '{"status": 200}' WHERE chain = '${town.chain}' AND sequence = 3`);
    await tamper(`DELETE FROM audit_entries WHERE chain = '${town.chain}' AND sequence = 5`);

    const broken = {
      ok: false,
      checked: 2,
      firstBroken: {
        id: edited.id,
        sequence: 3,
        reason: 'content does not match its hash (modified after it was written)',
      },
    };
    expect(await verifiedWithTheRest(town)).toMatchObject(broken);
    expect(await app.get(AuditTrail).verify(town.organization.id)).toMatchObject(broken);
  });

  it('walks a chain by its index, in order, when two of its entries have one sequence', async () => {
    const town = await townWithEntries();
    const [{ name }] = await app.dataSource.query(
      `SELECT indexname AS name FROM pg_indexes WHERE tablename = 'audit_entries' AND indexdef LIKE '%UNIQUE%(chain, sequence)'`,
    );
    const copyOfTwo = `INSERT INTO audit_entries (chain, sequence, organization_id, occurred_at, actor_user_id, actor_roles,
        action, entity_type, entity_id, request_id, ip_address, details, previous_hash, hash)
      SELECT chain, sequence, organization_id, occurred_at, actor_user_id, actor_roles, action, entity_type, entity_id,
        request_id, ip_address, details, previous_hash, hash
      FROM audit_entries WHERE chain = '${town.chain}' AND sequence = 2`;
    await tamper(`DROP INDEX "${name}"; ${copyOfTwo}`);
    try {
      const broken = {
        ok: false,
        checked: 2,
        firstBroken: { sequence: 2, reason: 'repeats the sequence of the entry before' },
      };
      expect(await verifiedWithTheRest(town)).toMatchObject(broken);
      expect(await app.get(AuditTrail).verify(town.organization.id)).toMatchObject(broken);
    } finally {
      await tamper(
        `DELETE FROM audit_entries WHERE id = (SELECT max(id) FROM audit_entries WHERE chain = '${town.chain}' AND sequence = 2);
         CREATE UNIQUE INDEX "${name}" ON audit_entries (chain, sequence)`,
      );
    }
  });

  describe('read by the repository', () => {
    it('gives every sealed entry of the chains asked once, in batches of the size asked, in one snapshot', async () => {
      const towns = [await townWithEntries(), await townWithEntries()];
      const chains = towns.map((town) => town.chain);
      const read = async () => {
        const batches: number[] = [];
        const entries: string[] = [];
        for await (const batch of app.get(AuditEntriesRepository).asStored(chains, 3)) {
          batches.push(batch.length);
          entries.push(...batch.map((entry) => `${entry.chain} ${entry.sequence}`));
          // Written while the log is read: not part of this reading.
          if (batches.length === 1) {
            await app.get(WorkflowService).submit(towns[0].owner.actor, await aDraft(towns[0]));
            await app.get(AuditSealer).seal(towns[0].chain);
          }
        }
        return { batches, entries };
      };

      const { batches, entries } = await read();
      const total = towns[0].entries + towns[1].entries;
      expect(batches.every((size) => size <= 3)).toBe(true);
      expect(entries).toHaveLength(total);
      expect(new Set(entries).size).toBe(total);
      expect(entries.every((entry) => chains.some((chain) => entry.startsWith(`${chain} `)))).toBe(true);
    });

    it('ends its transaction and frees its connection when the reader stops early', async () => {
      const town = await townWithEntries();
      for await (const batch of app.get(AuditEntriesRepository).asStored([town.chain], 2)) {
        expect(batch).toHaveLength(2);
        break;
      }
      // The pool hands out the connection released last: the reading's, which must be out of its transaction.
      const [{ inTransaction }] = await app.dataSource.query(
        `SELECT xact_start < query_start AS "inTransaction" FROM pg_stat_activity WHERE pid = pg_backend_pid()`,
      );
      expect(inTransaction).toBe(false);
    });
  });

  async function aDraft(town: GivenMunicipality): Promise<string> {
    return (await app.given.report(await app.given.project(town.department))).id;
  }
});
