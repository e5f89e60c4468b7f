import { Command, CommandRunner, Option } from 'nest-commander';
import { PlatformOperators } from '../users/platform-operators';
import { emailOption, refuseArguments } from './command-input';

interface GrantOperatorOptions {
  email: string;
  revoke?: boolean;
}

@Command({
  name: 'grant-operator',
  description:
    'Make an existing user a platform operator (the queue dashboard of every municipality), or with --revoke no longer one. Audited.',
})
export class GrantOperatorCommand extends CommandRunner {
  constructor(private readonly operators: PlatformOperators) {
    super();
  }

  async run(args: string[], options: GrantOperatorOptions): Promise<void> {
    // `grant-operator --email x revoke` would otherwise grant the very role its operator meant to take away.
    refuseArguments('grant-operator', args, () => 'name the account with --email; to take the role away, add --revoke');
    const granted = !options.revoke;
    const outcome = await this.operators.set(options.email, granted);
    if (outcome === 'no_such_user') {
      console.error(`No user with e-mail ${options.email}.`);
      process.exitCode = 1;
      return;
    }
    const now = outcome === 'changed' ? (granted ? 'now' : 'no longer') : granted ? 'already' : 'not';
    console.log(`${options.email} is ${now} a platform operator.`);
  }

  @Option({ flags: '--email <email>', description: 'e-mail address of the user', required: true })
  parseEmail(value: string): string {
    return emailOption(value);
  }

  @Option({ flags: '--revoke', description: 'take the role away instead' })
  parseRevoke(): boolean {
    return true;
  }
}
