import { Command, CommandRunner, Option } from 'nest-commander';
import { randomBytes } from 'node:crypto';
import { type User } from '../users/user.entity';
import { AdministratorBootstrap } from '../users/administrator-bootstrap';
import { emailOption, municipalityCodeOption, nonEmptyOption, refuseArguments } from './command-input';

interface CreateAdminOptions {
  email: string;
  name?: string;
  organizationCode: string;
  organizationName: string;
  password?: string;
}

@Command({
  name: 'create-admin',
  description:
    'Create an administrator (and the municipality if new). Without --password (or ADMIN_PASSWORD) a random one is ' +
    'generated and printed once; an existing account is made an administrator and keeps its own password and name.',
})
export class CreateAdminCommand extends CommandRunner {
  constructor(private readonly administrators: AdministratorBootstrap) {
    super();
  }

  async run(args: string[], options: CreateAdminOptions): Promise<void> {
    // Most likely a value with spaces left unquoted, its rest otherwise dropped without a word.
    refuseArguments('create-admin', args, () => 'quote a value with spaces, e.g. --name "企画政策課 山田 太郎"');
    const chosen = options.password ?? process.env.ADMIN_PASSWORD;
    const password = chosen ?? randomBytes(12).toString('base64url');
    let existed = false;
    // Asked in the transaction that makes the administrator, on the account locked: one made meanwhile is seen.
    const user = await this.administrators.createAdministrator(
      {
        email: options.email,
        password,
        displayName: options.name,
        organizationCode: options.organizationCode,
        organizationName: options.organizationName,
      },
      (account) => {
        existed = true;
        refuseChangesTo(account, options, chosen !== undefined);
      },
    );
    console.log(`Administrator ${user.email} can now sign in to organization ${options.organizationCode}.`);
    if (existed) console.log(`The account already existed: its password is unchanged.`);
    else if (chosen === undefined) console.log(`Generated password (shown only now): ${password}`);
  }

  @Option({ flags: '--email <email>', description: 'e-mail address used to sign in', required: true })
  parseEmail(value: string): string {
    return emailOption(value);
  }

  @Option({ flags: '--name <name>', description: 'display name' })
  parseName(value: string): string {
    return nonEmptyOption(
      '--name',
      value,
      'give the name invitations are signed with, or leave the option out for システム管理者',
    );
  }

  @Option({ flags: '--organization-code <code>', description: '地方公共団体コード, e.g. 012041', required: true })
  parseOrganizationCode(value: string): string {
    return municipalityCodeOption(value, 'give the municipality’s code, such as 012041');
  }

  @Option({
    flags: '--organization-name <name>',
    description: 'municipality name, e.g. 旭川市 (used when it does not exist yet)',
    required: true,
  })
  parseOrganizationName(value: string): string {
    return nonEmptyOption('--organization-name', value, 'give the municipality’s name, such as 旭川市');
  }

  @Option({
    flags: '--password <password>',
    description: 'initial password (prefer ADMIN_PASSWORD in the environment to keep it out of shell history)',
  })
  parsePassword(value: string): string {
    return value;
  }
}

/**
 * create-admin never changes an existing account: a chosen password would be ignored (a generated one printed but not
 * work), a chosen name silently kept. Refused instead, saying what to do.
 */
function refuseChangesTo(account: User, options: CreateAdminOptions, passwordChosen: boolean): void {
  const keep = `to make it an administrator of ${options.organizationCode}`;
  if (passwordChosen)
    throw new Error(
      `${account.email} already has an account, and create-admin never changes a password: leave out --password ` +
        `and ADMIN_PASSWORD ${keep} with the password it has. ` +
        'A forgotten password is reset by e-mail (パスワードを忘れた場合 on the sign-in page).',
    );
  if (options.name !== undefined)
    throw new Error(
      `${account.email} already has an account, named "${account.displayName}", and create-admin never changes a ` +
        `name: the name is unchanged; leave out --name ${keep} with the name it has. ` +
        'Its owner changes the name in アカウント設定.',
    );
}
