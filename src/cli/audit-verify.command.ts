import { Command, CommandRunner, Option } from 'nest-commander';
import { AuditTrail } from '../audit/audit-trail';
import { OrganizationsService } from '../organizations/organizations.service';
import { chainLabels } from './chain-labels';

interface VerifyOptions {
  organizationCode?: string;
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

  async run(_args: string[], options: VerifyOptions): Promise<void> {
    const chains = options.organizationCode
      ? [`org:${(await this.requireOrganization(options.organizationCode)).id}`]
      : await this.trail.chains();
    const labels = await chainLabels(this.organizations, chains);
    let broken = false;
    for (const chain of chains) {
      const result = await this.trail.verify(chain === 'platform' ? null : chain.slice('org:'.length));
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
    }
    if (broken) process.exitCode = 1;
  }

  @Option({ flags: '--organization-code <code>', description: 'only this municipality (地方公共団体コード)' })
  parseOrganizationCode(value: string): string {
    return value;
  }

  private async requireOrganization(code: string) {
    const organization = await this.organizations.findByCode(code);
    if (!organization) throw new Error(`No organization with code ${code}.`);
    return organization;
  }
}
