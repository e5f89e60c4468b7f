import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import { generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { AUDIT_CHECKPOINTS_QUEUE } from '../../src/audit/audit-checkpoint.queue';
import { AuditCheckpointProcessor } from '../../src/audit/audit-checkpoint.processor';
import { runCli } from '../support/cli';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { createTestApp, seedOrganization, TEST_PASSWORD, type TestApp } from '../support/test-app';

const CLI_TIMEOUT = 120_000;

/** A fresh Ed25519 key in the form operators put in AUDIT_SIGNING_KEY. */
function newSigningKey(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
}

/** Deletes a chain's last entries as a superuser bypassing the append-only trigger, as an attacker with the database would. */
async function deleteLastEntries(t: TestApp, organizationId: string, count: number): Promise<void> {
  const superuser = new Client({ connectionString: t.superuserUrl });
  await superuser.connect();
  try {
    await superuser.query(`SET session_replication_role = replica`);
    await superuser.query(
      `DELETE FROM audit_entries WHERE chain = $1 AND sequence > (SELECT max(sequence) FROM audit_entries WHERE chain = $1) - $2`,
      [`org:${organizationId}`, count],
    );
  } finally {
    await superuser.end();
  }
}

/** The sequence the chain's last entry has once sealed: entries are numbered from 1 without gaps. */
async function lastSequence(t: TestApp, organizationId: string): Promise<number> {
  const [row] = await t.dataSource.query(`SELECT count(*)::int AS last FROM audit_entries WHERE organization_id = $1`, [
    organizationId,
  ]);
  return row.last;
}

function checkpointFiles(t: TestApp, organizationId: string): string[] {
  return readdirSync(join(t.config.auditCheckpointDir, `org-${organizationId}`));
}

describe('Audit checkpoints: the end of the audit log, signed and kept outside the database', () => {
  const signingKey = newSigningKey();
  let t: TestApp;
  let cast: Cast;
  const as = (name: string) => ({ Authorization: `Bearer ${cast.tokens[name]}` });
  const auditPath = () => `/api/v1/organizations/${cast.organizationId}/audit`;
  const verify = async () => (await t.http().get(`${auditPath()}/verify`).set(as('admin')).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp({ AUDIT_SIGNING_KEY: signingKey });
    cast = await castAsahikawa(t);
  });

  afterAll(() => t.close());

  it('are signed on an administrator’s request, written as a file, listed with the public key, and audited', async () => {
    const head = await lastSequence(t, cast.organizationId);
    const created = (await t.http().post(`${auditPath()}/checkpoints`).set(as('admin')).expect(201)).body;
    const [entry] = await t.dataSource.query(`SELECT hash FROM audit_entries WHERE chain = $1 AND sequence = $2`, [
      `org:${cast.organizationId}`,
      head,
    ]);
    expect(created).toMatchObject({
      chain: `org:${cast.organizationId}`,
      organizationId: cast.organizationId,
      organizationCode: '012041',
      sequence: head,
      hash: entry.hash,
      publicKey: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----/),
    });
    expect(created.file).toMatch(new RegExp(`^org-${cast.organizationId}/\\d{8}T\\d{6}\\.\\d{3}Z-${head}\\.json$`));

    const stored = JSON.parse(readFileSync(join(t.config.auditCheckpointDir, created.file), 'utf8'));
    const { file: _file, signedMessage: _signedMessage, ...fields } = created;
    expect(stored).toEqual(fields);
    expect(checkpointFiles(t, cast.organizationId)).toEqual([created.file.split('/')[1]]);

    const list = (await t.http().get(`${auditPath()}/checkpoints`).set(as('admin')).expect(200)).body;
    expect(list.publicKey).toBe(created.publicKey);
    expect(list.publicKeyFingerprint).toMatch(/^SHA256:/);
    expect(list.items).toEqual([{ file: created.file, trusted: true, checkpoint: created }]);

    const recorded = (
      await t.http().get(auditPath()).query({ action: 'audit.checkpoint_created' }).set(as('admin')).expect(200)
    ).body.items;
    expect(recorded).toEqual([
      expect.objectContaining({
        actorUserId: cast.userIds.admin,
        details: { file: created.file, sequence: head, hash: entry.hash, recordedAt: created.recordedAt },
      }),
    ]);
    expect(await verify()).toMatchObject({ ok: true, checkpoint: { file: created.file, sequence: head } });
  });

  it('are for administrators only', async () => {
    const before = checkpointFiles(t, cast.organizationId);
    await t.http().post(`${auditPath()}/checkpoints`).set(as('planner')).expect(403);
    await t.http().get(`${auditPath()}/checkpoints`).set(as('planner')).expect(403);
    expect(checkpointFiles(t, cast.organizationId)).toEqual(before);
  });

  describe('on the administrator’s page, to print or mail to the auditor', () => {
    async function signedInAdmin() {
      const login = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'admin@012041.example.jp', password: TEST_PASSWORD })
        .expect(200);
      const cookies = [String(login.headers['set-cookie']).split(';')[0]];
      const page = await t
        .http()
        .get(`/o/${cast.organizationId}/admin/audit/checkpoints`)
        .set('Cookie', cookies.join('; '));
      for (const cookie of [page.headers['set-cookie'] ?? []].flat()) cookies.push(cookie.split(';')[0]);
      return { page, cookies: cookies.join('; '), csrf: /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] };
    }

    it('lists the newest checkpoints with sequence, hash, time and signature, and the key to check them', async () => {
      const { page } = await signedInAdmin();
      expect(page.status).toBe(200);
      const list = (await t.http().get(`${auditPath()}/checkpoints`).set(as('admin')).expect(200)).body;
      const newest = list.items[0].checkpoint;
      expect(page.text).toContain('監査ログのチェックポイント');
      for (const shown of [String(newest.sequence), newest.hash, newest.signature, newest.recordedAt])
        expect(page.text).toContain(shown);
      expect(page.text).toContain(list.publicKeyFingerprint);
      expect(page.text).toContain('-----BEGIN PUBLIC KEY-----');
      expect(page.text).toContain('署名を確認済み');
      expect(page.text).toMatch(/<button type="submit" class="button">チェックポイントを作成<\/button>/);
    });

    it('creates one with 「チェックポイントを作成」, and refuses a form without the CSRF token', async () => {
      const { cookies, csrf } = await signedInAdmin();
      const form = `/o/${cast.organizationId}/admin/audit/checkpoints`;
      const before = checkpointFiles(t, cast.organizationId);
      await t.http().post(form).set('Cookie', cookies).type('form').send({}).expect(403);
      expect(checkpointFiles(t, cast.organizationId)).toEqual(before);

      const created = await t.http().post(form).set('Cookie', cookies).type('form').send({ _csrf: csrf }).expect(303);
      expect(created.headers.location).toBe(
        `/o/${cast.organizationId}/admin/audit/checkpoints?notice=checkpoint-created`,
      );
      expect(checkpointFiles(t, cast.organizationId)).toHaveLength(before.length + 1);
    });
  });

  it('that were altered or lost their signature are reported, and the chain is held to the newest trusted one', async () => {
    for (let made = 0; made < 3; made++) await t.http().post(`${auditPath()}/checkpoints`).set(as('admin')).expect(201);
    const folder = join(t.config.auditCheckpointDir, `org-${cast.organizationId}`);
    const [newest, older] = checkpointFiles(t, cast.organizationId).sort().reverse();
    const originals = [newest, older].map((name) => readFileSync(join(folder, name), 'utf8'));
    const forged = JSON.parse(originals[0]);
    forged.hash = 'f'.repeat(64);
    writeFileSync(join(folder, newest), JSON.stringify(forged));
    const { signature: _signature, ...unsigned } = JSON.parse(originals[1]);
    writeFileSync(join(folder, older), JSON.stringify(unsigned));
    try {
      const result = await verify();
      expect(result).toMatchObject({
        ok: false,
        badCheckpoints: [
          {
            file: `org-${cast.organizationId}/${newest}`,
            reason: expect.stringMatching(/signature that does not match/),
          },
          { file: `org-${cast.organizationId}/${older}`, reason: 'is not signed' },
        ],
      });
      expect(result.checkpoint.file).not.toMatch(new RegExp(`${newest}|${older}`));
      expect(result.firstBroken).toBeUndefined();
      expect(result.problems).toContain(
        `checkpoint file org-${cast.organizationId}/${newest} has a signature that does not match its content (altered after it was signed)`,
      );
      const list = (await t.http().get(`${auditPath()}/checkpoints`).set(as('admin')).expect(200)).body;
      expect(list.items.slice(0, 2)).toEqual([
        expect.objectContaining({ trusted: false, checkpoint: expect.objectContaining({ hash: 'f'.repeat(64) }) }),
        expect.objectContaining({ trusted: false, problem: 'is not signed' }),
      ]);
    } finally {
      writeFileSync(join(folder, newest), originals[0]);
      writeFileSync(join(folder, older), originals[1]);
    }
    expect(await verify()).toMatchObject({ ok: true, badCheckpoints: [] });
  });

  it(
    'make audit:verify fail naming the entries deleted from the end of a chain (CLI and API)',
    async () => {
      // An attempt at an address of no account: an entry of the platform's chain, for its checkpoint.
      await t.http().post('/api/v1/auth/login').send({ email: 'nobody@example.jp', password: 'a guess' }).expect(401);
      const signed = runCli(t, ['audit:checkpoint'], { AUDIT_SIGNING_KEY: signingKey });
      expect(signed.stderr).toBe('');
      expect(signed.status).toBe(0);
      const head = await lastSequence(t, cast.organizationId);
      expect(signed.stdout).toMatch(new RegExp(`organization 012041: checkpoint of entry ${head} \\(`));
      expect(signed.stdout).toMatch(/platform: checkpoint of entry \d+/);
      const recordedAt = (await verify()).checkpoint.recordedAt;

      await deleteLastEntries(t, cast.organizationId, 5);

      const missing = `entries ${head - 4}–${head} missing after the last entry ${head - 5}; checkpoint of ${recordedAt} recorded ${head}`;
      const cli = runCli(t, ['audit:verify'], { AUDIT_SIGNING_KEY: signingKey });
      expect(cli.stderr).toBe('');
      expect(cli.stdout).toContain(`organization 012041: ${missing}`);
      expect(cli.stdout).toMatch(/platform: OK \(\d+ entries, reaching the checkpoint of/);
      expect(cli.status).toBe(1);

      expect(await verify()).toMatchObject({
        ok: false,
        checked: head - 5,
        missing: { from: head - 4, to: head },
        checkpoint: { sequence: head, recordedAt },
        problems: [missing],
      });

      // A new checkpoint would vouch for the shortened chain: none is signed.
      const files = checkpointFiles(t, cast.organizationId);
      const refused = await t.http().post(`${auditPath()}/checkpoints`).set(as('admin')).expect(409);
      expect(refused.body.message).toContain(`entries ${head - 4}–${head} missing`);
      expect(checkpointFiles(t, cast.organizationId)).toEqual(files);

      // New entries fill the gap with other hashes: the entry the checkpoint recorded is no longer the same. Each denial
      // asks another URL, since repeats of one are folded into one entry.
      for (let denied = 0; denied < 6; denied++)
        await t.http().get(`${auditPath()}/checkpoints?attempt=${denied}`).set(as('planner')).expect(403);
      const result = await verify();
      const [rewritten] = await t.dataSource.query(`SELECT id FROM audit_entries WHERE chain = $1 AND sequence = $2`, [
        `org:${cast.organizationId}`,
        head,
      ]);
      expect(result).toMatchObject({
        ok: false,
        checked: head + 1,
        firstBroken: {
          id: rewritten.id,
          sequence: head,
          reason: expect.stringMatching(/hash other than the checkpoint/),
        },
      });
      expect(result.missing).toBeUndefined();
      await t.http().post(`${auditPath()}/checkpoints`).set(as('admin')).expect(409);
      expect(checkpointFiles(t, cast.organizationId)).toEqual(files);
    },
    CLI_TIMEOUT,
  );

  it(
    'are neither written nor verified for an empty municipality code or a code given without its flag',
    () => {
      const written = () => readdirSync(t.config.auditCheckpointDir, { recursive: true });
      const before = written();
      for (const command of ['audit:checkpoint', 'audit:verify']) {
        for (const code of ['', ' ']) {
          const empty = runCli(t, [command, '--organization-code', code], { AUDIT_SIGNING_KEY: signingKey });
          expect(empty.stderr).toMatch(/^--organization-code must not be empty/);
          expect(empty.stdout).toBe('');
          expect(empty.status).toBe(1);
        }
        const stray = runCli(t, [command, '012041'], { AUDIT_SIGNING_KEY: signingKey });
        expect(stray.stderr).toContain(
          `${command} takes no arguments, not "012041" (for one municipality: --organization-code 012041).`,
        );
        expect(stray.stdout).toBe('');
        expect(stray.status).toBe(1);
      }
      expect(written()).toEqual(before);
    },
    CLI_TIMEOUT * 3,
  );
});

