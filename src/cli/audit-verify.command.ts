import { Command, CommandRunner, Option } from 'nest-commander';
import { AuditTrail } from '../audit/audit-trail';
import { OrganizationsService } from '../organizations/organizations.service';

interface VerifyOptions {
  organizationCode?: string;
}

@Command({
  name: 'audit:verify',
  description: 'Verify the audit log hash chains; exits 1 naming the first broken entry.',
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
    let broken = false;
    for (const chain of chains) {
      const result = await this.trail.verify(chain === 'platform' ? null : chain.slice('org:'.length));
      if (result.ok) {
        console.log(`${chain}: OK (${result.checked} entries)`);
      } else {
        broken = true;
        console.log(
          `${chain}: BROKEN at entry id ${result.firstBroken!.id} (sequence ${result.firstBroken!.sequence}): ${result.firstBroken!.reason}`,
        );
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
