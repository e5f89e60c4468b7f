import { runCli, startCli } from '../support/cli';
import { lockWaitersOutsidePool } from '../support/lock-waits';
import { castAsahikawa } from '../support/organization-scenario';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app';

// Each run compiles the app as an operator's `npm run cli` does.
const CLI_TIMEOUT = 120_000;

/** create-admin and grant-operator, run as README gives them. */
describe('Operator commands', () => {
  let t: TestApp;
  const signIn = (email: string, password: string) => t.http().post('/api/v1/auth/login').send({ email, password });
  const operatorGrants = () =>
    t.dataSource.query(`SELECT action FROM audit_entries WHERE action LIKE 'user.platform_operator_%'`);

  beforeAll(async () => {
    t = await createTestApp();
    await castAsahikawa(t);
  });

  afterAll(() => t.close());

  it(
    'refuse an empty option value, a stray argument and a guessable password, saying what to do, and change nothing',
    async () => {
      const admin = ['--organization-code', '012025', '--organization-name', '函館市'];
      const refusals: [string[], string][] = [
        [
          ['grant-operator', '--email', 'admin@012041.example.jp', 'revoke'],
          'grant-operator takes no arguments, not "revoke" (name the account with --email; to take the role away, add --revoke).',
        ],
        [
          ['grant-operator', '--email', ''],
          '--email must not be empty: give the e-mail address of the account, such as admin@city.example.lg.jp.',
        ],
        [
          ['create-admin', '--email', 'admin@012025.example.jp', '--name', '山田', '太郎', ...admin],
          'create-admin takes no arguments, not "太郎" (quote a value with spaces, e.g. --name "企画政策課 山田 太郎").',
        ],
        [
          ['create-admin', '--email', 'admin', ...admin],
          '--email must be an e-mail address, such as admin@city.example.lg.jp, not "admin".',
        ],
        [['create-admin', '--email', 'admin@012025.example.jp', '--name', ' ', ...admin], '--name must not be empty'],
        [
          ['create-admin', '--email', 'admin@012025.example.jp', '--password', 'password123', ...admin],
          'The password is too easy to guess: it is, or is close to, a commonly used password. Choose a longer one',
        ],
        [
          [
            'create-admin',
            '--email',
            'admin@012025.example.jp',
            '--organization-code',
            '',
            '--organization-name',
            '函館市',
          ],
          '--organization-code must not be empty: give the municipality’s code, such as 012041.',
        ],
        [
          [
            'create-admin',
            '--email',
            'admin@012025.example.jp',
            '--organization-code',
            '012025',
            '--organization-name',
            '',
          ],
          '--organization-name must not be empty: give the municipality’s name, such as 旭川市.',
        ],
      ];
      for (const [args, message] of refusals) {
        const run = runCli(t, args);
        expect(run.stderr).toContain(message);
        expect(run.stdout).toBe('');
        expect(run.status).toBe(1);
      }
      expect(await operatorGrants()).toEqual([]);
      expect(
        await t.dataSource.query(`SELECT id FROM organizations WHERE local_government_code IN ('012025', '')`),
      ).toEqual([]);
    },
    CLI_TIMEOUT * 8,
  );

  it(
    'make an existing account an administrator with the password it has, printing none, and refuse to set one for it',
    async () => {
      const args = [
        'create-admin',
        '--email',
        'Planner@example.jp',
        '--organization-code',
        '012025',
        '--organization-name',
        '函館市',
      ];
      const given = runCli(t, args, { ADMIN_PASSWORD: 'another passphrase for them' });
      expect(given.stderr).toContain(
        'planner@example.jp already has an account, and create-admin never changes a password: leave out --password and ADMIN_PASSWORD',
      );
      expect(given.stderr).toContain('パスワードを忘れた場合');
      expect(given.status).toBe(1);
      expect(await t.dataSource.query(`SELECT id FROM organizations WHERE local_government_code = '012025'`)).toEqual(
        [],
      );

      const made = runCli(t, args);
      expect(made.stderr).toBe('');
      expect(made.stdout).toBe(
        'Administrator planner@example.jp can now sign in to organization 012025.\n' +
          'The account already existed: its password is unchanged.\n',
      );
      expect(made.status).toBe(0);
      const session = (await signIn('planner@example.jp', TEST_PASSWORD).expect(200)).body;
      expect(session.user.memberships).toEqual(
        expect.arrayContaining([expect.objectContaining({ organizationName: '函館市', role: 'administrator' })]),
      );
    },
    CLI_TIMEOUT * 2,
  );

  it(
    'refuse --name for an existing account, saying its name stays as it is, and change nothing',
    async () => {
      const nameOf = async () =>
        (await t.dataSource.query(`SELECT display_name FROM users WHERE email = 'planner@example.jp'`))[0].display_name;
      const name = await nameOf();
      const args = ['--organization-code', '012076', '--organization-name', '帯広市'];

      const named = runCli(t, ['create-admin', '--email', 'planner@example.jp', '--name', '帯広 太郎', ...args]);

      expect(named.stderr).toContain(
        `planner@example.jp already has an account, named "${name}", and create-admin never changes a name: ` +
          'the name is unchanged; leave out --name to make it an administrator of 012076 with the name it has.',
      );
      expect(named.stdout).toBe('');
      expect(named.status).toBe(1);
      expect(await nameOf()).toBe(name);
      expect(await t.dataSource.query(`SELECT id FROM organizations WHERE local_government_code = '012076'`)).toEqual(
        [],
      );
    },
    CLI_TIMEOUT,
  );

  it(
    'refuse a municipality named otherwise than stored, naming the stored name, and change nothing',
    async () => {
      const email = 'second.admin@012041.example.jp';

      const run = runCli(t, [
        'create-admin',
        '--email',
        email,
        '--organization-code',
        '012041',
        '--organization-name',
        '旭川',
      ]);

      expect(run.stderr).toContain(
        'The municipality 012041 exists as "旭川市", not "旭川", and its name is not changed here: give "旭川市" to make ' +
          'the account its administrator.',
      );
      expect(run.stdout).toBe('');
      expect(run.status).toBe(1);
      expect(await t.dataSource.query(`SELECT id FROM users WHERE email = $1`, [email])).toEqual([]);
    },
    CLI_TIMEOUT,
  );

  it(
    'tell a run that makes an account another transaction makes at the same moment to run again, changing nothing',
    async () => {
      const email = 'admin@012084.example.jp';
      const other = t.dataSource.createQueryRunner();
      await other.connect();
      await other.startTransaction();
      await other.query(`INSERT INTO users (email, display_name, password_hash) VALUES ($1, '北見 花子', 'x')`, [
        email,
      ]);
      const args = ['--organization-code', '012084', '--organization-name', '北見市'];
      const run = startCli(t, ['create-admin', '--email', email, ...args]);
      try {
        // The command's own account for the address waits for the other transaction's: then that one commits.
        while (!run.exited() && (await lockWaitersOutsidePool(t.superuserUrl, 1)) < 1);
        await other.commitTransaction();
      } finally {
        if (other.isTransactionActive) await other.rollbackTransaction();
        await other.release();
      }
      const ended = await run.ended;

      expect(ended.stderr).toContain(
        `The account ${email} or the municipality 012084 was made elsewhere at the same moment (another run, an ` +
          'invitation), and this run changed nothing: run it again to make the account an administrator.',
      );
      expect(ended.stdout).toBe('');
      expect(ended.status).toBe(1);
      expect(await t.dataSource.query(`SELECT id FROM organizations WHERE local_government_code = '012084'`)).toEqual(
        [],
      );
    },
    CLI_TIMEOUT,
  );

  it(
    'print a generated password for a new account, which signs in',
    async () => {
      const made = runCli(t, [
        'create-admin',
        '--email',
        ' ａｄｍｉｎ＠012033.example.jp',
        '--organization-code',
        '012033',
        '--organization-name',
        '小樽市',
      ]);
      expect(made.stderr).toBe('');
      const [, password] = /Generated password \(shown only now\): (\S+)/.exec(made.stdout)!;
      await signIn('admin@012033.example.jp', password).expect(200);
    },
    CLI_TIMEOUT,
  );
});
