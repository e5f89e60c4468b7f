import { Command, CommandRunner, Option } from 'nest-commander';
import { availableParallelism } from 'node:os';
import { chainOf } from '../audit/audit-log';
import { AuditTrail } from '../audit/audit-trail';
import { OrganizationsService } from '../organizations/organizations.service';
import { chainLabels } from './chain-labels';
import { forOneMunicipality, organizationCodeOption, refuseArguments } from './command-input';
import { verifyOnThreads } from './chain-verifier-threads';

interface VerifyOptions {
  organizationCode?: string;
  threads?: number;
}

@Command({
  name: 'audit:verify',
  description:
    'Verify the audit log hash chains, each against its newest signed checkpoint; exits 1 naming the first broken ' +
    'entry, entries missing from the end, or a checkpoint file that cannot be trusted.',
})
export class AuditVerifyCommand extends CommandRunner {
  constructor(
    private readonly trail: AuditTrail,
    private readonly organizations: OrganizationsService,
  ) {
    super();
  }

  async run(args: string[], options: VerifyOptions): Promise<void> {
    refuseArguments('audit:verify', args, forOneMunicipality);
    const chains = options.organizationCode
      ? [chainOf((await this.requireOrganization(options.organizationCode)).id)]
      : await this.trail.chains();
    // Said rather than left silent: an operator could not tell an empty log from a command that did nothing.
    if (chains.length === 0) {
      console.log('No audit entries yet: nothing to verify (0 entries).');
      return;
    }
    const labels = await chainLabels(this.organizations, chains);
    let broken = false;
    await verifyOnThreads(chains, options.threads ?? availableParallelism(), (chain, result) => {
      const label = labels.get(chain)!;
      if (result.ok) {
        const reaching = result.checkpoint
          ? `, reaching the checkpoint of ${result.checkpoint.recordedAt} at ${result.checkpoint.sequence}`
          : '';
        console.log(`${label}: OK (${result.checked} entries${reaching})`);
      } else {
        broken = true;
        for (const problem of result.problems) console.log(`${label}: ${problem}`);
      }
    });
    if (broken) process.exitCode = 1;
  }

  @Option({ flags: '--organization-code <code>', description: 'only this municipality (地方公共団体コード)' })
  parseOrganizationCode(value: string): string {
    return organizationCodeOption(value);
  }

  @Option({
    flags: '--threads <count>',
    description: 'chains verified side by side, each on a core of its own (default: the cores of this machine)',
  })
  parseThreads(value: string): number {
    const threads = Number(value);
    if (!Number.isInteger(threads) || threads < 1)
      throw new Error(`--threads must be a whole number of 1 or more, not ${value}.`);
    return threads;
  }

  private async requireOrganization(code: string) {
    const organization = await this.organizations.findByCode(code);
    if (!organization) throw new Error(`No organization with code ${code}.`);
    return organization;
  }
}