describe('Audit checkpoints in the worker', () => {
  let t: TestApp;
  let organizationId: string;

  beforeAll(async () => {
    t = await createTestApp({ RUN_WORKER: 'true', AUDIT_SIGNING_KEY: newSigningKey() });
    ({ organizationId } = await seedOrganization(t, '012041', '旭川市'));
  });

  afterAll(() => t.close());

  it('are scheduled every quarter of an hour', async () => {
    const queue = t.app.get<Queue>(getQueueToken(AUDIT_CHECKPOINTS_QUEUE));
    expect(await queue.getJobSchedulers()).toEqual([
      expect.objectContaining({ key: 'audit-checkpoints', pattern: '*/15 * * * *' }),
    ]);
  });

  it('sign each chain that grew since its last checkpoint, and refuse one that lost entries', async () => {
    const processor = t.app.get(AuditCheckpointProcessor);
    const [{ chains }] = await t.dataSource.query(`SELECT count(DISTINCT chain)::int AS chains FROM audit_entries`);
    expect(await processor.process()).toEqual({ written: chains, refused: 0 });
    const [file] = checkpointFiles(t, organizationId);
    expect(
      JSON.parse(readFileSync(join(t.config.auditCheckpointDir, `org-${organizationId}`, file), 'utf8')),
    ).toMatchObject({
      organizationCode: '012041',
      sequence: await lastSequence(t, organizationId),
    });

    expect(await processor.process()).toEqual({ written: 0, refused: 0 });

    await deleteLastEntries(t, organizationId, 1);
    expect(await processor.process()).toEqual({ written: 0, refused: 1 });
    expect(checkpointFiles(t, organizationId)).toEqual([file]);
  });
});
